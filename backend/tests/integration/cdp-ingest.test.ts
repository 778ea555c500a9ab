import { describe, expect, it } from 'vitest';
import { appWithTenantAdmin } from '../support/app-with-tenant-admin';
import { login, makeUser, tenantWithAdmin } from '../support/factories';
import { anon, createSource, device, email, event, externalId, phone, sendEvents } from '../support/cdp';

const t = appWithTenantAdmin();

const profile = async (id: string) =>
  (await t.app.inject({ url: `/api/v1/cdp/profiles/${id}`, headers: t.admin.headers })).json().data;

describe('POST /api/v1/cdp/events', () => {
  it('accepts good events and rejects a bad one with a reason, in order', async () => {
    const result = await sendEvents(t.app, t.admin, [
      event([anon('a-1')]),
      { event_name: 'Bad!Name', event_time: 'yesterday', identifiers: [] },
      event([email(' Someone@Example.com ')], { event_name: 'Signed Up' }),
    ]);
    expect(result).toMatchObject({ accepted: 2, rejected: 1, duplicates: 0 });
    expect(result.results.map((r) => r.status)).toEqual(['accepted', 'rejected', 'accepted']);
    expect(result.results[1]!.error).toMatch(/event_name/);
    expect(result.results[1]!.error).toMatch(/event_time/);
    expect(result.results[1]!.error).toMatch(/identifier/);
    expect(result.results[0]!.profile_id).toBeTruthy();
    expect(result.results[0]!.emq_score).toBe(65); // other identifier 20 + properties 25 + fresh 20
  });

  it('answers 422 for an empty or oversized batch', async () => {
    const empty = await t.app.inject({ method: 'POST', url: '/api/v1/cdp/events', headers: t.admin.headers, payload: { events: [] } });
    expect(empty.statusCode).toBe(422);
    const big = Array.from({ length: 1001 }, () => event([anon('x')]));
    const tooMany = await t.app.inject({ method: 'POST', url: '/api/v1/cdp/events', headers: t.admin.headers, payload: { events: big } });
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.json().errors[0].field).toBe('events');
  });

  it('returns a repeated idempotency key as a duplicate with the original id, changing nothing', async () => {
    const first = await sendEvents(t.app, t.admin, [event([anon('dup-1')], { idempotency_key: 'order-1' })]);
    const again = await sendEvents(t.app, t.admin, [
      event([anon('dup-1')], { idempotency_key: 'order-1' }),
      event([anon('dup-1')], { idempotency_key: 'order-2' }),
      event([anon('dup-1')], { idempotency_key: 'order-2' }),
    ]);
    expect(again.results.map((r) => r.status)).toEqual(['duplicate', 'accepted', 'duplicate']);
    expect(again.results[0]!.event_id).toBe(first.results[0]!.event_id);
    expect(again.results[2]!.event_id).toBe(again.results[1]!.event_id);
    expect((await profile(first.results[0]!.profile_id!)).total_events).toBe(2);
  });

  it('answers every repeat of an already-seen key with the original event, also twice in one batch', async () => {
    const first = await sendEvents(t.app, t.admin, [event([anon('dup-3')], { idempotency_key: 'order-3' })]);
    const again = await sendEvents(t.app, t.admin, [
      event([anon('dup-3')], { idempotency_key: 'order-3' }),
      event([anon('dup-3')], { idempotency_key: 'order-3' }),
    ]);
    const { event_id, profile_id } = first.results[0]!;
    expect(again.results.map((r) => [r.status, r.event_id, r.profile_id])).toEqual(Array(2).fill(['duplicate', event_id, profile_id]));
    expect((await profile(profile_id!)).total_events).toBe(1);
  });

  it('turns an anonymous visitor into a known profile when an email arrives with their anonymous id', async () => {
    const browse = await sendEvents(t.app, t.admin, [event([anon('visitor-7')]), event([anon('visitor-7')])]);
    const anonymousId = browse.results[0]!.profile_id!;
    expect((await profile(anonymousId)).lifecycle_stage).toBe('anonymous');
    const signup = await sendEvents(t.app, t.admin, [event([anon('visitor-7'), email('visitor7@example.com')], { event_name: 'Signed Up' })]);
    expect(signup.results[0]!.profile_id).toBe(anonymousId);
    const p = await profile(anonymousId);
    expect(p).toMatchObject({ lifecycle_stage: 'known', total_events: 3 });
    expect(p.canonical_identity.type).toBe('email');
  });

  it('merges two known profiles on a bridging event, keeping the strongest identity as survivor', async () => {
    const start = Date.now() - 3_600_000;
    const at = (minutes: number) => new Date(start + minutes * 60_000).toISOString();
    const byEmail = await sendEvents(t.app, t.admin, [
      event([email('bridge@example.com'), device('laptop-1')], { event_time: at(0), traits: { city: 'Dubai', plan: 'gold' } }),
    ]);
    const byPhone = await sendEvents(t.app, t.admin, [
      event([phone('+971501110000'), device('phone-1')], { event_time: at(10), traits: { city: 'Abu Dhabi', tier: 'b' } }),
      event([phone('+971501110000')], { event_time: at(11) }),
      event([phone('+971501110000')], { event_time: at(12), event_name: 'Order Completed', properties: { total: 50 } }),
    ]);
    const bridge = await sendEvents(t.app, t.admin, [event([device('laptop-1'), device('phone-1')], { event_time: at(20) })]);
    const survivor = byEmail.results[0]!.profile_id!;
    expect(bridge.results[0]!.profile_id).toBe(survivor);
    const merged = await profile(survivor);
    expect(merged.total_events).toBe(5);
    // Counters add up; per trait, the more recently seen profile's value wins (here the merged one's city).
    expect(merged).toMatchObject({ total_purchases: 1, total_revenue: 50, total_sessions: 2, traits: { city: 'Abu Dhabi', plan: 'gold', tier: 'b' } });
    expect([merged.first_seen_at, merged.last_seen_at].map((d: string) => new Date(d).toISOString())).toEqual([at(0), at(20)]);
    expect(merged.identifiers.map((i: { type: string }) => i.type).sort()).toEqual(['device_id', 'device_id', 'email', 'phone']);
    // The merged-away profile's id now leads to the survivor.
    expect((await profile(byPhone.results[0]!.profile_id!)).id).toBe(survivor);
  });

  it('records a conflict instead of merging two people with different external ids', async () => {
    const alice = await sendEvents(t.app, t.admin, [event([externalId('user-alice'), device('shared-tablet-x')])]);
    const bob = await sendEvents(t.app, t.admin, [event([externalId('user-bob')])]);
    const clash = await sendEvents(t.app, t.admin, [event([externalId('user-bob'), device('shared-tablet-x')])]);
    expect(clash.results[0]!.status).toBe('accepted');
    expect(clash.results[0]!.error).toMatch(/identity conflict/);
    expect(alice.results[0]!.profile_id).not.toBe(bob.results[0]!.profile_id);
    expect((await profile(alice.results[0]!.profile_id!)).identifiers).toHaveLength(2);
    expect((await profile(bob.results[0]!.profile_id!)).identifiers).toHaveLength(1);
  });

  it('keeps the newest value of a trait when an older event arrives late, and adds the traits it lacked', async () => {
    const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
    const r = await sendEvents(t.app, t.admin, [event([email('late-traits@example.com')], { traits: { plan: 'pro' }, event_time: ago(60_000) })]);
    await sendEvents(t.app, t.admin, [event([email('late-traits@example.com')], { traits: { plan: 'free', city: 'Dubai' }, event_time: ago(7_200_000) })]);
    expect((await profile(r.results[0]!.profile_id!)).traits).toEqual({ plan: 'pro', city: 'Dubai' });
    await sendEvents(t.app, t.admin, [event([email('late-traits@example.com')], { traits: { plan: 'team' }, event_time: ago(1_000) })]);
    expect((await profile(r.results[0]!.profile_id!)).traits).toEqual({ plan: 'team', city: 'Dubai' });
  });

  it('counts purchases and revenue and makes the profile a customer', async () => {
    const r = await sendEvents(t.app, t.admin, [
      event([email('buyer@example.com')], { event_name: 'Order Completed', properties: { total: 120.5, currency: 'usd' } }),
      event([email('buyer@example.com')], { event_name: 'Purchase', properties: { revenue: '79.50' } }),
    ]);
    expect(await profile(r.results[0]!.profile_id!)).toMatchObject({ lifecycle_stage: 'customer', total_purchases: 2, total_revenue: 200 });
  });

  it('normalises phones with the tenant region before matching', async () => {
    const a = await sendEvents(t.app, t.admin, [event([phone('971509998877')])]);
    const b = await sendEvents(t.app, t.admin, [event([phone('+971 50 999 8877')])]);
    expect(b.results[0]!.profile_id).toBe(a.results[0]!.profile_id);
  });

  it("reads a phone without its country code in the tenant's region, even when it would also fit another country", async () => {
    // 678 912 9143 is an Atlanta number; with a `+` in front it would also be a valid Panama number (+678).
    const us = await tenantWithAdmin(t.app, t.db.db, { settings: { default_phone_region: 'US' } });
    const a = await sendEvents(t.app, us.session, [event([phone('(678) 912-9143')])]);
    const b = await sendEvents(t.app, us.session, [event([phone('+1 678 912 9143')])]);
    expect(b.results[0]!.profile_id).toBe(a.results[0]!.profile_id);
    const found = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cdp/profiles/lookup',
      headers: us.session.headers,
      payload: { identifier_type: 'phone', identifier_value: '6789129143' },
    });
    expect(found.json().data.identifiers.map((i: { value: string }) => i.value)).toEqual(['+16789129143']);
  });

  it('rejects events whose only identifiers are junk', async () => {
    const r = await sendEvents(t.app, t.admin, [event([anon('undefined'), email('null')])]);
    expect(r.results[0]).toMatchObject({ status: 'rejected', error: expect.stringMatching(/no usable identifier/), error_code: 'no_identifier' });
  });

  it('is closed to viewers and to a key of another tenant', async () => {
    const viewer = await makeUser(t.db.db, { tenantId: t.tenantId, role: 'viewer' });
    const viewerSession = await login(t.app, viewer.email);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/cdp/events', headers: viewerSession.headers, payload: { events: [event([anon('v')])] } });
    expect(res.statusCode).toBe(403);
    const other = await tenantWithAdmin(t.app, t.db.db);
    const foreignSource = await createSource(t.app, other.session);
    const crossed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cdp/events',
      headers: { ...t.admin.headers, 'x-source-key': foreignSource.source_key },
      payload: { events: [event([anon('v')])] },
    });
    expect(crossed.statusCode).toBe(403);
  });
});

describe('POST /api/v1/cdp/ingest (source key)', () => {
  it('ingests with a key alone and counts events on the source', async () => {
    const source = await createSource(t.app, t.admin, 'Server', 'server');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cdp/ingest',
      headers: { 'x-source-key': source.source_key },
      payload: { events: [event([anon('srv-1')]), event([anon('srv-2')])] },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().data.accepted).toBe(2);
    const after = await t.app.inject({ url: `/api/v1/cdp/sources/${source.id}`, headers: t.admin.headers });
    expect(after.json().data).toMatchObject({ event_count: 2, last_event_at: expect.any(String) });
  });

  it('answers 401 for a missing, unknown or inactive key, before looking at the body', async () => {
    const source = await createSource(t.app, t.admin, 'Old', 'server');
    await t.app.inject({ method: 'PATCH', url: `/api/v1/cdp/sources/${source.id}`, headers: t.admin.headers, payload: { is_active: false } });
    for (const key of [undefined, 'cdp_unknown', source.source_key]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/cdp/ingest',
        headers: key ? { 'x-source-key': key } : {},
        payload: { not: 'even valid' },
      });
      expect(res.statusCode).toBe(401);
    }
  });
});

describe('event times', () => {
  it('refuses, one by one, times before 1970 or more than a day ahead, and keeps an hour of clock drift', async () => {
    const hours = (n: number) => new Date(Date.now() + n * 3_600_000).toISOString();
    const result = await sendEvents(t.app, t.admin, [
      event([anon('time-a')], { event_time: '0000-01-01T00:00:00Z' }),
      event([anon('time-b')], { event_time: '1969-12-31T23:59:59Z' }),
      event([anon('time-c')], { event_time: hours(25) }),
      event([anon('time-d')], { event_time: hours(1) }),
      event([anon('time-e')], { event_time: '1970-01-01T00:00:00Z' }),
    ]);
    expect(result.results.map((r) => [r.status, r.error, r.error_code])).toEqual([
      ['rejected', 'event_time: before 1970', 'invalid_time'],
      ['rejected', 'event_time: before 1970', 'invalid_time'],
      ['rejected', 'event_time: more than 24 hours after it was received', 'invalid_time'],
      ['accepted', null, null],
      ['accepted', null, null],
    ]);
  });
});
