import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client';
import { runMigrations } from '../../src/db/migrate';
import { makeTenant } from '../support/factories';
import { migrationsBefore } from '../support/migrations-before';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

const before = migrationsBefore('0031_conflicts_name_both_sides');
let db: TestDatabase | undefined;
afterAll(async () => {
  await db?.destroy();
  before.remove();
});

describe('upgrading identity conflicts to name both sides', () => {
  it('adds the profile the event landed on to a conflict recorded before, and indexes every profile it names at its time', async () => {
    db = await createTestDatabase(before.folder);
    const tenant = await makeTenant(db.db);
    const [landed, apart, event] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    await db.db.execute(sql`insert into cdp_profiles (id, tenant_id, first_seen_at, last_seen_at)
                            values (${landed}, ${tenant.id}, now(), now()), (${apart}, ${tenant.id}, now(), now())`);
    await db.db.execute(sql`insert into cdp_events (id, tenant_id, profile_id, origin_profile_id, event_name, event_time, received_at, properties, context, identifiers, emq_score)
                            values (${event}, ${tenant.id}, ${landed}, ${landed}, 'Logged In', now(), now(), '{}', '{}', '[]', 40)`);
    // As ingestion recorded it then: only the profile the event was kept apart from.
    await db.db.execute(sql`insert into cdp_identity_conflicts (tenant_id, event_id, profile_ids, identifier_type, reason, created_at)
                            values (${tenant.id}, ${event}, ${JSON.stringify([apart])}::jsonb, 'external_id', 'would exceed the limit', '2026-03-01T10:00:00Z')`);

    await runMigrations(db);
    const [conflict] = await queryRows<{ id: string; profile_ids: unknown }>(db.db, sql`select id, profile_ids from cdp_identity_conflicts`);
    const ids = typeof conflict!.profile_ids === 'string' ? JSON.parse(conflict!.profile_ids) : conflict!.profile_ids;
    expect(ids).toEqual([landed, apart]);
    const indexed = await queryRows<{ profile_id: string; conflict_id: string; created_at: string | Date }>(
      db.db,
      sql`select profile_id, conflict_id, created_at from cdp_identity_conflict_profiles`,
    );
    expect(indexed.map((r) => [r.profile_id, r.conflict_id]).sort()).toEqual([[landed, conflict!.id], [apart, conflict!.id]].sort());
    // Each at the conflict's own time, the order a profile's conflicts are listed in.
    expect(indexed.map((r) => new Date(r.created_at).toISOString())).toEqual(['2026-03-01T10:00:00.000Z', '2026-03-01T10:00:00.000Z']);
  });
});
