import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client';
import { runMigrations } from '../../src/db/migrate';
import { makeTenant } from '../support/factories';
import { migrationsBefore } from '../support/migrations-before';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

const before = migrationsBefore('0038_trait_times');
let db: TestDatabase | undefined;
afterAll(async () => {
  await db?.destroy();
  before.remove();
});

describe('upgrading profiles to keep each trait’s time', () => {
  it('dates the traits set before as the profile’s last event, the age every rule gave them until then', async () => {
    db = await createTestDatabase(before.folder);
    const tenant = await makeTenant(db.db);
    const [withTraits, without] = [crypto.randomUUID(), crypto.randomUUID()];
    await db.db.execute(sql`insert into cdp_profiles (id, tenant_id, first_seen_at, last_seen_at, profile_data)
                            values (${withTraits}, ${tenant.id}, '2026-03-01T09:00:00Z', '2026-03-01T10:00:00Z', '{"plan": "gold", "city": "Dubai"}'),
                                   (${without}, ${tenant.id}, '2026-03-01T09:00:00Z', '2026-03-01T10:00:00Z', '{}')`);

    await runMigrations(db);
    const rows = await queryRows<{ id: string; trait_times: unknown }>(db.db, sql`select id, trait_times from cdp_profiles`);
    const timesOf = (id: string) => {
      const value = rows.find((r) => r.id === id)!.trait_times;
      const times = (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, string>;
      return Object.fromEntries(Object.entries(times).map(([key, at]) => [key, new Date(at).toISOString()]));
    };
    expect(timesOf(withTraits)).toEqual({ plan: '2026-03-01T10:00:00.000Z', city: '2026-03-01T10:00:00.000Z' });
    expect(timesOf(without)).toEqual({});
  });
});
