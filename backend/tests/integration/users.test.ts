import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app';
import { login, makeUser, PASSWORD, tenantWithAdmin, type Session } from '../support/factories';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, session: Session, payload?: object) =>
  t.app.inject({ method, url, payload, headers: session.headers });

describe('users API (tenant admin)', () => {
  it('creates a user who can then sign in, lists, updates and deletes them', async () => {
    const { tenant, session } = await tenantWithAdmin(t.app, t.db.db);
    const created = await call('POST', '/api/v1/users', session, {
      email: 'New.Analyst@Example.com',
      full_name: 'New Analyst',
      password: 'a-long-enough-password',
      role: 'analyst',
    });
    expect(created.statusCode).toBe(201);
    const user = created.json().data;
    expect(user).toMatchObject({ email: 'new.analyst@example.com', role: 'analyst', tenant_id: tenant.id });
    expect(user).not.toHaveProperty('password_hash');
    await login(t.app, 'new.analyst@example.com', 'a-long-enough-password');

    const list = await call('GET', '/api/v1/users?q=analyst', session);
    expect(list.json().data.items.map((u: { id: string }) => u.id)).toEqual([user.id]);
    expect((await call('GET', '/api/v1/users?role=admin', session)).json().data.total).toBe(1);

    const updated = await call('PATCH', `/api/v1/users/${user.id}`, session, { role: 'manager', full_name: 'Promoted' });
    expect(updated.json().data).toMatchObject({ role: 'manager', full_name: 'Promoted' });
    // An update that names nothing to change is refused as such (it reached the database as an empty UPDATE).
    for (const nothing of [{}, { unknown_field: 1 }]) {
      const refused = await call('PATCH', `/api/v1/users/${user.id}`, session, nothing);
      expect(refused.statusCode).toBe(422);
      expect(refused.json().errors[0].message).toBe('Send at least one of full_name, role, is_active, password');
    }

    expect((await call('DELETE', `/api/v1/users/${user.id}`, session)).statusCode).toBe(200);
    expect((await call('GET', `/api/v1/users/${user.id}`, session)).statusCode).toBe(404);
    const relogin = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'new.analyst@example.com', password: 'a-long-enough-password' },
    });
    expect(relogin.statusCode).toBe(401);
  });

  it('validates passwords (≥ 10 characters), emails and roles with field paths', async () => {
    const { session } = await tenantWithAdmin(t.app, t.db.db);
    const res = await call('POST', '/api/v1/users', session, {
      email: 'bad',
      full_name: 'X',
      password: 'short',
      role: 'superadmin',
    });
    expect(res.statusCode).toBe(422);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'password', 'role']));
  });

  it('answers 409 for an email already in use', async () => {
    const { session, admin } = await tenantWithAdmin(t.app, t.db.db);
    const res = await call('POST', '/api/v1/users', session, {
      email: admin.email,
      full_name: 'Copy',
      password: PASSWORD,
      role: 'viewer',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().errors[0]).toMatchObject({ field: 'email', code: 'email_taken' });
  });

  it('does not let an admin delete or demote themselves', async () => {
    const { session, admin } = await tenantWithAdmin(t.app, t.db.db);
    expect((await call('DELETE', `/api/v1/users/${admin.id}`, session)).statusCode).toBe(409);
    expect((await call('PATCH', `/api/v1/users/${admin.id}`, session, { role: 'viewer' })).statusCode).toBe(409);
  });

  it('hides other tenants: their users are 404 and never listed', async () => {
    const a = await tenantWithAdmin(t.app, t.db.db);
    const b = await tenantWithAdmin(t.app, t.db.db);
    const bUser = await makeUser(t.db.db, { tenantId: b.tenant.id, role: 'viewer' });
    expect((await call('GET', `/api/v1/users/${bUser.id}`, a.session)).statusCode).toBe(404);
    expect((await call('PATCH', `/api/v1/users/${bUser.id}`, a.session, { full_name: 'hijack' })).statusCode).toBe(404);
    expect((await call('DELETE', `/api/v1/users/${bUser.id}`, a.session)).statusCode).toBe(404);
    const ids = (await call('GET', '/api/v1/users?page_size=100', a.session)).json().data.items.map((u: { id: string }) => u.id);
    expect(ids).not.toContain(bUser.id);
    // A tenant admin cannot create users elsewhere by naming another tenant.
    const elsewhere = await call('POST', '/api/v1/users', a.session, {
      email: 'x@example.com', full_name: 'X', password: PASSWORD, role: 'viewer', tenant_id: b.tenant.id,
    });
    expect(elsewhere.statusCode).toBe(403);
  });

  it("ends a user's access tokens when an admin sets a new password, and lets them sign in again with it", async () => {
    const { tenant, session: admin } = await tenantWithAdmin(t.app, t.db.db);
    const user = await makeUser(t.db.db, { tenantId: tenant.id, role: 'analyst' });
    const before = await login(t.app, user.email);
    expect((await call('GET', '/api/v1/auth/me', before)).statusCode).toBe(200);
    // Tokens say when they were issued to the second: the reset lands in a later second than the old token.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await call('PATCH', `/api/v1/users/${user.id}`, admin, { password: 'a-brand-new-password' })).statusCode).toBe(200);
    const refused = await call('GET', '/api/v1/auth/me', before);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().message).toMatch(/sign in again/);
    const after = await login(t.app, user.email, 'a-brand-new-password');
    expect((await call('GET', '/api/v1/auth/me', after)).statusCode).toBe(200);
    // Other changes (a new name) leave sessions alone.
    expect((await call('PATCH', `/api/v1/users/${user.id}`, admin, { full_name: 'Renamed' })).statusCode).toBe(200);
    expect((await call('GET', '/api/v1/auth/me', after)).statusCode).toBe(200);
  });

  it('is closed to roles without users:manage', async () => {
    const { tenant } = await tenantWithAdmin(t.app, t.db.db);
    for (const role of ['manager', 'analyst', 'viewer'] as const) {
      const user = await makeUser(t.db.db, { tenantId: tenant.id, role });
      const session = await login(t.app, user.email);
      expect((await call('GET', '/api/v1/users', session)).statusCode).toBe(403);
    }
  });
});

describe('users API (superadmin)', () => {
  it('creates users in a named tenant and lists any tenant', async () => {
    const superadmin = await makeUser(t.db.db, { tenantId: null, role: 'superadmin' });
    const root = await login(t.app, superadmin.email);
    const { tenant } = await tenantWithAdmin(t.app, t.db.db);
    const missing = await call('POST', '/api/v1/users', root, { email: 'n@example.com', full_name: 'N', password: PASSWORD, role: 'viewer' });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors[0].field).toBe('tenant_id');
    const created = await call('POST', '/api/v1/users', root, {
      email: 'n@example.com', full_name: 'N', password: PASSWORD, role: 'viewer', tenant_id: tenant.id,
    });
    expect(created.statusCode).toBe(201);
    const listed = await call('GET', `/api/v1/users?tenant_id=${tenant.id}`, root);
    expect(listed.json().data.total).toBe(2);
    const unknownTenant = await call('POST', '/api/v1/users', root, {
      email: 'm@example.com', full_name: 'M', password: PASSWORD, role: 'viewer', tenant_id: crypto.randomUUID(),
    });
    expect(unknownTenant.statusCode).toBe(404);
  });
});
