import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app';
import { tenantWithAdmin, type Session } from '../support/factories';

let t: TestApp;
let session: Session;
beforeAll(async () => {
  t = await createTestApp();
  ({ session } = await tenantWithAdmin(t.app, t.db.db));
});
afterAll(() => t.close());

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
      const res = await t.app.inject({ method: c.method, url: c.url, payload: 'payload' in c ? c.payload : undefined, headers: session.headers });
      expect(res.statusCode, `${c.method} ${c.url}`).toBe(422);
      expect(res.json().errors[0]).toMatchObject({ field: c.field, code: 'unstorable_text' });
    }
    // Nothing was created by the refused requests.
    const sources = (await t.app.inject({ url: '/api/v1/cdp/sources', headers: session.headers })).json().data;
    expect(sources.total).toBe(0);
  });
});
