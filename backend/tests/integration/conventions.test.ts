import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggerOptions } from '../../src/core/logging';
import { createTestApp, type TestApp } from '../support/test-app';
import { login, makeTenant, makeUser, PASSWORD } from '../support/factories';

const logLines: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    logLines.push(chunk.toString());
    done();
  },
});

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({
    env: { BODY_LIMIT_BYTES: '2048' },
    logger: pino(loggerOptions('info'), sink),
    beforeReady: (app) => {
      app.get('/api/v1/boom', { config: { access: 'public' } }, async () => {
        throw new Error('connection string postgres://secret@db');
      });
      // A statement that fails on the value it was given, as a defect in a service would.
      app.get('/api/v1/failing-statement', { config: { access: 'public' } }, async () => {
        await t.db.db.execute(sql`select ${'jane.doe@example.com'}::int as n`);
        return { ok: true };
      });
    },
  });
});
afterAll(() => t.close());

describe('API conventions', () => {
  it('answers malformed JSON with 400 in the envelope', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ success: false, data: null });
  });

  it('answers an oversized body with 413', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'a@example.com', password: 'x'.repeat(5000) },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().success).toBe(false);
  });

  it('answers an unknown API route with a 404 envelope', async () => {
    const res = await t.app.inject({ url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ success: false, errors: [{ code: 'not_found' }] });
  });

  it("answers a URL the router cannot read with the error envelope, without echoing it", async () => {
    const long = 'a'.repeat(120);
    for (const [url, status, code] of [
      [`/api/v1/cdp/sources/${long}`, 414, 'fst_err_max_param_length'],
      ['/api/v1/cdp/sources/%ff', 400, 'fst_err_bad_url'],
      [`/v1/projects/${long}/settings`, 414, 'fst_err_max_param_length'],
    ] as const) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(status);
      expect(res.json(), url).toMatchObject({ success: false, data: null, errors: [{ code }] });
      expect(res.body, url).not.toContain(url.includes(long) ? long : '%ff');
    }
  });

  it('refuses a query parameter given twice, naming it', async () => {
    const root = await login(t.app, (await makeUser(t.db.db, { tenantId: null, role: 'superadmin' })).email);
    expect((await t.app.inject({ url: '/api/v1/tenants?page=1', headers: root.headers })).statusCode).toBe(200);
    const twice = await t.app.inject({ url: '/api/v1/tenants?page=1&page=2', headers: root.headers });
    expect(twice.statusCode).toBe(422);
    expect(twice.json().errors[0]).toMatchObject({ field: 'page', code: 'repeated_parameter', message: 'Query parameter page is given more than once' });
  });

  it('answers an unexpected failure with 500, the request id and no internals', async () => {
    const res = await t.app.inject({ url: '/api/v1/boom' });
    expect(res.statusCode).toBe(500);
    const requestId = res.headers['x-request-id'] as string;
    expect(res.json().message).toContain(requestId);
    expect(res.body).not.toContain('postgres://');
  });

  it('sets security headers on every answer, refusals included, and keeps API answers out of caches', async () => {
    for (const url of ['/health', '/api/v1/cdp/sources', '/api/v1/users']) {
      const res = await t.app.inject({ url });
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['content-security-policy'], url).toContain("default-src 'self'");
      expect(res.headers['x-frame-options'], url).toBeDefined();
    }
    const refused = await t.app.inject({ url: '/api/v1/cdp/sources' });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['cache-control']).toBe('no-store');
    expect((await t.app.inject({ url: '/health' })).headers['cache-control']).not.toBe('no-store');
  });

  it('logs JSON lines with request, tenant and user ids but never credentials or emails', async () => {
    const tenant = await makeTenant(t.db.db);
    const user = await makeUser(t.db.db, { tenantId: tenant.id, email: 'private.person@example.com' });
    const loginRes = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: PASSWORD },
    });
    const token = loginRes.json().data.access_token as string;
    await t.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    // analytics.js puts the source's write key in the path of its settings request.
    await t.app.inject({ url: '/v1/projects/cdp_write_key_in_a_path/settings', remoteAddress: '198.51.100.77' });
    const all = logLines.join('');
    expect(all).toContain('/v1/projects/[redacted]/settings');
    expect(all).not.toContain('cdp_write_key_in_a_path');
    expect(all).not.toContain('private.person@example.com');
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toContain(token);
    // A caller's address is personal data too: its network only.
    expect(all).not.toContain('198.51.100.77');
    expect(all).toContain('"remoteAddress":"198.51.100.***"');
    const completed = logLines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request completed' && l.user_id === user.id);
    expect(completed[0]).toMatchObject({ tenant_id: tenant.id, user_id: user.id, request_id: expect.any(String) });
  });

  it('logs the path of a request, never its query string (a profile search carries an email or a phone)', async () => {
    const tenant = await makeTenant(t.db.db);
    const user = await makeUser(t.db.db, { tenantId: tenant.id });
    const loginRes = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: PASSWORD } });
    const headers = { authorization: `Bearer ${loginRes.json().data.access_token as string}` };
    const res = await t.app.inject({ url: '/api/v1/cdp/profiles?q=searched.person%40example.com&page=1', headers });
    expect(res.statusCode).toBe(200);
    const all = logLines.join('');
    expect(all).not.toContain('searched.person');
    const incoming = logLines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'incoming request' && l.req.url.startsWith('/api/v1/cdp/profiles'));
    expect(incoming.map((l) => l.req)).toEqual([expect.objectContaining({ method: 'GET', url: '/api/v1/cdp/profiles' })]);
  });

  it("logs a failed statement's text and SQLSTATE, never the values it carried", async () => {
    const res = await t.app.inject({ url: '/api/v1/failing-statement' });
    expect(res.statusCode).toBe(500);
    const logged = logLines.map((line) => JSON.parse(line)).find((line) => line.msg === 'unhandled error' && line.err.query);
    expect(logged.err).toMatchObject({ type: 'DrizzleQueryError', message: 'Failed query', query: 'select $1::int as n' });
    // invalid_text_representation, with the value blanked out of the database's message.
    expect(logged.err.cause).toMatchObject({ type: 'DatabaseError', code: '22P02', message: 'invalid input syntax for type integer: "…"' });
    expect(logLines.join('')).not.toContain('jane.doe');
  });

  it('serves the OpenAPI document generated from the Zod schemas', async () => {
    const res = await t.app.inject({ url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/users/{id}']));
    expect(doc.paths['/api/v1/users'].post.requestBody.content['application/json'].schema.properties.password.minLength).toBe(10);
  });

  it('reports liveness and readiness', async () => {
    expect((await t.app.inject({ url: '/health' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ url: '/ready' })).json()).toMatchObject({ status: 'ok', database: t.db.kind });
  });
});
