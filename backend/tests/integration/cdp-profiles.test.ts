import { beforeAll, describe, expect, it, vi } from 'vitest';
import { inArray, sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client';
import { inScope, tenantScope } from '../../src/db/scope';
import { cdpProfiles } from '../../src/models';
import { lockTenantIdentity } from '../../src/services/cdp/identity/identity-sql';
import { mergeProfiles } from '../../src/services/cdp/identity/merge-profiles';
import { appWithTenantAdmin } from '../support/app-with-tenant-admin';
import { login, makeUser, type Session } from '../support/factories';
import { anon, device, email, event, externalId, phone, sendEvents } from '../support/cdp';

const t = appWithTenantAdmin();
let analyst: Session;
beforeAll(async () => {
  analyst = await login(t.app, (await makeUser(t.db.db, { tenantId: t.tenantId, role: 'analyst' })).email);
});

const get = (url: string, session = t.admin) => t.app.inject({ url, headers: session.headers });
const send = (method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, session = t.admin) =>
  t.app.inject({ method, url, payload, headers: session.headers });

describe('profiles', () => {
  it('shows identifiers in clear to PII readers and masked to others', async () => {
    const r = await sendEvents(t.app, t.admin, [event([email('Mask.Me@Example.com'), phone('+971501234567')])]);
    const id = r.results[0]!.profile_id!;
    const clear = (await get(`/api/v1/cdp/profiles/${id}`)).json().data;
    expect(clear.identifiers.map((i: { value: string }) => i.value).sort()).toEqual(['+971501234567', 'mask.me@example.com']);
    const masked = (await get(`/api/v1/cdp/profiles/${id}`, analyst)).json().data;
    expect(masked.identifiers.map((i: { value: string }) => i.value).sort()).toEqual(['+97150*****67', 'm***@example.com']);
    expect(masked.identifiers.every((i: { masked: boolean }) => i.masked)).toBe(true);
    expect(JSON.stringify(masked)).not.toContain('mask.me');
  });

  it('masks the external id for callers who may not read PII, as it is masked among the identifiers', async () => {
    const r = await sendEvents(t.app, t.admin, [event([externalId('crm-customer-0042')])]);
    const id = r.results[0]!.profile_id!;
    expect((await get(`/api/v1/cdp/profiles/${id}`)).json().data.external_id).toBe('crm-customer-0042');
    for (const url of [`/api/v1/cdp/profiles/${id}`, `/api/v1/cdp/profiles/${id}/export`]) {
      const body = (await get(url, analyst)).json().data;
      const shown = 'profile' in body ? body.profile : body;
      expect(shown.external_id).toBe('cr***42');
      expect(JSON.stringify(body)).not.toContain('customer-0042');
    }
  });

  it('looks a profile up by identifier in a POST body (404 when none)', async () => {
    const r = await sendEvents(t.app, t.admin, [event([email('lookup@example.com')])]);
    const found = await send('POST', '/api/v1/cdp/profiles/lookup', { identifier_type: 'email', identifier_value: ' LOOKUP@example.com' });
    expect(found.statusCode).toBe(200);
    expect(found.json().data.id).toBe(r.results[0]!.profile_id);
    const none = await send('POST', '/api/v1/cdp/profiles/lookup', { identifier_type: 'email', identifier_value: 'nobody@example.com' });
    expect(none.statusCode).toBe(404);
  });

  it('lists with search, lifecycle filter and pagination', async () => {
    await sendEvents(t.app, t.admin, [
      event([email('list-a@example.com')], { traits: { plan: 'gold-list' } }),
      event([anon('list-anon-1')]),
      event([email('list-b@example.com')], { event_name: 'Purchase', properties: { total: 10 } }),
    ]);
    const byEmail = (await get('/api/v1/cdp/profiles?q=list-a@example.com')).json().data;
    expect(byEmail.total).toBe(1);
    const byTrait = (await get('/api/v1/cdp/profiles?q=gold-list')).json().data;
    expect(byTrait.total).toBe(1);
    const customers = (await get('/api/v1/cdp/profiles?lifecycle_stage=customer&page_size=100')).json().data;
    expect(customers.items.every((p: { lifecycle_stage: string }) => p.lifecycle_stage === 'customer')).toBe(true);
    expect(customers.total).toBeGreaterThanOrEqual(1);
    const page = (await get('/api/v1/cdp/profiles?page_size=2&page=1')).json().data;
    expect(page.items).toHaveLength(2);
    expect((await get('/api/v1/cdp/profiles?page_size=101')).statusCode).toBe(422);
  });

  it('finds an external id by substring only for PII readers; others need the exact id', async () => {
    await sendEvents(t.app, t.admin, [event([externalId('crm-substring-4711')])]);
    expect((await get('/api/v1/cdp/profiles?q=substring-47')).json().data.total).toBe(1);
    expect((await get('/api/v1/cdp/profiles?q=substring-47', analyst)).json().data.total).toBe(0);
    expect((await get('/api/v1/cdp/profiles?q=crm-substring-4711', analyst)).json().data.total).toBe(1);
  });

  it('searches trait values, not trait names', async () => {
    await sendEvents(t.app, t.admin, [event([anon('search-trait-1')], { traits: { favourite_colour: 'teal-search', visits: 12 } })]);
    const total = async (q: string) => (await get(`/api/v1/cdp/profiles?q=${encodeURIComponent(q)}`)).json().data.total;
    expect(await total('TEAL-search')).toBe(1);
    expect(await total('favourite_colour')).toBe(0);
    expect(await total('{"')).toBe(0);
    // Not across two values, though the index holds them side by side.
    expect(await total('search12')).toBe(0);
    // Too short for a trigram: read as they are, still found.
    expect(await total('12')).toBeGreaterThanOrEqual(1);
  });

  it('searches through trigram indexes, not by reading every profile', async () => {
    const plan = await t.db.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const rows = await queryRows<{ 'QUERY PLAN': string }>(
        tx,
        sql`explain select id from cdp_profiles where cdp_trait_values(profile_data) ilike ${'%teal-search%'} or external_id ilike ${'%crm-sub%'}`,
      );
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('cdp_profiles_trait_search_idx');
    expect(plan).toContain('cdp_profiles_external_id_search_idx');
  });

  it('lists the most recently seen first, within an hour and across hours, and follows new events', async () => {
    const seenAt = (who: string, at: string) => event([anon(`order-${who}`)], { event_time: at, traits: { cohort: 'seen-order' } });
    // b's profile is created first, so its id sorts below a's: only the time can put it first.
    const r = await sendEvents(t.app, t.admin, [
      seenAt('b', '2026-03-01T10:45:00Z'),
      seenAt('a', '2026-03-01T10:05:00Z'),
      seenAt('c', '2026-03-01T09:59:00Z'),
    ]);
    const [b, a, c] = r.results.map((x) => x.profile_id);
    const order = async () => (await get('/api/v1/cdp/profiles?q=seen-order')).json().data.items.map((p: { id: string }) => p.id);
    expect(await order()).toEqual([b, a, c]);
    await sendEvents(t.app, t.admin, [seenAt('c', '2026-03-01T11:00:00Z')]);
    expect(await order()).toEqual([c, b, a]);
  });

  it("moves an identifier's last-seen time forward to the hour, not for every event", async () => {
    const seen = (at: string) => event([email('seen-hour@example.com')], { event_time: at });
    const r = await sendEvents(t.app, t.admin, [seen('2026-03-02T10:00:00Z')]);
    const lastSeen = async () => (await get(`/api/v1/cdp/profiles/${r.results[0]!.profile_id}`)).json().data.identifiers[0].last_seen_at;
    await sendEvents(t.app, t.admin, [seen('2026-03-02T10:40:00Z')]);
    expect(new Date(await lastSeen()).toISOString()).toBe('2026-03-02T10:00:00.000Z');
    await sendEvents(t.app, t.admin, [seen('2026-03-02T12:30:00Z'), seen('2026-03-02T11:15:00Z')]);
    expect(new Date(await lastSeen()).toISOString()).toBe('2026-03-02T12:30:00.000Z');
  });

  it('gives the event timeline newest first', async () => {
    const r = await sendEvents(t.app, t.admin, [
      event([anon('timeline-1')], { event_name: 'First', event_time: '2026-01-01T10:00:00Z' }),
      event([anon('timeline-1')], { event_name: 'Second', event_time: '2026-01-02T10:00:00Z' }),
    ]);
    const res = await get(`/api/v1/cdp/profiles/${r.results[0]!.profile_id}/events`);
    expect(res.json().data.items.map((e: { event_name: string }) => e.event_name)).toEqual(['Second', 'First']);
    expect(res.json().data.items[0].identifier_types).toEqual(['anonymous_id']);
  });

  it('draws the identity graph with the event that links identifiers', async () => {
    const r = await sendEvents(t.app, t.admin, [event([anon('graph-a'), email('graph@example.com'), device('graph-d')])]);
    const graph = (await get(`/api/v1/cdp/profiles/${r.results[0]!.profile_id}/identity-graph`)).json().data;
    expect(graph.nodes).toHaveLength(3);
    expect(graph.edges).toHaveLength(2);
    expect(graph.edges[0]).toMatchObject({ link_type: 'event', evidence_event_id: r.results[0]!.event_id, occurrences: 1 });
  });
});

describe('merges', () => {
  it('records who merged into whom, and undo gives each profile back its own identifiers, events and consents', async () => {
    const a = await sendEvents(t.app, t.admin, [event([email('undo-a@example.com'), device('undo-da')], { traits: { city: 'Dubai' }, consent: { ads: true } })]);
    const b = await sendEvents(t.app, t.admin, [
      event([phone('+971507770000'), device('undo-db')], { traits: { city: 'Abu Dhabi', tier: 'b' } }),
      event([device('undo-db')], { event_name: 'Purchase', properties: { total: 50 } }),
    ]);
    const aId = a.results[0]!.profile_id!;
    const bId = b.results[0]!.profile_id!;
    const bridge = await sendEvents(t.app, t.admin, [event([device('undo-da'), device('undo-db')])]);
    expect(bridge.results[0]!.profile_id).toBe(aId);
    // After the merge, an event of b's alone lands on the survivor; undone, it goes with b's phone.
    const later = await sendEvents(t.app, t.admin, [event([phone('+971507770000')], { consent: { sms: true } })]);
    expect(later.results[0]!.profile_id).toBe(aId);
    const merged = (await get(`/api/v1/cdp/profiles/${aId}`)).json().data;
    expect(merged).toMatchObject({ total_events: 5, total_purchases: 1, total_revenue: 50 });
    expect(merged.identifiers).toHaveLength(4);
    const [record] = (await get(`/api/v1/cdp/profiles/${aId}/merge-history`)).json().data;
    expect(record).toMatchObject({ survivor_id: aId, merged_id: bId, reason: 'identifier', evidence_event_id: bridge.results[0]!.event_id });

    const undo = await send('POST', `/api/v1/cdp/merges/${record.id}/undo`);
    expect(undo.statusCode).toBe(200);
    expect(undo.json().data.undone_at).toBeTruthy();
    const restoredA = (await get(`/api/v1/cdp/profiles/${aId}`)).json().data;
    const restoredB = (await get(`/api/v1/cdp/profiles/${bId}`)).json().data;
    expect(restoredA.identifiers.map((i: { type: string }) => i.type).sort()).toEqual(['device_id', 'email']);
    expect(restoredB.identifiers.map((i: { type: string }) => i.type).sort()).toEqual(['device_id', 'phone']);
    // The bridging event landed on A after the merge and stays there.
    expect(restoredA).toMatchObject({ total_events: 2, total_purchases: 0, traits: { city: 'Dubai' } });
    expect(restoredB).toMatchObject({ total_events: 3, total_purchases: 1, total_revenue: 50, traits: { city: 'Abu Dhabi', tier: 'b' } });
    expect(restoredA.consents.map((c: { consent_type: string }) => c.consent_type)).toEqual(['ads']);
    expect(restoredB.consents.map((c: { consent_type: string }) => c.consent_type)).toEqual(['sms']);
    expect((await send('POST', `/api/v1/cdp/merges/${record.id}/undo`)).statusCode).toBe(409);
  });

  it('undo keeps what the survivor learnt after the merge: later traits, and what a later merge brought', async () => {
    const a = (await sendEvents(t.app, t.admin, [event([externalId('keep-ext'), device('keep-da')], { traits: { city: 'Dubai', tier: 'a' } })])).results[0]!.profile_id!;
    const b = (await sendEvents(t.app, t.admin, [event([anon('keep-b')], { traits: { tier: 'b', colour: 'red' } })])).results[0]!.profile_id!;
    expect((await sendEvents(t.app, t.admin, [event([device('keep-da'), anon('keep-b')])])).results[0]!.profile_id).toBe(a);
    await sendEvents(t.app, t.admin, [event([email('keep-c@example.com'), anon('keep-c')], { traits: { plan: 'gold' } })]);
    expect((await sendEvents(t.app, t.admin, [event([device('keep-da'), anon('keep-c')])])).results[0]!.profile_id).toBe(a);
    await sendEvents(t.app, t.admin, [event([externalId('keep-ext')], { traits: { lang: 'ar' } })]);
    expect((await get(`/api/v1/cdp/profiles/${a}`)).json().data.traits).toEqual({ city: 'Dubai', tier: 'b', colour: 'red', plan: 'gold', lang: 'ar' });

    const history = (await get(`/api/v1/cdp/profiles/${a}/merge-history`)).json().data;
    const withB = history.find((m: { merged_id: string }) => m.merged_id === b);
    expect((await send('POST', `/api/v1/cdp/merges/${withB.id}/undo`)).statusCode).toBe(200);
    // b takes back its tier and colour; c is still part of a, and lang came after the merge.
    const survivor = (await get(`/api/v1/cdp/profiles/${a}`)).json().data;
    expect(survivor.traits).toEqual({ city: 'Dubai', tier: 'a', plan: 'gold', lang: 'ar' });
    expect(survivor.external_id).toBe('keep-ext');
    expect((await get(`/api/v1/cdp/profiles/${b}`)).json().data.traits).toEqual({ tier: 'b', colour: 'red' });
  });

  it('keeps a profile unseen for the churn window churned through a manual merge and its undo', async () => {
    const longAgo = new Date(Date.now() - 200 * 86_400_000).toISOString();
    const active = (await sendEvents(t.app, t.admin, [event([email('churn-active@example.com')])])).results[0]!.profile_id!;
    const gone = (await sendEvents(t.app, t.admin, [event([email('churn-gone@example.com')], { event_time: longAgo })])).results[0]!.profile_id!;
    const other = (await sendEvents(t.app, t.admin, [event([email('churn-other@example.com')], { event_time: longAgo })])).results[0]!.profile_id!;
    await t.db.db.update(cdpProfiles).set({ lifecycleStage: 'churned' }).where(inArray(cdpProfiles.id, [gone, other]));
    const stage = async (id: string) => (await get(`/api/v1/cdp/profiles/${id}`)).json().data.lifecycle_stage;

    const merged = (await send('POST', '/api/v1/cdp/profiles/merge', { survivor_id: active, merged_id: gone })).json().data;
    expect(await stage(active)).toBe('known');
    expect((await send('POST', `/api/v1/cdp/merges/${merged.id}/undo`)).statusCode).toBe(200);
    expect([await stage(active), await stage(gone)]).toEqual(['known', 'churned']);
    // Two long-unseen profiles joined by hand are still churned.
    expect((await send('POST', '/api/v1/cdp/profiles/merge', { survivor_id: other, merged_id: gone })).statusCode).toBe(201);
    expect(await stage(other)).toBe('churned');
  });

  it('merges by hand (admins only) and refuses to break a limit', async () => {
    const x = (await sendEvents(t.app, t.admin, [event([anon('manual-x')])])).results[0]!.profile_id!;
    const y = (await sendEvents(t.app, t.admin, [event([anon('manual-y')])])).results[0]!.profile_id!;
    expect((await send('POST', '/api/v1/cdp/profiles/merge', { survivor_id: x, merged_id: y }, analyst)).statusCode).toBe(403);
    const res = await send('POST', '/api/v1/cdp/profiles/merge', { survivor_id: x, merged_id: y });
    expect(res.statusCode).toBe(201);
    expect(res.json().data).toMatchObject({ survivor_id: x, merged_id: y, reason: 'manual' });
    // A link to the merged-away profile still opens: it answers with the survivor (whose id says so).
    const followed = await get(`/api/v1/cdp/profiles/${y}`);
    expect(followed.statusCode).toBe(200);
    expect(followed.json().data.id).toBe(x);
    const z = (await sendEvents(t.app, t.admin, [event([anon('manual-z')])])).results[0]!.profile_id!;
    expect((await send('POST', '/api/v1/cdp/profiles/merge', { survivor_id: z, merged_id: x })).statusCode).toBe(201);
    expect((await get(`/api/v1/cdp/profiles/${y}`)).json().data.id).toBe(z);
    // …and so does its timeline: the survivor's, where y's event moved, not an empty list.
    const timeline = (await get(`/api/v1/cdp/profiles/${y}/events`)).json().data;
    expect(timeline.total).toBe(3);
    expect(timeline.items.every((e: { profile_id: string }) => e.profile_id === z)).toBe(true);
    // …as do its identity graph, merge history and consents: the survivor's, not a 404 as if it were erased.
    expect((await get(`/api/v1/cdp/profiles/${y}/identity-graph`)).json().data).toMatchObject({ profile_id: z, nodes: expect.any(Array) });
    expect((await get(`/api/v1/cdp/profiles/${y}/identity-graph`)).json().data.nodes).toHaveLength(3);
    expect((await get(`/api/v1/cdp/profiles/${y}/merge-history`)).json().data.map((m: { merged_id: string }) => m.merged_id).sort()).toEqual([x, y].sort());
    expect((await get(`/api/v1/cdp/profiles/${y}/consents`)).statusCode).toBe(200);
    // …and its export: everything about it is the survivor's now.
    const exported = await get(`/api/v1/cdp/profiles/${y}/export`);
    expect(exported.headers['content-disposition']).toContain(`profile-${z}.json`);
    expect(exported.json().data.profile.id).toBe(z);
    expect(exported.json().data.events).toHaveLength(3);
    // Only reading follows merges: a change addressed to a merged-away profile is refused, not redirected, naming
    // where it went (a 404 would say it was erased).
    for (const refused of [
      await send('PUT', `/api/v1/cdp/profiles/${y}/consents`, { consent_type: 'email', granted: true }),
      await send('DELETE', `/api/v1/cdp/profiles/${y}`),
      await send('POST', '/api/v1/cdp/profiles/merge', { survivor_id: z, merged_id: y }),
    ]) {
      expect(refused.statusCode).toBe(409);
      expect(refused.json().errors[0]).toMatchObject({ code: 'profile_merged', message: `This profile was merged into ${x}: change that one instead` });
    }

    const p = (await sendEvents(t.app, t.admin, [event([{ type: 'external_id', value: 'ext-p' }])])).results[0]!.profile_id!;
    const q = (await sendEvents(t.app, t.admin, [event([{ type: 'external_id', value: 'ext-q' }])])).results[0]!.profile_id!;
    const refused = await send('POST', '/api/v1/cdp/profiles/merge', { survivor_id: p, merged_id: q });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().errors[0].code).toBe('identifier_limit');
  });
});

describe('consent', () => {
  it('keeps the latest decision as current and every decision as proof', async () => {
    const r = await sendEvents(t.app, t.admin, [
      event([email('consent@example.com')], { consent: { analytics: true, ads: true }, event_time: '2026-03-01T10:00:00Z', context: { ip: '10.1.2.3' } }),
      event([email('consent@example.com')], { consent: { ads: false }, event_time: '2026-03-02T10:00:00Z' }),
      // An older decision arriving late does not overturn the newer one.
      event([email('consent@example.com')], { consent: { ads: true }, event_time: '2026-02-01T10:00:00Z' }),
    ]);
    const id = r.results[0]!.profile_id!;
    let view = (await get(`/api/v1/cdp/profiles/${id}/consents`)).json().data;
    expect(Object.fromEntries(view.current.map((c: { consent_type: string; granted: boolean }) => [c.consent_type, c.granted]))).toEqual({ analytics: true, ads: false });
    expect(view.history).toHaveLength(4);
    expect(view.history.some((h: { ip: string }) => h.ip === '10.1.2.3')).toBe(true);

    const put = await send('PUT', `/api/v1/cdp/profiles/${id}/consents`, { consent_type: 'email', granted: true, consent_text: 'Send me offers', consent_version: 'v2' });
    expect(put.statusCode).toBe(200);
    view = put.json().data;
    expect(view.current.find((c: { consent_type: string }) => c.consent_type === 'email')).toMatchObject({ granted: true, source: 'api', consent_version: 'v2' });
    // The caller's own address and browser are not the person's: the proof holds only what the caller relays.
    expect(view.history[0]).toMatchObject({ consent_type: 'email', consent_text: 'Send me offers', ip: null, user_agent: null });
    const relayed = { consent_type: 'sms', granted: true, ip: '198.51.100.20', user_agent: 'Mozilla/5.0 (kiosk)' };
    expect((await send('PUT', `/api/v1/cdp/profiles/${id}/consents`, relayed)).json().data.history[0]).toMatchObject(relayed);
    expect((await send('PUT', `/api/v1/cdp/profiles/${id}/consents`, { ...relayed, ip: 'not-an-ip' })).statusCode).toBe(422);
    expect((await send('PUT', `/api/v1/cdp/profiles/${id}/consents`, { consent_type: 'fax', granted: true })).statusCode).toBe(422);
  });
});

describe('consent across a merge', () => {
  it('lets a revocation made now win over an earlier event whose clock ran ahead', async () => {
    const ahead = new Date(Date.now() + 3 * 3_600_000).toISOString();
    const r = await sendEvents(t.app, t.admin, [event([email('consent-ahead@example.com')], { consent: { ads: true }, event_time: ahead })]);
    const id = r.results[0]!.profile_id!;
    expect((await send('PUT', `/api/v1/cdp/profiles/${id}/consents`, { consent_type: 'ads', granted: false })).statusCode).toBe(200);
    const consents = (await get(`/api/v1/cdp/profiles/${id}/consents`)).json().data;
    expect(consents.current).toEqual([expect.objectContaining({ consent_type: 'ads', granted: false, source: 'api' })]);
    // The event's decision is kept as proof, dated when it reached us, not in the future.
    expect(Date.parse(consents.history[1].decided_at)).toBeLessThanOrEqual(Date.now());
  });

  it('waits for a merge in progress, so a decision never lands on a profile merged away meanwhile', async () => {
    const r = await sendEvents(t.app, t.admin, [event([email('consent-race-a@example.com')]), event([email('consent-race-b@example.com')])]);
    const [merged, survivor] = r.results.map((result) => result.profile_id!);
    let commit!: () => void;
    const merging = inScope(t.db.db, tenantScope(t.tenantId), async (tx) => {
      await lockTenantIdentity(tx, t.tenantId);
      await mergeProfiles(tx, t.tenantId, [{ survivorId: survivor!, mergedId: merged!, reason: 'manual', identifierType: null, evidenceEventId: null, mergedBy: null }]);
      await new Promise<void>((resolve) => (commit = resolve));
    });
    await vi.waitFor(() => expect(commit).toBeDefined());
    const put = send('PUT', `/api/v1/cdp/profiles/${merged}/consents`, { consent_type: 'email', granted: true });
    // The decision is on its way while the merge is open (PGlite's one connection queues it anyway; on the server
    // it would run beside the merge and land on the profile being merged away).
    await new Promise((resolve) => setTimeout(resolve, 300));
    commit();
    await merging;
    expect((await put).statusCode).toBe(409);
    const history = (await get(`/api/v1/cdp/profiles/${survivor}/consents`)).json().data.history;
    expect(history).toEqual([]);
  });

  it('is rebuilt from both histories, with the bridging batch decisions counted newest-wins', async () => {
    const current = async (profileId: string) => {
      const view = (await get(`/api/v1/cdp/profiles/${profileId}/consents`)).json().data;
      return { current: Object.fromEntries(view.current.map((c: { consent_type: string; granted: boolean }) => [c.consent_type, c.granted])), history: view.history.length };
    };
    await sendEvents(t.app, t.admin, [
      event([email('bridge-a@example.com'), device('bridge-da')], { consent: { ads: true, email: true }, event_time: '2026-03-01T10:00:00Z' }),
    ]);
    await sendEvents(t.app, t.admin, [event([device('bridge-db')], { consent: { ads: false, sms: true }, event_time: '2026-03-02T10:00:00Z' })]);
    // The batch that merges them also decides: a newer email decision wins; an older sms one does not.
    const bridged = await sendEvents(t.app, t.admin, [
      event([device('bridge-da'), device('bridge-db')], { consent: { email: false }, event_time: '2026-03-03T10:00:00Z' }),
      event([device('bridge-db')], { consent: { sms: false }, event_time: '2026-02-01T10:00:00Z' }),
    ]);
    const survivor = bridged.results[0]!.profile_id!;
    expect(bridged.results[1]!.profile_id).toBe(survivor);
    expect(await current(survivor)).toEqual({ current: { ads: false, email: false, sms: true }, history: 6 });
  });
});

describe('privacy', () => {
  it('erases everything about a person and suppresses them from then on', async () => {
    const r = await sendEvents(t.app, t.admin, [event([email('erase@example.com'), anon('erase-anon')], { consent: { ads: true } }), event([anon('erase-anon')])]);
    const id = r.results[0]!.profile_id!;
    expect((await send('DELETE', `/api/v1/cdp/profiles/${id}`, undefined, analyst)).statusCode).toBe(403);
    const erased = await send('DELETE', `/api/v1/cdp/profiles/${id}`);
    expect(erased.statusCode).toBe(200);
    expect(erased.json().data).toEqual({ suppressed: 2, events: 2 });
    expect((await get(`/api/v1/cdp/profiles/${id}`)).statusCode).toBe(404);
    expect((await get(`/api/v1/cdp/events?profile_id=${id}`)).json().data.total).toBe(0);

    const again = await sendEvents(t.app, t.admin, [event([anon('erase-anon'), device('new-device')]), event([email('ERASE@example.com')])]);
    expect(again.results.map((x) => [x.status, x.error, x.error_code])).toEqual([['rejected', 'suppressed', 'suppressed'], ['rejected', 'suppressed', 'suppressed']]);
    const lookup = await send('POST', '/api/v1/cdp/profiles/lookup', { identifier_type: 'device_id', identifier_value: 'new-device' });
    expect(lookup.statusCode).toBe(404);
    const audit = (await get('/api/v1/audit-logs?action=cdp.profile.erase')).json().data.items[0];
    expect(audit).toMatchObject({ resource_id: id, changes: { suppressed: 2, events: 2 } });
  });

  it('refuses a suppressed event as suppressed however often its idempotency key is sent', async () => {
    const r = await sendEvents(t.app, t.admin, [event([email('erase-keyed@example.com')])]);
    expect((await send('DELETE', `/api/v1/cdp/profiles/${r.results[0]!.profile_id}`)).statusCode).toBe(200);
    const keyed = () => event([email('erase-keyed@example.com')], { idempotency_key: 'erase-keyed-1' });
    const twice = await sendEvents(t.app, t.admin, [keyed(), keyed()]);
    const later = await sendEvents(t.app, t.admin, [keyed()]);
    expect([...twice.results, ...later.results].map((x) => [x.status, x.event_id, x.error])).toEqual(Array(3).fill(['rejected', null, 'suppressed']));
  });

  it('exports everything held about a person as one JSON download, audited', async () => {
    const r = await sendEvents(t.app, t.admin, [event([email('export@example.com')], { consent: { email: true } })]);
    const id = r.results[0]!.profile_id!;
    const res = await get(`/api/v1/cdp/profiles/${id}/export`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(`profile-${id}.json`);
    const doc = res.json().data;
    expect(doc.profile.identifiers[0].value).toBe('export@example.com');
    expect(doc.events).toHaveLength(1);
    expect(doc.consents.current[0]).toMatchObject({ consent_type: 'email', granted: true });
    const masked = (await get(`/api/v1/cdp/profiles/${id}/export`, analyst)).json().data;
    expect(masked.profile.identifiers[0].value).toBe('e***@example.com');
    const audits = (await get(`/api/v1/audit-logs?action=cdp.profile.export&resource_id=${id}`)).json().data;
    expect(audits.total).toBe(2);
  });
});

describe('module health', () => {
  it('reports healthy', async () => {
    expect((await get('/api/v1/cdp/health')).json()).toEqual({ status: 'healthy', module: 'cdp', version: expect.any(String) });
  });
});
