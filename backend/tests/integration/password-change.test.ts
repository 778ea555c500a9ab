import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app';
import { auditLogs } from '../../src/models';
import { login, makeTenant, makeUser, PASSWORD, type Session } from '../support/factories';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { LOGIN_MAX_FAILURES_PER_ACCOUNT: '3' } });
});
afterAll(() => t.close());

const change = (session: Session, payload: object) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: session.headers, payload });
const me = (token: string) => t.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
const refresh = (token: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refresh_token: token } });
// Tokens say when they were issued to the second: a change lands in a later second than the tokens before it.
const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1100));

async function analyst() {
  const tenant = await makeTenant(t.db.db);
  return makeUser(t.db.db, { tenantId: tenant.id, role: 'analyst' });
}

describe('changing one’s own password', () => {
  it('takes the new password, ends every other session and keeps the caller signed in', async () => {
    const user = await analyst();
    const here = await login(t.app, user.email);
    const elsewhere = await login(t.app, user.email);
    await nextSecond();
    const res = await change(here, { current_password: PASSWORD, new_password: 'a-new-long-password' });
    expect(res.statusCode).toBe(200);
    const pair = res.json().data as { access_token: string; refresh_token: string };
    expect((await me(pair.access_token)).statusCode).toBe(200);
    expect((await refresh(pair.refresh_token)).statusCode).toBe(200);
    // The other device (and this one's old tokens) must sign in again.
    expect((await me(elsewhere.token)).statusCode).toBe(401);
    expect((await me(here.token)).statusCode).toBe(401);
    expect((await refresh(elsewhere.refresh)).statusCode).toBe(401);
    await expect(login(t.app, user.email)).rejects.toThrow(/401/);
    expect((await me((await login(t.app, user.email, 'a-new-long-password')).token)).statusCode).toBe(200);
    const [audit] = await t.db.db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.resourceId, user.id), eq(auditLogs.action, 'auth.password_change')));
    expect(audit).toMatchObject({ actorId: user.id, tenantId: user.tenantId });
    expect(JSON.stringify(audit)).not.toContain('a-new-long-password');
  });

  it('refuses a wrong current password (422 on the field, the password unchanged) and throttles guessing', async () => {
    const user = await analyst();
    const session = await login(t.app, user.email);
    const wrong = await change(session, { current_password: 'not-my-password', new_password: 'a-new-long-password' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors).toEqual([expect.objectContaining({ field: 'current_password', code: 'wrong_password' })]);
    expect((await me(session.token)).statusCode).toBe(200);
    await change(session, { current_password: 'guess-two', new_password: 'a-new-long-password' });
    await change(session, { current_password: 'guess-three', new_password: 'a-new-long-password' });
    // A stolen token cannot try passwords without limit: even the right one waits now.
    const throttled = await change(session, { current_password: PASSWORD, new_password: 'a-new-long-password' });
    expect(throttled.statusCode).toBe(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('checks the new password: long enough and not the current one; needs a signed-in user', async () => {
    const user = await analyst();
    const session = await login(t.app, user.email);
    const short = await change(session, { current_password: PASSWORD, new_password: 'short' });
    expect(short.statusCode).toBe(422);
    expect(short.json().errors[0].field).toBe('new_password');
    const same = await change(session, { current_password: PASSWORD, new_password: PASSWORD });
    expect(same.statusCode).toBe(422);
    expect(same.json().errors[0]).toMatchObject({ field: 'new_password' });
    const anonymous = await t.app.inject({
      method: 'POST', url: '/api/v1/auth/password', payload: { current_password: PASSWORD, new_password: 'a-new-long-password' },
    });
    expect(anonymous.statusCode).toBe(401);
    expect((await me(session.token)).statusCode).toBe(200);
  });

  it('works for a superadmin, who has no tenant', async () => {
    const root = await makeUser(t.db.db, { tenantId: null, role: 'superadmin' });
    const session = await login(t.app, root.email);
    const res = await change(session, { current_password: PASSWORD, new_password: 'root-new-password' });
    expect(res.statusCode).toBe(200);
    await login(t.app, root.email, 'root-new-password');
  });
});
