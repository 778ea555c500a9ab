import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/core/security';
import { queryRows } from '../../src/db/client';
import { tenants, users } from '../../src/models';
import { ensureDemoData, fillDemoData, resetDemoData } from '../../src/services/bootstrap/demo-data';
import { DEMO_ADMIN_EMAIL, DEMO_TENANT_SLUG, ensureFirstStart } from '../../src/services/bootstrap/first-start';
import { databaseForFile, createTestDatabase } from '../support/test-db';
import { testConfig } from '../support/test-app';

const db = databaseForFile();

describe('first start', () => {
  it('creates the configured superadmin and the demo tenant with its admin, once', async () => {
    const config = testConfig({ STRATUM_ADMIN_EMAIL: 'Boss@Example.com', STRATUM_ADMIN_PASSWORD: 'configured-password' });
    const first = await ensureFirstStart(db.db, config);
    // The superadmin's password was configured, so only the demo admin's was generated.
    expect(first.generated.map((g) => g.email)).toEqual([DEMO_ADMIN_EMAIL]);

    const [boss] = await db.db.select().from(users).where(eq(users.email, 'boss@example.com'));
    expect(boss?.role).toBe('superadmin');
    expect(await verifyPassword(boss!.passwordHash, 'configured-password')).toBe(true);

    const [demo] = await db.db.select().from(tenants).where(eq(tenants.slug, DEMO_TENANT_SLUG));
    expect(demo).toMatchObject({ name: 'Demo Company', settings: expect.objectContaining({ default_phone_region: 'AE', currency: 'AED' }) });
    const [demoAdmin] = await db.db.select().from(users).where(eq(users.email, DEMO_ADMIN_EMAIL));
    expect(demoAdmin).toMatchObject({ role: 'admin', tenantId: demo!.id });
    expect(await verifyPassword(demoAdmin!.passwordHash, first.generated[0]!.password)).toBe(true);

    const second = await ensureFirstStart(db.db, config);
    expect(second).toEqual({ generated: [], demoTenantId: demo!.id });
    expect(await db.db.select().from(users)).toHaveLength(2);
  });
});

describe('first start without configured credentials', () => {
  it('generates the superadmin password and can skip the demo tenant', async () => {
    const fresh = await createTestDatabase();
    try {
      const result = await ensureFirstStart(fresh.db, testConfig({ SEED_DEMO: 'false' }));
      expect(result.demoTenantId).toBeNull();
      expect(result.generated).toEqual([
        { email: 'admin@stratum.local', password: expect.stringMatching(/^[\w-]{16}$/), role: 'superadmin' },
      ]);
      expect(await fresh.db.select().from(tenants)).toHaveLength(0);
    } finally {
      await fresh.destroy();
    }
  });
});

describe('demo data', () => {
  it('fills the demo tenant through the ingestion pipeline, once, with merges, consents, purchases and a spike', async () => {
    const fresh = await createTestDatabase();
    try {
      const config = testConfig();
      const { demoTenantId } = await ensureFirstStart(fresh.db, config);
      const accepted = await ensureDemoData(fresh.db, config, demoTenantId!, { people: 300 });
      expect(accepted).toBeGreaterThan(1000);
      expect(await ensureDemoData(fresh.db, config, demoTenantId!, { people: 300 })).toBe(0);
      const [facts] = await queryRows<{ merges: number; customers: number; consents: number; currencies: number; misconverted: number; spike: number; conflicts: number }>(
        fresh.db,
        sql`select (select count(*) from cdp_profile_merges)::int as merges,
                   (select count(*) from cdp_profiles where lifecycle_stage = 'customer')::int as customers,
                   (select count(*) from cdp_consents where granted)::int as consents,
                   (select count(distinct properties->>'currency') from cdp_events where event_name = 'Order Completed')::int as currencies,
                   (select count(*) from cdp_events where event_name = 'Order Completed'
                      and revenue is distinct from round((properties->>'total')::numeric
                                                         * (case properties->>'currency' when 'USD' then 3.6725 else 1 end), 2))::int as misconverted,
                   (select max(events) from cdp_event_rollups_hourly where event_name = 'Page Viewed')::int as spike,
                   (select count(*) from cdp_identity_conflicts where identifier_type = 'external_id')::int as conflicts`,
      );
      // Orders come in AED and USD and all count in the tenant's AED.
      expect(facts).toMatchObject({ currencies: 2, misconverted: 0 });
      expect(facts!.merges).toBeGreaterThan(0);
      expect(facts!.customers).toBeGreaterThan(0);
      expect(facts!.consents).toBeGreaterThan(0);
      expect(facts!.spike).toBeGreaterThanOrEqual(400);
      // The store tablet: each member after the first is kept apart from the others.
      expect(facts!.conflicts).toBe(4);
      // As the tracking API's drain leaves them: an alias's previous id waiting for its user id.
      await fresh.db.execute(sql`insert into cdp_aliased_user_ids (tenant_id, user_id_hash, anonymous_hash) values (${demoTenantId}, 'u', 'a')`);
      await resetDemoData(fresh.db, demoTenantId!);
      // Every table of customer data is empty for the tenant, whatever tables come after this test.
      const tables = await queryRows<{ table_name: string }>(
        fresh.db,
        sql`select table_name from information_schema.columns
            where table_schema = 'public' and column_name = 'tenant_id' and table_name like 'cdp\_%' order by 1`,
      );
      const left: Record<string, number> = {};
      for (const { table_name } of tables) {
        const [row] = await queryRows<{ n: number }>(fresh.db, sql`select count(*)::int as n from ${sql.identifier(table_name)} where tenant_id = ${demoTenantId}`);
        if (row!.n) left[table_name] = row!.n;
      }
      expect(left).toEqual({});
      // `npm run seed:demo` fills it again.
      expect(await fillDemoData(fresh.db, config, demoTenantId!, 300)).toBe(accepted);
    } finally {
      await fresh.destroy();
    }
  });

  it('starts a fill that was interrupted over (not left half made), and leaves a tenant filled before fills were recorded', async () => {
    const fresh = await createTestDatabase();
    try {
      const config = testConfig();
      const { demoTenantId } = await ensureFirstStart(fresh.db, config);
      const events = async () => (await queryRows<{ n: number }>(fresh.db, sql`select count(*)::int as n from cdp_events where tenant_id = ${demoTenantId}`))[0]!.n;
      const accepted = await ensureDemoData(fresh.db, config, demoTenantId!, { people: 100 });
      expect(await events()).toBe(accepted);
      // Ctrl-C during a fill: it started (again) and never finished; some of its events are in.
      await fresh.db.execute(sql`insert into audit_logs (tenant_id, action, resource_type, resource_id, created_at)
                                 values (${demoTenantId}, 'system.bootstrap.demo_data_started', 'tenant', ${demoTenantId}, now() + interval '1 second')`);
      await fresh.db.execute(sql`delete from cdp_events where tenant_id = ${demoTenantId} and event_name = 'Logged In'`);
      let filling = 0;
      expect(await ensureDemoData(fresh.db, config, demoTenantId!, { people: 100, onFill: () => filling++ })).toBe(accepted);
      expect(await events()).toBe(accepted);
      expect(filling).toBe(1);
      // Filled before fills were recorded: events and no record of a fill.
      await fresh.db.execute(sql`delete from audit_logs where tenant_id = ${demoTenantId} and action like 'system.bootstrap.demo_data%'`);
      expect(await ensureDemoData(fresh.db, config, demoTenantId!, { people: 100 })).toBe(0);
    } finally {
      await fresh.destroy();
    }
  });
});
