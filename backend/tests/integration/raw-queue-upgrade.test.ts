import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client';
import { runMigrations } from '../../src/db/migrate';
import { drainChunk } from '../../src/services/cdp/ingest/raw-event-queue';
import { makeTenant } from '../support/factories';
import { migrationsBefore } from '../support/migrations-before';
import { testConfig } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

const removals: (() => void)[] = [];
let db: TestDatabase | undefined;
afterAll(async () => {
  await db?.destroy();
  for (const remove of removals) remove();
});

describe('upgrading the collection queue to one row per request', () => {
  it('keeps the events acknowledged before the upgrade and drains them afterwards', async () => {
    const before = migrationsBefore('0015_raw_queue_holds_requests');
    removals.push(before.remove);
    db = await createTestDatabase(before.folder);
    const tenant = await makeTenant(db.db);
    // A row as the old fast path wrote it: one mapped CDP event per row.
    const event = {
      event_name: 'Queued Before Upgrade',
      event_time: new Date().toISOString(),
      identifiers: [{ type: 'anonymous_id', value: 'upgrade-anon' }],
      properties: { plan: 'old' },
      context: {},
    };
    await db.db.execute(sql`
      insert into cdp_raw_events (id, tenant_id, source_id, received_at, event, dedupe_window_hours)
      values (gen_random_uuid(), ${tenant.id}, null, now(), ${JSON.stringify(event)}::jsonb, 168)`);

    await runMigrations(db);
    const [queued] = await queryRows<{ format: string; message_count: number; payload: string }>(
      db.db,
      sql`select format, message_count, payload from cdp_raw_events where tenant_id = ${tenant.id}`,
    );
    expect(queued).toMatchObject({ format: 'cdp', message_count: 1 });
    expect(JSON.parse(queued!.payload)).toEqual([event]);

    expect(await drainChunk(db.db, testConfig(), tenant.id)).toBe(1);
    const stored = await queryRows<{ event_name: string; properties: unknown }>(
      db.db,
      sql`select event_name, properties from cdp_events where tenant_id = ${tenant.id}`,
    );
    expect(stored.map((e) => ({ ...e, properties: typeof e.properties === 'string' ? JSON.parse(e.properties) : e.properties }))).toEqual([
      { event_name: 'Queued Before Upgrade', properties: { plan: 'old' } },
    ]);
  });
});
