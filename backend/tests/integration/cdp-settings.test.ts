import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLogs, tenants } from '../../src/models';
import { appWithTenantAdmin } from '../support/app-with-tenant-admin';
import { login, makeUser, type Session } from '../support/factories';
import { device, event, externalId, phone, sendEvents } from '../support/cdp';

const t = appWithTenantAdmin();
let analyst: Session;
beforeAll(async () => {
  analyst = await login(t.app, (await makeUser(t.db.db, { tenantId: t.tenantId, role: 'analyst' })).email);
});

const settingsOf = (session: Session) => t.app.inject({ url: '/api/v1/cdp/settings', headers: session.headers });
const save = (session: Session, payload: object) => t.app.inject({ method: 'PUT', url: '/api/v1/cdp/settings', headers: session.headers, payload });

const dubai = {
  default_phone_region: 'AE',
  currency: 'AED',
  currency_rates: { USD: 3.6725 },
  timezone: 'Asia/Dubai',
  churn_days: 30,
  blocked_values: ['Test-User'],
};

describe('/api/v1/cdp/settings', () => {
  it('reads the defaults where the tenant has set nothing', async () => {
    const res = await settingsOf(analyst);
    expect(res.statusCode, res.body).toBe(200);
    // tenantWithAdmin sets only the phone region.
    expect(res.json().data).toEqual({
      default_phone_region: 'AE',
      currency: 'USD',
      currency_rates: {},
      timezone: 'UTC',
      churn_days: 90,
      blocked_values: [],
      identifier_limits: { external_id: 1, email: 5, phone: 5 },
      require_consent: false,
    });
  });

  it('lets an admin replace them, keeps the tenant’s other settings, audits the change, and the pipeline uses them', async () => {
    await t.db.db.update(tenants).set({ settings: { default_phone_region: 'AE', locale: 'ar', cdp: { ingest_events_per_minute: 5000 } } }).where(eq(tenants.id, t.tenantId));
    const res = await save(t.admin, { ...dubai, default_phone_region: 'SA' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data).toEqual({
      ...dubai,
      default_phone_region: 'SA',
      blocked_values: ['test-user'],
      identifier_limits: { external_id: 1, email: 5, phone: 5 },
      require_consent: false,
    });
    expect((await settingsOf(analyst)).json().data).toEqual(res.json().data);

    const [tenant] = await t.db.db.select().from(tenants).where(eq(tenants.id, t.tenantId));
    expect(tenant!.settings).toMatchObject({ locale: 'ar', cdp: { ingest_events_per_minute: 5000, churn_days: 30 } });
    const audit = await t.db.db.select().from(auditLogs).where(and(eq(auditLogs.tenantId, t.tenantId), eq(auditLogs.action, 'cdp.settings.update')));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.changes).toMatchObject({ before: { currency: 'USD' }, after: { currency: 'AED' } });

    // A Saudi mobile without its country code now normalises with SA; the blocked value is refused in any case.
    const r = await sendEvents(t.app, t.admin, [event([phone('0501234567')]), event([{ type: 'external_id', value: 'TEST-USER' }])]);
    expect(r.results[0]!.status).toBe('accepted');
    const profile = (await t.app.inject({ url: `/api/v1/cdp/profiles/${r.results[0]!.profile_id}`, headers: t.admin.headers })).json().data;
    expect(profile.identifiers[0].value).toMatch(/^\+96650/);
    expect(r.results[1]).toMatchObject({ status: 'rejected' });
    expect(r.results[1]!.error).toMatch(/blocked external_id value/);

    // No region: the field is removed rather than stored empty.
    const cleared = await save(t.admin, { ...dubai, default_phone_region: null });
    expect(cleared.json().data.default_phone_region).toBeNull();
  });

  it("tells browsers, through every source's settings, when the tenant requires consent before collecting", async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/cdp/sources', headers: t.admin.headers, payload: { name: 'Shop', source_type: 'website' } });
    const key = created.json().data.source_key as string;
    const sourceSettings = () => t.app.inject({ url: `/v1/projects/${key}/settings`, headers: { origin: 'https://shop.example' } });

    expect((await sourceSettings()).json().stratum).toEqual({ requireConsent: false });
    const saved = await save(t.admin, { ...dubai, require_consent: true });
    expect(saved.json().data.require_consent).toBe(true);
    const res = await sourceSettings();
    expect(res.json().stratum).toEqual({ requireConsent: true });
    // Browsers may keep it a minute: a change reaches pages already open within that.
    expect(res.headers['cache-control']).toBe('max-age=60');

    // Settings are replaced whole: leaving the field out turns the requirement off.
    expect((await save(t.admin, dubai)).json().data.require_consent).toBe(false);
    expect((await sourceSettings()).json().stratum).toEqual({ requireConsent: false });
  });

  it('lets an admin allow a person more user ids, and the pipeline then joins what it kept apart before', async () => {
    const shared = [externalId('limit-user-a'), device('limit-shared-tablet')];
    const first = await sendEvents(t.app, t.admin, [event(shared)]);
    const clash = await sendEvents(t.app, t.admin, [event([externalId('limit-user-b'), device('limit-shared-tablet')])]);
    expect(clash.results[0]!.error).toMatch(/identity conflict/);
    expect(clash.results[0]!.profile_id).not.toBe(first.results[0]!.profile_id);

    // Stored with the tenant's other limits (of its own identifier types), which the form does not show.
    await t.db.db.update(tenants).set({ settings: { cdp: { identifier_limits: { loyalty_id: 2 } } } }).where(eq(tenants.id, t.tenantId));
    const saved = await save(t.admin, { ...dubai, identifier_limits: { external_id: 2, email: 5, phone: 3 } });
    expect(saved.json().data.identifier_limits).toEqual({ external_id: 2, email: 5, phone: 3 });
    const [tenant] = await t.db.db.select().from(tenants).where(eq(tenants.id, t.tenantId));
    expect(tenant!.settings).toMatchObject({ cdp: { identifier_limits: { loyalty_id: 2, external_id: 2, email: 5, phone: 3 } } });

    const joined = await sendEvents(t.app, t.admin, [event([externalId('limit-user-b'), device('limit-shared-tablet')])]);
    expect(joined.results[0]!.error).toBeNull();
    const profile = (await t.app.inject({ url: `/api/v1/cdp/profiles/${joined.results[0]!.profile_id}`, headers: t.admin.headers })).json().data;
    expect(profile.identifiers.map((i: { type: string }) => i.type).sort()).toEqual(['device_id', 'external_id', 'external_id']);

    // Leaving them out of a replacement restores the defaults.
    expect((await save(t.admin, dubai)).json().data.identifier_limits).toEqual({ external_id: 1, email: 5, phone: 5 });
  });

  it('answers 422 naming the field for values it cannot use, and 403 to roles below admin', async () => {
    const invalid = [
      ['currency', 'aed'],
      ['timezone', 'Mars/Base'],
      ['churn_days', 0],
      ['currency_rates', { USD: -1 }],
      ['default_phone_region', 'UAE'],
      // Codes of the right shape that name nothing.
      ['currency', 'ZZZ'],
      ['currency_rates', { ZZZ: 2 }],
      ['default_phone_region', 'ZZ'],
      ['default_phone_region', 'XX'],
      ['require_consent', 'yes'],
      ['identifier_limits', { external_id: 0, email: 5, phone: 5 }],
      ['identifier_limits', { external_id: 1, email: 5 }],
    ] as const;
    for (const [field, value] of invalid) {
      const res = await save(t.admin, { ...dubai, [field]: value });
      expect(res.statusCode, field).toBe(422);
      expect(res.json().errors[0].field, field).toContain(field);
    }
    expect((await save(analyst, dubai)).statusCode).toBe(403);
  });
});
