import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIST_COUNT_AHEAD } from '@stratum/contracts';
import { inScope, tenantScope } from '../../src/db/scope';
import { auditLogs } from '../../src/models';
import { createTestApp, type TestApp } from '../support/test-app';
import { login, makeUser, tenantWithAdmin } from '../support/factories';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('audit log', () => {
  it('records a mutation with actor, resource, ip, user agent, request id and changes without secrets', async () => {
    const { tenant, admin, session } = await tenantWithAdmin(t.app, t.db.db);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { ...session.headers, 'user-agent': 'audit-test/1.0' },
      payload: { email: 'audited@example.com', full_name: 'Audited', password: 'super-secret-pass', role: 'viewer' },
    });
    expect(res.statusCode).toBe(201);
    const userId = res.json().data.id;

    const logs = await t.app.inject({ url: '/api/v1/audit-logs?action=user.create', headers: session.headers });
    expect(logs.statusCode).toBe(200);
    const [row] = logs.json().data.items;
    expect(row).toMatchObject({
      tenant_id: tenant.id,
      actor_id: admin.id,
      actor_email: admin.email,
      action: 'user.create',
      resource_type: 'user',
      resource_id: userId,
      ip: '127.0.0.1',
      user_agent: 'audit-test/1.0',
      request_id: res.headers['x-request-id'],
    });
    expect(JSON.stringify(row.changes)).toContain('audited@example.com');
    expect(JSON.stringify(row.changes)).not.toContain('super-secret-pass');
  });

  it('filters by action, resource and date range, newest first, paginated', async () => {
    const { session } = await tenantWithAdmin(t.app, t.db.db);
    for (const name of ['One', 'Two', 'Three']) {
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: session.headers,
        payload: { email: `${name.toLowerCase()}@filters.test`, full_name: name, password: 'long-password-1', role: 'viewer' },
      });
    }
    const page = await t.app.inject({ url: '/api/v1/audit-logs?action=user.create&page_size=2', headers: session.headers });
    expect(page.json().data).toMatchObject({ total: 3, page: 1, page_size: 2 });
    const [newest] = page.json().data.items;
    expect(newest.changes.after.full_name).toBe('Three');
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const none = await t.app.inject({ url: `/api/v1/audit-logs?from=${encodeURIComponent(future)}`, headers: session.headers });
    expect(none.json().data.total).toBe(0);
    const logins = await t.app.inject({ url: '/api/v1/audit-logs?resource_type=user&action=auth.login', headers: session.headers });
    expect(logins.json().data.total).toBe(1);
  });

  it('counts a long trail only ten thousand past the page, and says there is more', async () => {
    const { tenant, session } = await tenantWithAdmin(t.app, t.db.db);
    // A server syncing consents writes a row per person; written here directly, as the consent route would.
    await t.db.db.execute(sql`
      insert into audit_logs (tenant_id, action, resource_type, resource_id)
      select ${tenant.id}, 'cdp.profile.consent', 'cdp_profile', gen_random_uuid()::text from generate_series(1, ${LIST_COUNT_AHEAD + 5})`);
    const first = (await t.app.inject({ url: '/api/v1/audit-logs?action=cdp.profile.consent&page_size=100', headers: session.headers })).json().data;
    expect(first).toMatchObject({ total: LIST_COUNT_AHEAD, total_capped: true });
    expect(first.items).toHaveLength(100);
    const last = (await t.app.inject({ url: '/api/v1/audit-logs?action=cdp.profile.consent&page_size=100&page=101', headers: session.headers })).json().data;
    expect(last).toMatchObject({ total: LIST_COUNT_AHEAD + 5, total_capped: false });
    expect(last.items).toHaveLength(5);
  });

  it('shows each tenant only its own trail and is closed to non-admins', async () => {
    const a = await tenantWithAdmin(t.app, t.db.db);
    const b = await tenantWithAdmin(t.app, t.db.db);
    const aLogs = (await t.app.inject({ url: '/api/v1/audit-logs?page_size=100', headers: a.session.headers })).json().data.items;
    expect(aLogs.every((r: { tenant_id: string }) => r.tenant_id === a.tenant.id)).toBe(true);
    expect(aLogs.some((r: { actor_id: string }) => r.actor_id === b.admin.id)).toBe(false);
    const viewer = await makeUser(t.db.db, { tenantId: a.tenant.id, role: 'viewer' });
    const viewerSession = await login(t.app, viewer.email);
    const refused = await t.app.inject({ url: '/api/v1/audit-logs', headers: viewerSession.headers });
    expect(refused.statusCode).toBe(403);
    // The permission is named, so the caller knows which role would do.
    expect(refused.json().message).toMatch(/needs audit:read/);
  });

  it('cannot be updated by anyone nor deleted by the application role', async () => {
    const { tenant } = await tenantWithAdmin(t.app, t.db.db);
    const [row] = await t.db.db.select().from(auditLogs).where(eq(auditLogs.tenantId, tenant.id)).limit(1);
    if (!row) throw new Error('expected an audit row');
    await expect(
      t.db.db.update(auditLogs).set({ action: 'tampered' }).where(eq(auditLogs.id, row.id)),
    ).rejects.toThrow();
    await expect(
      inScope(t.db.db, tenantScope(tenant.id), (tx) => tx.delete(auditLogs).where(eq(auditLogs.id, row.id))),
    ).rejects.toThrow();
    const [still] = await t.db.db.select().from(auditLogs).where(eq(auditLogs.id, row.id));
    expect(still?.action).toBe(row.action);
    // Appending within the tenant's scope is allowed.
    await inScope(t.db.db, tenantScope(tenant.id), (tx) =>
      tx.execute(sql`insert into audit_logs (tenant_id, action, resource_type) values (${tenant.id}, 'x.y', 'thing')`),
    );
  });

  it('exposes no API to change or remove audit rows', () => {
    const writes = t.app.registeredRoutes.filter(
      (r) => r.url.startsWith('/api/v1/audit-logs') && [r.method].flat().some((m) => m !== 'GET' && m !== 'HEAD'),
    );
    expect(writes).toEqual([]);
  });
});
