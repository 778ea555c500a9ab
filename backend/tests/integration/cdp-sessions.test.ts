import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client';
import { ingestEvents } from '../../src/services/cdp/ingest/ingest-events';
import { createTestApp, type TestApp } from '../support/test-app';
import { makeTenant } from '../support/factories';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const GAP_MINUTES = 30;
const base = Date.now() - 7 * 86_400_000;

/** Sessions as defined: runs of events with no gap over 30 minutes, counted over the whole timeline. */
function sessionsOf(minutes: number[]): number {
  const sorted = [...minutes].sort((a, b) => a - b);
  return sorted.filter((m, i) => i === 0 || m - sorted[i - 1]! > GAP_MINUTES).length;
}

/** Sends one person's events at these minutes, in these batches; returns the profile's and the rollups' session counts. */
async function send(batches: number[][]): Promise<{ profile: number; rollups: number }> {
  const tenant = await makeTenant(t.db.db);
  for (const batch of batches) {
    const events = batch.map((m) => ({
      event_name: 'Page Viewed',
      event_time: new Date(base + m * 60_000).toISOString(),
      identifiers: [{ type: 'external_id', value: 'sessions-person' }],
      properties: {},
    }));
    const result = await ingestEvents(t.db.db, t.config, { tenantId: tenant.id, sourceId: null }, events);
    expect(result.accepted).toBe(batch.length);
  }
  const [row] = await queryRows<{ profile: number; rollups: number }>(
    t.db.db,
    sql`select (select total_sessions from cdp_profiles where tenant_id = ${tenant.id} and merged_into_id is null) as profile,
               (select coalesce(sum(sessions), 0)::int from cdp_event_rollups_hourly where tenant_id = ${tenant.id}) as rollups`,
  );
  return row!;
}

describe('sessions', () => {
  it('counts the same sessions whatever order the events arrive in', async () => {
    // Out of order: a backfill after live events, and an event that joins two sessions into one.
    expect(await send([[180], [80], [70], [60]])).toEqual({ profile: 2, rollups: 2 });
    expect(await send([[60, 120], [90]])).toEqual({ profile: 1, rollups: 1 });
    expect(await send([[5 * 1440], [0], [1440], [2 * 1440], [3 * 1440], [4 * 1440]])).toEqual({ profile: 6, rollups: 6 });
  });

  it('equals the count over the sorted timeline for any order and any cut into batches (property)', async () => {
    const minutes = fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 14 });
    await fc.assert(
      fc.asyncProperty(
        minutes.chain((ms) => fc.tuple(fc.constant(ms), fc.shuffledSubarray(ms, { minLength: ms.length, maxLength: ms.length }), fc.array(fc.integer({ min: 1, max: 4 }), { minLength: ms.length, maxLength: ms.length }))),
        async ([ms, order, sizes]) => {
          const batches: number[][] = [];
          for (let i = 0, b = 0; i < order.length; b++) {
            batches.push(order.slice(i, i + sizes[b]!));
            i += sizes[b]!;
          }
          const expected = sessionsOf(ms);
          expect(await send(batches)).toEqual({ profile: expected, rollups: expected });
        },
      ),
      { numRuns: 25 },
    );
  });
});
