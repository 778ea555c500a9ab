import { sql } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { createSource } from '../support/cdp';
import { login, makeUser, tenantWithAdmin } from '../support/factories';
import { basicAuth as basic, trackingApp } from '../support/tracking';
import { queryRows } from '../../src/db/client';

// Behind the tracking API: the tenant quota, the queue and its drainers, and requests the database refuses.
const { t, source, post, lookup } = trackingApp();

describe('collection fast path', () => {
  it('keeps the tenant quota (429 + Retry-After), taking it from the database in leases', async () => {
    const { queryRows } = await import('../../src/db/client');
    const { sql, eq } = await import('drizzle-orm');
    const { tenants } = await import('../../src/models');
    const { forgetCdpSettings } = await import('../../src/services/cdp/tenant-cdp-settings');
    const { tenant, session: admin } = await tenantWithAdmin(t.app, t.db.db);
    const writeKey = (await createSource(t.app, admin, 'Quota', 'server')).source_key;
    const setQuota = async (perMinute: number) => {
      await t.db.db.update(tenants).set({ settings: { cdp: { ingest_events_per_minute: perMinute } } }).where(eq(tenants.id, tenant.id));
      forgetCdpSettings(tenant.id);
    };
    const send = (n: number) =>
      post('/v1/batch', { batch: Array.from({ length: n }, (_, i) => ({ type: 'track', anonymousId: `quota-${i}`, event: 'E' })) }, { authorization: basic(writeKey) });
    const reserved = async () =>
      (await queryRows<{ n: number }>(t.db.db, sql`select coalesce(sum(events), 0)::int as n from cdp_rate_windows where tenant_id = ${tenant.id}`))[0]!.n;
    // The quota is per minute: start well inside one.
    if (Date.now() % 60_000 > 55_000) await new Promise((r) => setTimeout(r, 60_500 - (Date.now() % 60_000)));

    await setQuota(5);
    expect((await send(2)).statusCode).toBe(200);
    expect((await send(2)).statusCode).toBe(200);
    const refused = await send(2);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // What is left (one event) is still granted exactly.
    expect((await send(1)).statusCode).toBe(200);
    expect(await reserved()).toBe(5);

    // With room to spare, a process reserves 1% of the minute at once and spends it without asking again.
    await setQuota(1_000_000);
    expect((await send(1)).statusCode).toBe(200);
    expect(await reserved()).toBe(5 + 10_000);
    for (let i = 0; i < 5; i++) expect((await send(3)).statusCode).toBe(200);
    expect(await reserved()).toBe(5 + 10_000);

    // A clock whose millisecond ticks between two readings (as a busy machine's does) takes one lease per minute
    // still: here the middle of the next minute, read as :30.000 or :30.001.
    const now = Date.now();
    const nextMinute = now - (now % 60_000) + 90_000;
    let readings = 0;
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => nextMinute + (readings++ % 3 === 0 ? 0 : 1));
    try {
      for (let i = 0; i < 5; i++) expect((await send(3)).statusCode).toBe(200);
    } finally {
      clock.mockRestore();
    }
    expect(await reserved()).toBe(5 + 10_000 + 10_000);
  });

  it('acknowledges once the events are durably queued, and drains them exactly once, in order, across drainers', async () => {
    const { drainChunk, enqueueRawEvents } = await import('../../src/services/cdp/ingest/raw-event-queue');
    const { queryRows } = await import('../../src/db/client');
    const { sql } = await import('drizzle-orm');
    const { tenant, session: queueSession } = await tenantWithAdmin(t.app, t.db.db);
    const tenantSession = async () => queueSession;
    // The first and the last event both claim the shared device for a different external id; only the order of
    // processing decides who gets it (the later one is a merge-protection conflict).
    const events = Array.from({ length: 2500 }, (_, i) => ({
      event_name: 'Page Viewed',
      event_time: new Date(Date.now() - 60_000 + i).toISOString(),
      identifiers:
        i === 0 ? [{ type: 'external_id', value: 'first-user' }, { type: 'device_id', value: 'shared-device' }]
        : i === 2499 ? [{ type: 'external_id', value: 'last-user' }, { type: 'device_id', value: 'shared-device' }]
        : [{ type: 'anonymous_id', value: `queue-${i % 50}` }],
      properties: { i },
      context: {},
    }));
    // Queued as 25 requests of 100, so the drainers below split them into chunks.
    for (let i = 0; i < events.length; i += 100) {
      const slice = events.slice(i, i + 100);
      await enqueueRawEvents(t.db.db, { tenantId: tenant.id, sourceId: null }, { format: 'cdp', payload: JSON.stringify(slice), messageCount: slice.length }, 168);
    }
    const queued = async () => (await queryRows<{ n: number }>(t.db.db, sql`select coalesce(sum(message_count), 0)::int as n from cdp_raw_events where tenant_id = ${tenant.id}`))[0]!.n;
    expect(await queued()).toBe(2500);
    // Three drainers race; the tenant lock makes them take turns.
    const taken = await Promise.all([0, 1, 2].map(async () => {
      let n = 0;
      for (let got = 1; got > 0; ) n += got = await drainChunk(t.db.db, t.config, tenant.id);
      return n;
    }));
    expect(taken.reduce((a, b) => a + b, 0)).toBe(2500);
    expect(await queued()).toBe(0);
    const [counts] = await queryRows<{ events: number; profiles: number }>(
      t.db.db,
      sql`select (select count(*) from cdp_events where tenant_id = ${tenant.id})::int as events,
                 (select count(*) from cdp_profiles where tenant_id = ${tenant.id} and merged_into_id is null)::int as profiles`,
    );
    expect(counts).toEqual({ events: 2500, profiles: 52 });
    const owner = async (type: string, value: string) => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/cdp/profiles/lookup', headers: (await tenantSession()).headers, payload: { identifier_type: type, identifier_value: value } });
      return res.json().data.id as string;
    };
    expect(await owner('device_id', 'shared-device')).toBe(await owner('external_id', 'first-user'));
    expect(await owner('external_id', 'last-user')).not.toBe(await owner('external_id', 'first-user'));
  });
});

describe('times from untrusted clocks', () => {
  it('leaves out events before 1970 or a day ahead with a reason, before queueing, and keeps the rest', async () => {
    // Year 0 fits a JavaScript date but not PostgreSQL: it used to fail the drain's transaction, again and again;
    // then the drain dropped such events after the client was told they were stored.
    const accepted = await post('/v1/batch', {
      batch: [
        { type: 'track', anonymousId: 'time-1', event: 'Year Zero', timestamp: '0000-01-01T00:00:00Z' },
        { type: 'track', anonymousId: 'time-2', event: 'Far Future', timestamp: '9999-12-31T00:00:00Z' },
        { type: 'track', anonymousId: 'time-3', event: 'Skewed', timestamp: '2026-03-01T10:00:00Z' },
      ],
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().rejected.map((r: { field: string }) => r.field)).toEqual(['batch.0', 'batch.1']);
    await post('/v1/track', { anonymousId: 'time-4', event: 'Afterwards' });
    expect(await lookup('anonymous_id', 'time-4')).not.toBeNull();
    const skewed = await lookup('anonymous_id', 'time-3');
    const events = (await t.app.inject({ url: `/api/v1/cdp/profiles/${skewed.id}/events`, headers: t.admin.headers })).json().data.items;
    expect(events[0].event_time).toBe('2026-03-01T10:00:00.000Z');
    expect(await lookup('anonymous_id', 'time-1')).toBeNull();
    const rejected = await queryRows<{ event_name: string; reason: string }>(
      t.db.db,
      sql`select event_name, reason from cdp_rejected_events where event_name in ('Year Zero', 'Far Future') order by event_name`,
    );
    expect(rejected).toEqual([
      { event_name: 'Far Future', reason: expect.stringMatching(/^timestamp: more than 24 hours after it was received/) },
      { event_name: 'Year Zero', reason: expect.stringMatching(/^timestamp: before 1970/) },
    ]);
  });
});

describe('a queued request the database refuses', () => {
  // A data-dependent failure no validation foresaw, made real by a trigger: the database refuses some events.
  const refuseEvents = async (when: string) => {
    await t.db.db.execute(sql`create or replace function test_refuse_event() returns trigger language plpgsql as $$
                                begin raise exception using errcode = '22023', message = 'refused by the test'; end $$`);
    await allowEvents();
    await t.db.db.execute(sql.raw(`create trigger test_refuse_event before insert on cdp_events for each row when (${when}) execute function test_refuse_event()`));
  };
  const allowEvents = () => t.db.db.execute(sql`drop trigger if exists test_refuse_event on cdp_events`);

  it('is set aside with its reason while the requests around it go through, and is purged after 7 days', async () => {
    const { drainChunk, enqueueRawEvents } = await import('../../src/services/cdp/ingest/raw-event-queue');
    const { purgeExpiredRows } = await import('../../src/workers/jobs/purge-expired');
    const { tenant } = await tenantWithAdmin(t.app, t.db.db);
    const enqueue = (name: string, anonymousId: string) =>
      enqueueRawEvents(t.db.db, { tenantId: tenant.id, sourceId: null }, {
        format: 'cdp',
        payload: JSON.stringify([{ event_name: name, event_time: new Date().toISOString(), identifiers: [{ type: 'anonymous_id', value: anonymousId }] }]),
        messageCount: 1,
      }, 168);
    await refuseEvents(`new.event_name = 'Poison'`);
    try {
      await enqueue('Before', 'aside-1');
      await enqueue('Poison', 'aside-2');
      await enqueue('After', 'aside-3');
      // A payload damaged outside the API: refused as unreadable, not a stop for the queue either.
      await t.db.db.execute(sql`insert into cdp_raw_events (id, tenant_id, received_at, format, payload, message_count, dedupe_window_hours)
                                values (${crypto.randomUUID()}, ${tenant.id}, now(), 'cdp', 'not json', 1, 168)`);
      let drained = 0;
      for (let got = 1; got > 0; ) drained += got = await drainChunk(t.db.db, t.config, tenant.id);
      expect(drained).toBe(3); // Before, After and the unreadable request's entry
    } finally {
      await allowEvents();
    }
    const stored = await queryRows<{ event_name: string }>(t.db.db, sql`select event_name from cdp_events where tenant_id = ${tenant.id} order by event_name`);
    expect(stored.map((e) => e.event_name)).toEqual(['After', 'Before']);
    const queued = await queryRows<{ failure: string | null; set_aside: boolean }>(
      t.db.db,
      sql`select failure, failed_at is not null as set_aside from cdp_raw_events where tenant_id = ${tenant.id}`,
    );
    expect(queued).toEqual([{ failure: 'SQLSTATE 22023', set_aside: true }]);
    const notes = await queryRows<{ event_name: string | null; reason: string }>(
      t.db.db,
      sql`select event_name, reason from cdp_rejected_events where tenant_id = ${tenant.id} order by event_name nulls last`,
    );
    expect(notes).toEqual([
      { event_name: 'Poison', reason: 'could not be stored (SQLSTATE 22023); the request is kept aside for 7 days' },
      { event_name: null, reason: 'the queued request could not be read (SyntaxError)' },
    ]);
    // The set-aside request no longer holds the tenant's queue: a new one drains at once.
    await enqueue('Later', 'aside-4');
    expect(await drainChunk(t.db.db, t.config, tenant.id)).toBe(1);
    expect((await purgeExpiredRows(t.db.db, new Date(Date.now() + 8 * 86_400_000))).setAside).toBe(1);
  });

  it('is listed on its source, and an admin retries it once the cause is fixed, or discards it; both audited', async () => {
    const setAside = `/api/v1/cdp/sources/${source.id}/set-aside`;
    const list = async (headers = t.admin.headers) => (await t.app.inject({ url: setAside, headers })).json().data;
    await refuseEvents(`new.event_name in ('Poison Retried', 'Poison Discarded')`);
    try {
      // A good request between them: should the drain take all three in one chunk, only two fail (a chunk whose
      // every request fails is taken for a fault outside the data and stays queued).
      for (const [anonymousId, event] of [['retried-1', 'Poison Retried'], ['fine-1', 'Fine'], ['discarded-1', 'Poison Discarded']]) {
        expect((await post('/v1/track', { anonymousId, event })).statusCode).toBe(200);
      }
      await t.app.eventQueue.whenIdle();
    } finally {
      await allowEvents();
    }
    expect(await lookup('anonymous_id', 'retried-1')).toBeNull();
    const { items, total } = await list();
    expect(total).toBe(2);
    for (const item of items) {
      expect(item).toMatchObject({ failure: 'SQLSTATE 22023', message_count: 1 });
      expect(Date.parse(item.expires_at) - Date.parse(item.failed_at)).toBe(7 * 86_400_000);
      expect(item).not.toHaveProperty('payload');
    }
    const [discarded, retried] = items as { id: string }[]; // newest first: the second request failed last

    // A viewer sees them but may not act; another tenant does not see the source at all.
    const viewer = await makeUser(t.db.db, { tenantId: t.tenantId, role: 'viewer' });
    const viewerHeaders = (await login(t.app, viewer.email)).headers;
    expect((await list(viewerHeaders)).total).toBe(2);
    expect((await t.app.inject({ method: 'POST', url: `${setAside}/${retried!.id}/retry`, headers: viewerHeaders })).statusCode).toBe(403);
    const other = await tenantWithAdmin(t.app, t.db.db);
    expect((await t.app.inject({ url: setAside, headers: other.session.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: `${setAside}/${retried!.id}/retry`, headers: other.session.headers })).statusCode).toBe(404);

    const retry = await t.app.inject({ method: 'POST', url: `${setAside}/${retried!.id}/retry`, headers: t.admin.headers });
    expect(retry.statusCode).toBe(200);
    expect(await lookup('anonymous_id', 'retried-1')).toMatchObject({ total_events: 1 });
    expect((await t.app.inject({ method: 'POST', url: `${setAside}/${retried!.id}/retry`, headers: t.admin.headers })).statusCode).toBe(404);

    expect((await t.app.inject({ method: 'DELETE', url: `${setAside}/${discarded!.id}`, headers: t.admin.headers })).statusCode).toBe(200);
    await t.app.eventQueue.whenIdle();
    expect(await lookup('anonymous_id', 'discarded-1')).toBeNull();
    expect(await list()).toEqual({ items: [], total: 0 });
    const audited = await queryRows<{ action: string; resource_id: string }>(
      t.db.db,
      sql`select action, resource_id from audit_logs where action like 'cdp.collection.%' and tenant_id = ${t.tenantId} order by action`,
    );
    expect(audited).toEqual([
      { action: 'cdp.collection.discard', resource_id: discarded!.id },
      { action: 'cdp.collection.retry', resource_id: retried!.id },
    ]);
  });

  it('sets aside only the oldest when every request fails alike (the fault may not be in the data), so the queue moves on', async () => {
    const { drainChunk, enqueueRawEvents } = await import('../../src/services/cdp/ingest/raw-event-queue');
    const { tenant } = await tenantWithAdmin(t.app, t.db.db);
    for (const anonymousId of ['alike-1', 'alike-2', 'alike-3']) {
      await enqueueRawEvents(t.db.db, { tenantId: tenant.id, sourceId: null }, {
        format: 'cdp',
        payload: JSON.stringify([{ event_name: 'Page Viewed', event_time: new Date().toISOString(), identifiers: [{ type: 'anonymous_id', value: anonymousId }] }]),
        messageCount: 1,
      }, 168);
    }
    const state = async () =>
      (await queryRows<{ set_aside: number; queued: number }>(
        t.db.db,
        sql`select count(*) filter (where failed_at is not null)::int as set_aside, count(*) filter (where failed_at is null)::int as queued
            from cdp_raw_events where tenant_id = ${tenant.id}`,
      ))[0];
    await refuseEvents('true');
    try {
      await expect(drainChunk(t.db.db, t.config, tenant.id)).rejects.toThrow();
      expect(await state()).toEqual({ set_aside: 1, queued: 2 });
    } finally {
      await allowEvents();
    }
    expect(await drainChunk(t.db.db, t.config, tenant.id)).toBe(2);
  });

  it('is set aside and noted once when two drainers meet it', async () => {
    const { commitChunk, enqueueRawEvents, readChunk } = await import('../../src/services/cdp/ingest/raw-event-queue');
    const { tenant } = await tenantWithAdmin(t.app, t.db.db);
    const event = { event_name: 'Page Viewed', event_time: new Date().toISOString(), identifiers: [{ type: 'anonymous_id', value: 'met-twice' }] };
    await enqueueRawEvents(t.db.db, { tenantId: tenant.id, sourceId: null }, { format: 'cdp', payload: JSON.stringify([event, event]), messageCount: 2 }, 168);
    const [first, second] = [await readChunk(t.db.db, t.config, tenant.id), await readChunk(t.db.db, t.config, tenant.id)];
    await refuseEvents('true');
    try {
      await commitChunk(t.db.db, t.config, first);
      await commitChunk(t.db.db, t.config, second);
    } finally {
      await allowEvents();
    }
    const notes = await queryRows<{ n: number }>(t.db.db, sql`select count(*)::int as n from cdp_rejected_events where tenant_id = ${tenant.id} and reason_code = 'not_stored'`);
    expect(notes[0]!.n).toBe(2);
  });
});
