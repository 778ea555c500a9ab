import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/core/security';
import { tenants, users } from '../../src/models';
import { DEMO_ADMIN_EMAIL, DEMO_TENANT_SLUG, ensureFirstStart } from '../../src/services/bootstrap/first-start';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { testConfig } from '../support/test-app';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

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
