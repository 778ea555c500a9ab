import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { cdpSources, tenants } from '../../src/models';
import { forgetCdpSettings } from '../../src/services/cdp/tenant-cdp-settings';
import { appWithTenantAdmin } from '../support/app-with-tenant-admin';
import { login, makeUser, tenantWithAdmin } from '../support/factories';
import { anon, event } from '../support/cdp';

const t = appWithTenantAdmin();

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, session = t.admin) =>
  t.app.inject({ method, url, payload, headers: session.headers });
const ingest = (key: string, events: unknown[]) =>
  t.app.inject({ method: 'POST', url: '/api/v1/cdp/ingest', headers: { 'x-source-key': key }, payload: { events } });

describe('sources API', () => {
  it('creates a source and shows its key once, stored only as a hash', async () => {
    const res = await call('POST', '/api/v1/cdp/sources', { name: 'Shop', source_type: 'website', config: { domain: 'shop.example' } });
    expect(res.statusCode).toBe(201);
    const source = res.json().data;
    expect(source.source_key).toMatch(/^cdp_[A-Za-z0-9_-]{43}$/);
    expect(source.key_prefix).toBe(source.source_key.slice(0, 12));
    const [row] = await t.db.db.select().from(cdpSources).where(eq(cdpSources.id, source.id));
    expect(row!.keyHash).not.toContain(source.source_key);
    const list = (await call('GET', '/api/v1/cdp/sources')).json().data;
    expect(list.total).toBe(1);
    expect(JSON.stringify(list)).not.toContain(source.source_key);
    expect(JSON.stringify((await call('GET', `/api/v1/cdp/sources/${source.id}`)).json())).not.toContain(source.source_key);
  });

  it('refuses an unknown source type with a message that starts "Invalid source type"', async () => {
    const res = await call('POST', '/api/v1/cdp/sources', { name: 'X', source_type: 'someone@example.com' });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ field: 'source_type', message: expect.stringMatching(/^Invalid source type/) });
    // What was sent is not echoed: errors end up in logs and screenshots.
    expect(res.body).not.toContain('someone@');
  });

  it('keeps a source\'s config small: over 16 KB is refused', async () => {
    const big = await call('POST', '/api/v1/cdp/sources', { name: 'Big', source_type: 'server', config: { notes: 'x'.repeat(17 * 1024) } });
    expect(big.statusCode).toBe(422);
    expect(big.json().errors[0]).toMatchObject({ field: 'config', message: 'config may hold at most 16 KB' });
    const source = (await call('POST', '/api/v1/cdp/sources', { name: 'Small', source_type: 'server', config: { notes: 'x'.repeat(1024) } })).json().data;
    expect((await call('PATCH', `/api/v1/cdp/sources/${source.id}`, { config: { notes: 'x'.repeat(17 * 1024) } })).statusCode).toBe(422);
  });

  it('rotates the key: the new one works at once and the old one is refused', async () => {
    const source = (await call('POST', '/api/v1/cdp/sources', { name: 'Server', source_type: 'server' })).json().data;
    const rotated = (await call('POST', `/api/v1/cdp/sources/${source.id}/rotate-key`)).json().data;
    expect(rotated.source_key).not.toBe(source.source_key);
    expect((await ingest(source.source_key, [event([anon('r1')])])).statusCode).toBe(401);
    expect((await ingest(rotated.source_key, [event([anon('r1')])])).statusCode).toBe(201);
  });

  it('updates, deactivates and deletes (soft) a source, audited', async () => {
    const source = (await call('POST', '/api/v1/cdp/sources', { name: 'CRM', source_type: 'crm' })).json().data;
    const patched = await call('PATCH', `/api/v1/cdp/sources/${source.id}`, { name: 'CRM (HubSpot)', is_active: false });
    expect(patched.json().data).toMatchObject({ name: 'CRM (HubSpot)', is_active: false });
    expect((await ingest(source.source_key, [event([anon('c1')])])).statusCode).toBe(401);
    expect((await call('DELETE', `/api/v1/cdp/sources/${source.id}`)).statusCode).toBe(200);
    expect((await call('GET', `/api/v1/cdp/sources/${source.id}`)).statusCode).toBe(404);
    const actions = (await call('GET', `/api/v1/audit-logs?resource_id=${source.id}`)).json().data.items.map((a: { action: string }) => a.action);
    expect(actions.sort()).toEqual(['cdp.source.create', 'cdp.source.delete', 'cdp.source.update']);
  });

  it('keeps names unique within the tenant, whatever their case (409 on the field); a deleted source frees its name', async () => {
    const first = (await call('POST', '/api/v1/cdp/sources', { name: 'Mobile app', source_type: 'server' })).json().data;
    const again = await call('POST', '/api/v1/cdp/sources', { name: ' mobile APP ', source_type: 'website' });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors).toEqual([expect.objectContaining({ field: 'name', code: 'source_name_taken' })]);
    const other = (await call('POST', '/api/v1/cdp/sources', { name: 'Mobile web', source_type: 'website' })).json().data;
    expect((await call('PATCH', `/api/v1/cdp/sources/${other.id}`, { name: 'MOBILE APP' })).statusCode).toBe(409);
    // Another tenant may use the name.
    const elsewhere = await tenantWithAdmin(t.app, t.db.db);
    expect((await call('POST', '/api/v1/cdp/sources', { name: 'Mobile app', source_type: 'server' }, elsewhere.session)).statusCode).toBe(201);
    expect((await call('DELETE', `/api/v1/cdp/sources/${first.id}`)).statusCode).toBe(200);
    expect((await call('POST', '/api/v1/cdp/sources', { name: 'Mobile app', source_type: 'server' })).statusCode).toBe(201);
  });

  it('numbers the sources that shared a name before names were unique, so the index can be built', async () => {
    const { tenant } = await tenantWithAdmin(t.app, t.db.db);
    await t.db.db.execute(sql`drop index cdp_sources_name_key`);
    for (const name of ['Website', 'website', 'Website', 'Shop']) {
      await t.db.db.insert(cdpSources).values({ tenantId: tenant.id, name, sourceType: 'website', keyHash: crypto.randomUUID(), keyPrefix: 'cdp_x' });
    }
    const [renumber, index] = readFileSync(new URL('../../migrations/0042_unique_source_names.sql', import.meta.url), 'utf8').split('--> statement-breakpoint');
    await t.db.db.execute(sql.raw(renumber!));
    await t.db.db.execute(sql.raw(index!));
    const names = await t.db.db.select({ name: cdpSources.name }).from(cdpSources).where(eq(cdpSources.tenantId, tenant.id));
    expect(names.map((n) => n.name).sort()).toEqual(['Shop', 'Website', 'Website (3)', 'website (2)']);
  });

  it('refuses an update that changes nothing with 422, not a server error', async () => {
    const source = (await call('POST', '/api/v1/cdp/sources', { name: 'Empty patch', source_type: 'website' })).json().data;
    for (const body of [{}, { unknown_field: 1 }]) {
      const res = await call('PATCH', `/api/v1/cdp/sources/${source.id}`, body);
      expect(res.statusCode).toBe(422);
      expect(res.json().errors[0].message).toBe('Send at least one of name, config, is_active');
    }
    expect((await call('GET', `/api/v1/cdp/sources/${source.id}`)).json().data.name).toBe('Empty patch');
  });

  it('lets analysts read sources but not manage them', async () => {
    const analyst = await login(t.app, (await makeUser(t.db.db, { tenantId: t.tenantId, role: 'analyst' })).email);
    expect((await call('GET', '/api/v1/cdp/sources', undefined, analyst)).statusCode).toBe(200);
    expect((await call('POST', '/api/v1/cdp/sources', { name: 'x', source_type: 'website' }, analyst)).statusCode).toBe(403);
  });
});

describe('ingest rate limit', () => {
  it('answers 429 with Retry-After once the tenant quota for the minute is used', async () => {
    const { tenant, session } = await tenantWithAdmin(t.app, t.db.db);
    await t.db.db.update(tenants).set({ settings: { cdp: { ingest_events_per_minute: 3 } } }).where(eq(tenants.id, tenant.id));
    forgetCdpSettings(tenant.id);
    const send = (n: number) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/cdp/events',
        headers: session.headers,
        payload: { events: Array.from({ length: n }, (_, i) => event([anon(`rl-${i}`)])) },
      });
    expect((await send(2)).statusCode).toBe(201);
    const refused = await send(2);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // The refused batch used no quota: one more event still fits.
    expect((await send(1)).statusCode).toBe(201);
    // A batch larger than a whole minute's quota would never fit: refused as too large, not "retry later".
    const never = await send(4);
    expect(never.statusCode).toBe(413);
    expect(never.headers['retry-after']).toBeUndefined();
    expect(never.json().message).toContain('send smaller batches');
  });
});
