import { describe, expect, it } from 'vitest';
import { appWithTenantAdmin } from '../support/app-with-tenant-admin';

const t = appWithTenantAdmin();

describe('text the database cannot store', () => {
  it('is refused with a 422 naming the field, in bodies, queries and paths alike', async () => {
    const cases = [
      { method: 'POST' as const, url: '/api/v1/cdp/sources', payload: { name: 'a\u0000b', source_type: 'server' }, field: 'body.name' },
      { method: 'POST' as const, url: '/api/v1/cdp/sources', payload: { name: 'ok', source_type: 'server', config: { ['\ud800']: 1 } }, field: 'body.config' },
      { method: 'POST' as const, url: '/api/v1/users', payload: { email: 'nul@example.com', full_name: 'a\u0000', password: 'Password-123456', role: 'viewer' }, field: 'body.full_name' },
      { method: 'GET' as const, url: '/api/v1/cdp/profiles?q=%00', field: 'query.q' },
      { method: 'GET' as const, url: '/api/v1/cdp/events?event_name=a%00', field: 'query.event_name' },
      { method: 'GET' as const, url: '/api/v1/users?q=%00', field: 'query.q' },
      { method: 'GET' as const, url: '/api/v1/cdp/sources/%00', field: 'path.id' },
    ];
    for (const c of cases) {
      const res = await t.app.inject({ method: c.method, url: c.url, payload: 'payload' in c ? c.payload : undefined, headers: t.admin.headers });
      expect(res.statusCode, `${c.method} ${c.url}`).toBe(422);
      expect(res.json().errors[0]).toMatchObject({ field: c.field, code: 'unstorable_text' });
    }
    // Nothing was created by the refused requests.
    const sources = (await t.app.inject({ url: '/api/v1/cdp/sources', headers: t.admin.headers })).json().data;
    expect(sources.total).toBe(0);
  });
});

describe('a `__proto__` key', () => {
  // Sent as text: a JavaScript object literal cannot carry the key through JSON.stringify reliably, a client can.
  const send = (url: string, body: string, headers: Record<string, string>) =>
    t.app.inject({ method: 'POST', url, payload: body, headers: { ...headers, 'content-type': 'application/json' } });

  it('is refused with a reason naming it (a 422, one event, or one message), never as "not valid JSON"', async () => {
    const plain = await send('/api/v1/cdp/sources', '{"name":"x","source_type":"server","config":{"__proto__":{"admin":true}}}', t.admin.headers);
    expect(plain.statusCode).toBe(422);
    expect(plain.json().errors[0]).toMatchObject({ field: 'body.config.__proto__', code: 'reserved_key' });

    const source = (await send('/api/v1/cdp/sources', '{"name":"Proto","source_type":"server"}', t.admin.headers)).json().data;
    const event = (n: number, extra: string) =>
      `{"event_name":"Page Viewed","event_time":"2026-01-01T00:00:00Z","identifiers":[{"type":"anonymous_id","value":"proto-${n}"}]${extra}}`;
    const batch = `{"events":[${event(1, ',"context":{"campaign":{"__proto__":""}}')},${event(2, ',"properties":{"constructor":{"prototype":{"x":1}}}')}]}`;
    const ingested = await send('/api/v1/cdp/ingest', batch, { 'x-source-key': source.source_key });
    expect(ingested.statusCode).toBe(201);
    expect(ingested.json().data.results.map((r: { status: string; error: string | null }) => [r.status, r.error])).toEqual([
      ['rejected', 'context.campaign.__proto__: the key `__proto__` is not accepted'],
      // Any other key is data, `constructor` included: stored as sent.
      ['accepted', null],
    ]);
    const kept = ingested.json().data.results[1];
    const stored = (await t.app.inject({ url: `/api/v1/cdp/profiles/${kept.profile_id}/events`, headers: t.admin.headers })).json().data.items;
    expect(stored.map((e: { properties: unknown }) => e.properties)).toEqual([{ constructor: { prototype: { x: 1 } } }]);

    const basic = `Basic ${Buffer.from(`${source.source_key}:`).toString('base64')}`;
    const tracked = await send('/v1/track', '{"anonymousId":"proto-3","event":"Viewed","properties":{"a":{"__proto__":{"x":1}}}}', { authorization: basic });
    expect(tracked.statusCode).toBe(400);
    expect(tracked.json().errors[0].message).toBe('properties.a.__proto__: the key `__proto__` is not accepted');
    expect(({} as Record<string, unknown>).admin ?? ({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('JSON nested too deep', () => {
  const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
  const send = (url: string, body: string, headers: Record<string, string>) =>
    t.app.inject({ method: 'POST', url, payload: body, headers: { ...headers, 'content-type': 'application/json' } });

  it('is refused with a reason before anything walks it, and the database keeps working', async () => {
    // A thousand levels crashed PGlite (and every request after it); ten thousand overflowed JSON.stringify.
    for (const levels of [40, 1_000, 10_000]) {
      const plain = await send('/api/v1/cdp/sources', `{"name":"deep","source_type":"server","config":{"a":${nested(levels)}}}`, t.admin.headers);
      expect(plain.statusCode, `${levels} levels`).toBe(422);
      expect(plain.json().errors[0]).toMatchObject({ code: 'too_deep', message: expect.stringMatching(/^body\.config\.a(\.0)+: objects and arrays may not be nested more than 32 levels deep$/) });
    }
    const source = (await send('/api/v1/cdp/sources', '{"name":"Deep","source_type":"server"}', t.admin.headers)).json().data;
    const event = (n: number, properties: string) =>
      `{"event_name":"Page Viewed","event_time":"2026-01-01T00:00:00Z","identifiers":[{"type":"anonymous_id","value":"deep-${n}"}],"properties":${properties}}`;
    // The event is the root: properties (1) hold 30 more levels at the most.
    const batch = `{"events":[${event(1, `{"a":${nested(1_000)}}`)},${event(2, `{"a":${nested(30)}}`)},${event(3, `{"a":${nested(31)}}`)}]}`;
    const ingested = await send('/api/v1/cdp/ingest', batch, { 'x-source-key': source.source_key });
    expect(ingested.statusCode).toBe(201);
    expect(ingested.json().data.results.map((r: { status: string; error: string | null }) => [r.status, r.error?.replace(/(\.0)+/, '.0…')])).toEqual([
      ['rejected', 'properties.a.0…: objects and arrays may not be nested more than 32 levels deep'],
      ['accepted', undefined],
      ['rejected', 'properties.a.0…: objects and arrays may not be nested more than 32 levels deep'],
    ]);

    const basic = `Basic ${Buffer.from(`${source.source_key}:`).toString('base64')}`;
    const tracked = await send('/v1/track', `{"anonymousId":"deep-4","event":"Viewed","properties":{"a":${nested(5_000)}}}`, { authorization: basic });
    expect(tracked.statusCode).toBe(400);
    expect(tracked.json().errors[0].message).toMatch(/^properties\.a(\.0)+: objects and arrays may not be nested/);

    const after = await t.app.inject({ url: '/api/v1/cdp/sources', headers: t.admin.headers });
    expect(after.json().data.items.map((s: { name: string }) => s.name)).toContain('Deep');
  });
});

describe('a number past the double range and an envelope key', () => {
  const send = (url: string, body: string, headers: Record<string, string>) =>
    t.app.inject({ method: 'POST', url, payload: body, headers: { ...headers, 'content-type': 'application/json' } });

  it('is refused with a reason (1e999 read as Infinity was stored as null), as is a `__proto__` around the events', async () => {
    const plain = await send('/api/v1/cdp/sources', '{"name":"x","source_type":"server","config":{"n":1e999}}', t.admin.headers);
    expect(plain.statusCode).toBe(422);
    expect(plain.json().errors[0]).toMatchObject({ field: 'body.config.n', code: 'not_finite' });

    const source = (await send('/api/v1/cdp/sources', '{"name":"Huge","source_type":"server"}', t.admin.headers)).json().data;
    const event = (n: number, properties: string) =>
      `{"event_name":"Page Viewed","event_time":"2026-01-01T00:00:00Z","identifiers":[{"type":"anonymous_id","value":"huge-${n}"}],"properties":${properties}}`;
    const ingested = await send('/api/v1/cdp/ingest', `{"events":[${event(1, '{"n":-1e999}')},${event(2, '{"n":1e308}')}]}`, { 'x-source-key': source.source_key });
    expect(ingested.json().data.results.map((r: { status: string; error: string | null }) => [r.status, r.error])).toEqual([
      ['rejected', 'properties.n: numbers must be within the range of a double (1e999 is not)'],
      ['accepted', null],
    ]);
    const wrapped = await send('/api/v1/cdp/ingest', `{"events":[${event(3, '{}')}],"__proto__":{"a":1}}`, { 'x-source-key': source.source_key });
    expect(wrapped.statusCode).toBe(422);
    expect(wrapped.json().errors[0]).toMatchObject({ field: 'body.__proto__', code: 'reserved_key' });

    const basic = `Basic ${Buffer.from(`${source.source_key}:`).toString('base64')}`;
    const tracked = await send('/v1/batch', '{"batch":[{"type":"track","anonymousId":"huge-4","event":"E"}],"__proto__":{"a":1}}', { authorization: basic });
    expect(tracked.statusCode).toBe(400);
    expect(tracked.json().errors[0]).toMatchObject({ field: 'body.__proto__', code: 'reserved_key' });
  });
});
