import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_JWT_SECRET, type TestApp } from '../support/test-app';
import { login, makeTenant, makeUser, PASSWORD } from '../support/factories';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { LOGIN_MAX_FAILURES_PER_ACCOUNT: '3' } });
});
afterAll(() => t.close());

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, payload: payload as object, headers });

describe('login', () => {
  it('returns a bearer token pair and /me describes the user and their tenant', async () => {
    const tenant = await makeTenant(t.db.db, { name: 'Acme' });
    const user = await makeUser(t.db.db, { tenantId: tenant.id, role: 'analyst', email: 'Ana@Example.com' });
    const res = await post('/api/v1/auth/login', { email: ' ANA@example.com ', password: PASSWORD });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ success: true, errors: null, data: { token_type: 'bearer', expires_in: 900 } });

    const me = await t.app.inject({
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${body.data.access_token}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json().data).toMatchObject({
      id: user.id,
      role: 'analyst',
      tenant_id: tenant.id,
      active_tenant: { id: tenant.id, name: 'Acme' },
    });
    expect(me.json().data.permissions).toContain('cdp:read');
    expect(me.json().data.permissions).not.toContain('users:manage');
  });

  it('answers the same 401 for a wrong password and an unknown account', async () => {
    const tenant = await makeTenant(t.db.db);
    const user = await makeUser(t.db.db, { tenantId: tenant.id });
    const wrong = await post('/api/v1/auth/login', { email: user.email, password: 'not-the-password' });
    const unknown = await post('/api/v1/auth/login', { email: 'nobody@example.com', password: 'whatever-pass' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().message).toBe(unknown.json().message);
  });

  it('refuses inactive users and users of a deactivated tenant', async () => {
    const tenant = await makeTenant(t.db.db);
    const inactive = await makeUser(t.db.db, { tenantId: tenant.id, isActive: false });
    expect((await post('/api/v1/auth/login', { email: inactive.email, password: PASSWORD })).statusCode).toBe(401);
    const closed = await makeTenant(t.db.db, { isActive: false });
    const member = await makeUser(t.db.db, { tenantId: closed.id });
    expect((await post('/api/v1/auth/login', { email: member.email, password: PASSWORD })).statusCode).toBe(401);
  });

  it('throttles repeated failures per account with 429 and Retry-After', async () => {
    const tenant = await makeTenant(t.db.db);
    const user = await makeUser(t.db.db, { tenantId: tenant.id });
    for (let i = 0; i < 3; i++) {
      expect((await post('/api/v1/auth/login', { email: user.email, password: 'wrong-password' })).statusCode).toBe(401);
    }
    // Even the right password is refused while throttled.
    const res = await post('/api/v1/auth/login', { email: user.email, password: PASSWORD });
    expect(res.statusCode).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.json().errors[0].code).toBe('too_many_attempts');
  });

  it('throttles one IP spraying many accounts (429), while other IPs still sign in', async () => {
    const ipApp = await createTestApp({ env: { LOGIN_MAX_FAILURES_PER_IP: '4', LOGIN_MAX_FAILURES_PER_ACCOUNT: '50' } });
    try {
      const tenant = await makeTenant(ipApp.db.db);
      const user = await makeUser(ipApp.db.db, { tenantId: tenant.id });
      const attempt = (email: string, password: string, ip: string) =>
        ipApp.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: ip });
      for (let i = 0; i < 4; i++) expect((await attempt(`victim${i}@example.com`, 'guess-guess', '203.0.113.9')).statusCode).toBe(401);
      const blocked = await attempt(user.email, PASSWORD, '203.0.113.9');
      expect(blocked.statusCode).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      expect((await attempt(user.email, PASSWORD, '198.51.100.7')).statusCode).toBe(200);
    } finally {
      await ipApp.close();
    }
  });

  it('rejects invalid input with 422 and the field path', async () => {
    const res = await post('/api/v1/auth/login', { email: 'not-an-email', password: '' });
    expect(res.statusCode).toBe(422);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'password']));
  });
});

describe('refresh tokens', () => {
  it('rotate, and replaying a used one revokes the whole family', async () => {
    const tenant = await makeTenant(t.db.db);
    const user = await makeUser(t.db.db, { tenantId: tenant.id });
    const first = await login(t.app, user.email);

    const rotated = await post('/api/v1/auth/refresh', { refresh_token: first.refresh });
    expect(rotated.statusCode).toBe(200);
    const second = rotated.json().data.refresh_token as string;
    expect(second).not.toBe(first.refresh);

    const replay = await post('/api/v1/auth/refresh', { refresh_token: first.refresh });
    expect(replay.statusCode).toBe(401);
    // The family is gone: the legitimate newest token no longer works either.
    expect((await post('/api/v1/auth/refresh', { refresh_token: second })).statusCode).toBe(401);
  });

  it('stop working after logout', async () => {
    const tenant = await makeTenant(t.db.db);
    const user = await makeUser(t.db.db, { tenantId: tenant.id });
    const session = await login(t.app, user.email);
    const out = await post('/api/v1/auth/logout', { refresh_token: session.refresh }, session.headers);
    expect(out.statusCode).toBe(200);
    expect((await post('/api/v1/auth/refresh', { refresh_token: session.refresh })).statusCode).toBe(401);
  });

  it('refuse an unknown token', async () => {
    expect((await post('/api/v1/auth/refresh', { refresh_token: 'made-up' })).statusCode).toBe(401);
  });
});

describe('access tokens', () => {
  const me = (token: string) => t.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
  let userId: string;
  beforeAll(async () => {
    const tenant = await makeTenant(t.db.db);
    userId = (await makeUser(t.db.db, { tenantId: tenant.id })).id;
  });
  const claims = () => ({ role: 'admin', tid: null });
  const key = (s: string) => new TextEncoder().encode(s);

  it('accepts a well-formed token (control for the cases below)', async () => {
    const token = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(userId)
      .setIssuer(t.config.jwt.issuer)
      .setAudience(t.config.jwt.audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key(TEST_JWT_SECRET));
    expect((await me(token)).statusCode).toBe(200);
  });

  it.each([
    ['alg none', async () => new UnsecuredJWT(claims()).setSubject(userId).setIssuer('stratum').setAudience('stratum-api').setIssuedAt().setExpirationTime('5m').encode()],
    ['a wrong key', async () => new SignJWT(claims()).setProtectedHeader({ alg: 'HS256' }).setSubject(userId).setIssuer('stratum').setAudience('stratum-api').setIssuedAt().setExpirationTime('5m').sign(key('another-secret-another-secret-another-secret'))],
    ['an expired token', async () => new SignJWT(claims()).setProtectedHeader({ alg: 'HS256' }).setSubject(userId).setIssuer('stratum').setAudience('stratum-api').setIssuedAt(Math.floor(Date.now() / 1000) - 3600).setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(key(TEST_JWT_SECRET))],
    ['a wrong audience', async () => new SignJWT(claims()).setProtectedHeader({ alg: 'HS256' }).setSubject(userId).setIssuer('stratum').setAudience('someone-else').setIssuedAt().setExpirationTime('5m').sign(key(TEST_JWT_SECRET))],
    ['a wrong issuer', async () => new SignJWT(claims()).setProtectedHeader({ alg: 'HS256' }).setSubject(userId).setIssuer('evil').setAudience('stratum-api').setIssuedAt().setExpirationTime('5m').sign(key(TEST_JWT_SECRET))],
    ['HS512 instead of the pinned HS256', async () => new SignJWT(claims()).setProtectedHeader({ alg: 'HS512' }).setSubject(userId).setIssuer('stratum').setAudience('stratum-api').setIssuedAt().setExpirationTime('5m').sign(key(TEST_JWT_SECRET))],
  ])('rejects %s with 401', async (_name, make) => {
    const res = await me(await make());
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ success: false, data: null });
  });

  it('rejects a missing or malformed Authorization header', async () => {
    expect((await t.app.inject({ url: '/api/v1/auth/me' })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { authorization: 'Basic abc' } })).statusCode).toBe(401);
  });

  it('stops working as soon as the user is deactivated', async () => {
    const tenant = await makeTenant(t.db.db);
    const admin = await makeUser(t.db.db, { tenantId: tenant.id, role: 'admin' });
    const victim = await makeUser(t.db.db, { tenantId: tenant.id, role: 'viewer' });
    const adminSession = await login(t.app, admin.email);
    const victimSession = await login(t.app, victim.email);
    expect((await me(victimSession.token)).statusCode).toBe(200);
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${victim.id}`,
      headers: adminSession.headers,
      payload: { is_active: false },
    });
    expect(res.statusCode).toBe(200);
    expect((await me(victimSession.token)).statusCode).toBe(401);
    expect((await post('/api/v1/auth/refresh', { refresh_token: victimSession.refresh })).statusCode).toBe(401);
  });
});
