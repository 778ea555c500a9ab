import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Analytics } from '@segment/analytics-node';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { tenants } from '../../src/models';
import { forgetCdpSettings } from '../../src/services/cdp/tenant-cdp-settings';
import { basicAuth as basic, trackingApp } from '../support/tracking';

// The Segment-compatible API as clients see it; the queue behind it is in tracking-queue.test.ts.
const { t, source, post, lookup } = trackingApp();
let base: string;
beforeAll(async () => {
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});

/** How many user ids a person may hold in the tenant (null: the default, one). */
async function allowUserIds(limit: number | null) {
  await t.db.db.update(tenants).set({ settings: limit === null ? {} : { cdp: { identifier_limits: { external_id: limit } } } }).where(eq(tenants.id, t.tenantId));
  forgetCdpSettings(t.tenantId);
}
const conflictsOf = async (profileId: string) => (await t.app.inject({ url: `/api/v1/cdp/profiles/${profileId}/conflicts`, headers: t.admin.headers })).json().data;

describe('Segment-compatible tracking API', () => {
  it('is driven by the official @segment/analytics-node client, and its calls resolve into one profile', async () => {
    const analytics = new Analytics({ writeKey: source.key, host: base, flushAt: 50, flushInterval: 200, maxRetries: 1 });
    const failures: unknown[] = [];
    analytics.on('error', (err) => failures.push(err));
    analytics.page({ anonymousId: 'seg-anon-1', name: 'Home', properties: { path: '/' } });
    analytics.track({ anonymousId: 'seg-anon-1', event: 'Product Viewed: Red Shoes', properties: { sku: 'RS-1', price: 120 } });
    analytics.identify({ anonymousId: 'seg-anon-1', userId: 'seg-user-1', traits: { email: 'Seg.User@Example.com', plan: 'gold' } });
    analytics.alias({ userId: 'seg-user-1', previousId: 'seg-anon-0' });
    analytics.track({ userId: 'seg-user-1', event: 'Order Completed', properties: { total: 250 } });
    await analytics.closeAndFlush({ timeout: 10_000 });
    expect(failures).toEqual([]);

    const profile = await lookup('email', 'seg.user@example.com');
    expect(profile).not.toBeNull();
    expect(profile.total_events).toBe(5);
    expect(profile.identifiers.map((i: { type: string }) => i.type).sort()).toEqual(['anonymous_id', 'anonymous_id', 'email', 'external_id']);
    expect(profile).toMatchObject({ lifecycle_stage: 'customer', external_id: 'seg-user-1', traits: { plan: 'gold' } });
    expect(profile.traits).not.toHaveProperty('email');
    const events = (await t.app.inject({ url: `/api/v1/cdp/profiles/${profile.id}/events?page_size=10`, headers: t.admin.headers })).json().data.items;
    expect(events.map((e: { event_name: string }) => e.event_name)).toEqual(
      expect.arrayContaining(['Page Viewed', 'Product Viewed: Red Shoes', 'Identify', 'Alias', 'Order Completed']),
    );
    expect(events.find((e: { event_name: string }) => e.event_name === 'Page Viewed').properties).toMatchObject({ name: 'Home' });
  });

  it('takes an alias\'s previous id as the user id it was, joining the two within the tenant\'s limit and recording a conflict beyond it', async () => {
    const identify = (userId: string, email: string) => ({ type: 'identify', userId, traits: { email } });
    expect((await post('/v1/identify', identify('renamed-old', 'renamed@example.com'))).statusCode).toBe(200);
    expect(await lookup('external_id', 'renamed-old')).not.toBeNull();
    expect((await post('/v1/alias', { userId: 'renamed-new', previousId: ' renamed-old ' })).statusCode).toBe(200);

    // One user id a person by default: the two stay apart, the alias is recorded as a conflict, and the old user id
    // is not taken for an anonymous id of the new one.
    const renamed = await lookup('external_id', 'renamed-new');
    expect(renamed.identifiers.map((i: { type: string }) => i.type)).toEqual(['external_id']);
    expect(await lookup('anonymous_id', 'renamed-old')).toBeNull();
    const old = await lookup('external_id', 'renamed-old');
    expect(old.id).not.toBe(renamed.id);
    const conflicts = await conflictsOf(renamed.id);
    expect(conflicts).toEqual([expect.objectContaining({ event_name: 'Alias', identifier_type: 'external_id', other_profile_ids: [old.id] })]);

    // A tenant that allows two user ids a person: the alias joins them, also when the old id is identified in the
    // same request. An anonymous previous id is still an anonymous id.
    await allowUserIds(2);
    await post('/v1/batch', {
      batch: [identify('twice-old', 'twice@example.com'), { type: 'alias', userId: 'twice-new', previousId: 'twice-old' }, { type: 'alias', userId: 'twice-new', previousId: 'twice-anon' }],
    });
    const twice = await lookup('email', 'twice@example.com');
    expect(twice.identifiers.map((i: { type: string; value: string }) => `${i.type}:${i.value}`).sort()).toEqual([
      'anonymous_id:twice-anon',
      'email:twice@example.com',
      'external_id:twice-new',
      'external_id:twice-old',
    ]);
    await post('/v1/alias', { userId: 'renamed-new', previousId: 'renamed-old' });
    expect((await lookup('external_id', 'renamed-new')).id).toBe((await lookup('external_id', 'renamed-old')).id);
    await allowUserIds(null);
  });

  it('joins an alias\'s previous id with the user id it turns out to be when that user id comes after the alias', async () => {
    const identify = (userId: string, email: string) => ({ type: 'identify', userId, traits: { email } });
    const graphOf = async (id: string) => (await t.app.inject({ url: `/api/v1/cdp/profiles/${id}/identity-graph`, headers: t.admin.headers })).json().data;
    // Unknown when the alias arrives: linked as an anonymous id of the new user id.
    await post('/v1/alias', { userId: 'late-new', previousId: 'late-old' });
    const aliased = await lookup('anonymous_id', 'late-old');
    expect(aliased.external_id).toBe('late-new');
    // One user id a person: the old one, identified later, stays apart, and the alias's event records why.
    await post('/v1/identify', identify('late-old', 'late@example.com'));
    const old = await lookup('external_id', 'late-old');
    expect(old.id).not.toBe(aliased.id);
    const conflicts = await conflictsOf(aliased.id);
    expect(conflicts).toEqual([expect.objectContaining({ event_name: 'Identify', identifier_type: 'external_id', other_profile_ids: [old.id] })]);

    // Two a person: the later user id joins the alias's person, through a CDP event as through the tracking API,
    // and the graph says why the two are one.
    await allowUserIds(2);
    await post('/v1/alias', { userId: 'later-new', previousId: 'later-old' });
    await post('/v1/alias', { userId: 'tracked-new', previousId: 'tracked-old' });
    await lookup('anonymous_id', 'later-old');
    await post('/v1/identify', identify('later-old', 'later@example.com'));
    const sent = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cdp/events',
      headers: t.admin.headers,
      payload: { events: [{ event_name: 'Signed In', event_time: new Date().toISOString(), identifiers: [{ type: 'external_id', value: 'tracked-old' }] }] },
    });
    expect(sent.json().data, JSON.stringify(sent.json())).toMatchObject({ accepted: 1 });
    for (const [oldId, newId] of [['later-old', 'later-new'], ['tracked-old', 'tracked-new']]) {
      const joined = await lookup('external_id', oldId!);
      expect(joined.id).toBe((await lookup('external_id', newId!)).id);
      expect(joined.identifiers.map((i: { type: string; value: string }) => `${i.type}:${i.value}`)).toEqual(
        expect.arrayContaining([`external_id:${oldId}`, `external_id:${newId}`, `anonymous_id:${oldId}`]),
      );
      const graph = await graphOf(joined.id);
      const node = (type: string, value: string) => graph.nodes.find((n: { type: string; value: string }) => n.type === type && n.value === value).id;
      const aliasEdges = graph.edges.filter((e: { link_type: string }) => e.link_type === 'alias');
      expect(aliasEdges.map((e: { from: string; to: string }) => [e.from, e.to].sort())).toEqual([[node('external_id', oldId!), node('anonymous_id', oldId!)].sort()]);
    }
    await allowUserIds(null);
  });

  it('dedupes by messageId, corrects clock skew, and maps consent categories and groups', async () => {
    const sentAt = new Date(Date.now() + 3_600_000); // the client clock runs an hour fast
    const timestamp = new Date(sentAt.getTime() - 10_000);
    const message = {
      type: 'track',
      messageId: 'msg-1',
      anonymousId: 'skewed-1',
      event: 'Clicked',
      timestamp: timestamp.toISOString(),
      context: { ip: '10.0.0.9', userAgent: 'UA/1', consent: { categoryPreferences: { Advertising: true, Analytics: false } } },
    };
    const first = await post('/v1/batch', { batch: [message, { type: 'group', anonymousId: 'skewed-1', groupId: 'acme', traits: { plan: 'team' } }], sentAt: sentAt.toISOString() });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ success: true });
    expect((await post('/v1/batch', { batch: [message], sentAt: sentAt.toISOString() })).statusCode).toBe(200);

    const profile = await lookup('anonymous_id', 'skewed-1');
    expect(profile.total_events).toBe(2);
    expect(profile.traits['group:acme']).toEqual({ id: 'acme', plan: 'team' });
    expect(Object.fromEntries(profile.consents.map((c: { consent_type: string; granted: boolean }) => [c.consent_type, c.granted]))).toEqual({ ads: true, analytics: false });
    const [clicked] = (await t.app.inject({ url: `/api/v1/cdp/events?profile_id=${profile.id}&event_name=Clicked`, headers: t.admin.headers })).json().data.items;
    // Ten seconds before receipt, not an hour in the future.
    const lag = Date.now() - new Date(clicked.event_time).getTime();
    expect(lag).toBeGreaterThan(9_000);
    expect(lag).toBeLessThan(60_000);
    expect(clicked.context).toMatchObject({ ip: '10.0.0.9', user_agent: 'UA/1' });
  });

  it("ties a mobile app's events to its device, and never by the zeroed advertising id of a user who declined tracking", async () => {
    const iphone = (anonymousId: string, device: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
      type: 'screen',
      name: 'Home',
      anonymousId,
      context: { device: { type: 'ios', model: 'iPhone15,2', ...device }, os: { name: 'iOS', version: '18.1' } },
      ...extra,
    });
    // One phone: a reinstall gives the app a new anonymous id, the device id stays.
    const sent = await post('/v1/batch', {
      batch: [
        iphone('app-anon-1', { id: 'IDFV-A', advertisingId: 'IDFA-A', adTrackingEnabled: true }),
        iphone('app-anon-2', { id: 'IDFV-A' }, { type: 'identify', traits: { email: 'app.user@example.com' } }),
        // Two strangers who both declined tracking: iOS reports the same zeroed advertising id for both.
        iphone('app-anon-3', { id: 'IDFV-B', advertisingId: '00000000-0000-0000-0000-000000000000', adTrackingEnabled: false }),
        iphone('app-anon-4', { id: 'IDFV-C', advertisingId: '00000000-0000-0000-0000-000000000000' }),
      ],
    });
    expect(sent.statusCode).toBe(200);
    const user = await lookup('email', 'app.user@example.com');
    expect(user.total_events).toBe(2);
    expect(user.identifiers.map((i: { type: string }) => i.type).sort()).toEqual(['anonymous_id', 'anonymous_id', 'device_id', 'device_id', 'email']);
    const [three, four] = [await lookup('device_id', 'IDFV-B'), await lookup('device_id', 'IDFV-C')];
    expect(three.id).not.toBe(four.id);
    expect(await lookup('device_id', '00000000-0000-0000-0000-000000000000')).toBeNull();
  });

  it('takes the write key from the body or the query and a text/plain body (sendBeacon)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/track',
      headers: { 'content-type': 'text/plain' },
      payload: JSON.stringify({ writeKey: source.key, anonymousId: 'beacon-1', event: 'Left Page' }),
    });
    expect(res.statusCode).toBe(200);
    expect(await lookup('anonymous_id', 'beacon-1')).not.toBeNull();

    // RudderStack's beacons: a batch to /beacon/v1/batch, the key in the query.
    const rudder = await t.app.inject({
      method: 'POST',
      url: `/beacon/v1/batch?writeKey=${source.key}`,
      headers: { 'content-type': 'text/plain' },
      payload: JSON.stringify({ batch: [{ type: 'track', anonymousId: 'beacon-2', event: 'Left Page' }], sentAt: new Date().toISOString() }),
    });
    expect(rudder.statusCode).toBe(200);
    expect(await lookup('anonymous_id', 'beacon-2')).not.toBeNull();
    expect((await t.app.inject({ method: 'POST', url: '/beacon/v1/batch?writeKey=cdp_wrong', headers: { 'content-type': 'text/plain' }, payload: '{"batch":[]}' })).statusCode).toBe(401);
  });

  it('believes no X-Forwarded-For unless a proxy is configured (TRUST_PROXY): a client cannot pass for another address', async () => {
    expect((await post('/v1/track', { anonymousId: 'forged-ip', event: 'Viewed' }, { authorization: basic(source.key), 'x-forwarded-for': '203.0.113.9' })).statusCode).toBe(200);
    const profile = await lookup('anonymous_id', 'forged-ip');
    const [event] = (await t.app.inject({ url: `/api/v1/cdp/profiles/${profile.id}/events`, headers: t.admin.headers })).json().data.items;
    expect(event.context.ip).toBe('127.0.0.1');
  });

  it('answers CORS preflights for browsers', async () => {
    // RudderStack's SDK sends headers of its own besides the key and the type.
    const asked = 'authorization,content-type,anonymousid,rsa-retry-attempt';
    const res = await t.app.inject({ method: 'OPTIONS', url: '/v1/batch', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': asked } });
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-allow-headers']).toBe(asked);
    // The answer itself may be read across origins (a beacon's, too): no same-origin resource policy.
    const sent = await post('/v1/batch', { batch: [{ type: 'track', anonymousId: 'corp', event: 'E' }] }, { authorization: basic(source.key), origin: 'https://shop.example' });
    expect(sent.headers['cross-origin-resource-policy']).toBe('cross-origin');
  });

  it("answers analytics.js: its settings point it back here, and its one-letter paths are the same API", async () => {
    const settings = await t.app.inject({ url: `/v1/projects/${source.key}/settings`, headers: { host: 'cdp.example.com:8443', origin: 'https://shop.example' } });
    expect(settings.statusCode).toBe(200);
    expect(settings.headers['access-control-allow-origin']).toBe('*');
    expect(settings.json()).toEqual({
      integrations: { 'Segment.io': { apiKey: source.key, apiHost: 'cdp.example.com:8443/v1', protocol: 'http' } },
      plan: {},
      metrics: { sampleRate: 0 },
      remotePlugins: [],
      stratum: { requireConsent: false },
    });
    // Forwarded headers from a client no proxy vouches for are not believed (tracking-proxy.test.ts: behind one).
    const forged = await t.app.inject({ url: `/v1/projects/${source.key}/settings`, headers: { host: 'cdp.example.com', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' } });
    expect(forged.json().integrations['Segment.io']).toMatchObject({ apiHost: 'cdp.example.com/v1', protocol: 'http' });
    expect(forged.headers.vary).toMatch(/X-Forwarded-Host/);
    expect((await t.app.inject({ url: '/v1/projects/cdp_not_a_key/settings' })).statusCode).toBe(401);

    // As analytics.js sends them: text/plain, the key in the body and as Basic user, a path per type, `/b` batched.
    const sent = [
      ['/v1/p', { type: 'page', anonymousId: 'ajs-anon-1', name: 'Home', properties: { path: '/' } }],
      ['/v1/t', { type: 'track', anonymousId: 'ajs-anon-1', event: 'Product Viewed', properties: { sku: 'A-1' } }],
      ['/v1/i', { type: 'identify', anonymousId: 'ajs-anon-1', userId: 'ajs-user-1', traits: { email: 'ajs@example.com' } }],
      ['/v1/g', { type: 'group', anonymousId: 'ajs-anon-1', userId: 'ajs-user-1', groupId: 'acme', traits: { name: 'Acme' } }],
      ['/v1/a', { type: 'alias', userId: 'ajs-user-1', previousId: 'ajs-anon-0' }],
      ['/v1/s', { type: 'screen', anonymousId: 'ajs-anon-1', name: 'Settings' }],
      ['/v1/b', { batch: [{ type: 'track', anonymousId: 'ajs-anon-1', event: 'Order Completed', properties: { total: 40 } }] }],
    ] as const;
    for (const [path, body] of sent) {
      const res = await t.app.inject({
        method: 'POST',
        url: path,
        headers: { 'content-type': 'text/plain', authorization: basic(source.key) },
        payload: JSON.stringify({ ...body, writeKey: source.key, sentAt: new Date().toISOString() }),
      });
      expect(res.statusCode, path).toBe(200);
    }
    const profile = await lookup('email', 'ajs@example.com');
    expect(profile).toMatchObject({ total_events: 7, total_purchases: 1, external_id: 'ajs-user-1' });
    const events = (await t.app.inject({ url: `/api/v1/cdp/profiles/${profile.id}/events?page_size=10`, headers: t.admin.headers })).json().data.items;
    expect(events.map((e: { event_name: string }) => e.event_name).sort()).toEqual(
      ['Alias', 'Group', 'Identify', 'Order Completed', 'Page Viewed', 'Product Viewed', 'Screen Viewed'].sort(),
    );
  });

  it("answers RudderStack's JavaScript SDK its source configuration, naming no destination", async () => {
    const byQuery = await t.app.inject({ url: `/v1/sourceConfig/?p=npm&v=3.34.1&build=modern&writeKey=${source.key}&lockIntegrationsVersion=false` });
    expect(byQuery.statusCode).toBe(200);
    expect(byQuery.json()).toEqual({
      source: { id: source.id, name: 'Stratum', writeKey: source.key, enabled: true, config: {}, destinations: [] },
      updatedAt: expect.any(String),
    });
    expect((await t.app.inject({ url: '/v1/sourceConfig', headers: { authorization: basic(source.key) } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/v1/sourceConfig/?writeKey=cdp_not_a_key' })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/v1/sourceConfig/' })).statusCode).toBe(401);
  });

  it("keeps a batch's valid messages and names the invalid ones it left out, as Segment does", async () => {
    const res = await post('/v1/batch', {
      sentAt: new Date().toISOString(),
      batch: [
        { type: 'track', anonymousId: 'partial-ok', event: 'Fine' },
        { type: 'track', event: 'No ids' },
        { type: 'identify', userId: 'partial-user', traits: { email: 'partial@example.com' } },
        { type: 'track', anonymousId: 'partial-bad', event: 42 },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      success: true,
      rejected: [
        { field: 'batch.1', code: 'invalid_message', message: expect.stringMatching(/userId or anonymousId/) },
        { field: 'batch.3', code: 'invalid_message', message: expect.any(String) },
      ],
    });
    expect(await lookup('anonymous_id', 'partial-ok')).toMatchObject({ total_events: 1 });
    expect((await lookup('email', 'partial@example.com')).identifiers.map((i: { type: string }) => i.type).sort()).toEqual(['email', 'external_id']);
    expect(await lookup('anonymous_id', 'partial-bad')).toBeNull();
  });

  it('refuses bad input with a clear 4xx and stores nothing', async () => {
    expect((await post('/v1/track', { anonymousId: 'x', event: 'E' }, { authorization: basic('cdp_wrong') })).statusCode).toBe(401);
    expect((await post('/v1/track', { anonymousId: 'x', event: 'E' }, {})).statusCode).toBe(401);
    // Authentication comes before validation: no key, no hints about the body.
    expect((await post('/v1/batch', { nonsense: true }, {})).statusCode).toBe(401);
    const nothingValid = await post('/v1/batch', { batch: [{ type: 'track', event: 'No ids' }, { type: 'track', anonymousId: 'no-name' }] });
    expect(nothingValid.statusCode).toBe(400);
    expect(nothingValid.json().errors.map((e: { field: string }) => e.field)).toEqual(['batch.0', 'batch.1']);
    const wrongType = await post('/v1/track', { anonymousId: 'x', event: 42 });
    expect(wrongType.statusCode).toBe(400);
    const big = await post('/v1/track', { anonymousId: 'big', event: 'Big', properties: { blob: 'x'.repeat(33 * 1024) } });
    expect(big.statusCode).toBe(400);
    expect(big.json().errors[0].message).toMatch(/32 KB/);
    const huge = await t.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: basic(source.key), 'content-type': 'application/json' },
      payload: JSON.stringify({ batch: Array.from({ length: 40 }, (_, i) => ({ type: 'track', anonymousId: `h${i}`, event: 'E', properties: { blob: 'x'.repeat(14 * 1024) } })) }),
    });
    expect(huge.statusCode).toBe(400);
    expect(huge.json().message).toMatch(/500 KB/);
    const malformed = await t.app.inject({ method: 'POST', url: '/v1/batch', headers: { authorization: basic(source.key), 'content-type': 'application/json' }, payload: '{"batch": [' });
    expect(malformed.statusCode).toBe(400);
    expect((await post('/v1/batch', { batch: [{ anonymousId: 'no-type', event: 'E' }] })).statusCode).toBe(400);
  });

  it('refuses a message whose time, corrected for the client clock, cannot be stored, instead of acknowledging and dropping it', async () => {
    const future = await post('/v1/track', { anonymousId: 'time-future', event: 'Future', timestamp: '2030-01-01T00:00:00Z' });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors[0].message).toMatch(/timestamp: more than 24 hours after/);
    expect((await post('/v1/track', { anonymousId: 'time-past', event: 'Past', timestamp: '1960-01-01T00:00:00Z' })).statusCode).toBe(400);
    // Fine as sent, but a year ahead once corrected: sent "in 2025" about an event "in 2026".
    const skewed = await post('/v1/track', { anonymousId: 'time-skew', event: 'Skewed', timestamp: '2026-06-01T00:00:00Z', sentAt: '2025-01-01T00:00:00Z' });
    expect(skewed.statusCode).toBe(400);
    // In a batch, it is left out and named, the rest kept; a clock a year behind, corrected, is fine.
    const batch = await post('/v1/batch', {
      sentAt: '2025-11-28T10:00:00Z',
      batch: [
        { type: 'track', anonymousId: 'time-ok', event: 'Good', timestamp: '2025-11-28T09:59:00Z' },
        { type: 'track', anonymousId: 'time-ok', event: 'Future', timestamp: '2030-01-01T00:00:00Z' },
      ],
    });
    expect(batch.statusCode).toBe(200);
    expect(batch.json().rejected).toEqual([{ field: 'batch.1', code: 'invalid_message', message: expect.stringMatching(/^timestamp: /) }]);
    expect(await lookup('anonymous_id', 'time-ok')).toMatchObject({ total_events: 1 });
    for (const id of ['time-future', 'time-past', 'time-skew']) expect(await lookup('anonymous_id', id)).toBeNull();
  });
});

describe('the 500 KB request limit', () => {
  it('holds for a chunked body, which has no Content-Length to check up front', async () => {
    const messages = Array.from({ length: 40 }, (_, i) => ({ type: 'track', anonymousId: `chunked-${i}`, event: 'E', properties: { blob: 'x'.repeat(14 * 1024) } }));
    const body = JSON.stringify({ batch: messages });
    const { port } = new URL(base);
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, method: 'POST', path: '/v1/batch', headers: { authorization: basic(source.key), 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
        (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () => resolve({ status: response.statusCode!, body: text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 1000));
      req.end(body.slice(1000));
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).message).toMatch(/500 KB/);
    expect(await lookup('anonymous_id', 'chunked-0')).toBeNull();
  });
});
