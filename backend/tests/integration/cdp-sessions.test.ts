import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client';
import { ingestEvents } from '../../src/services/cdp/ingest/ingest-events';
import { settleMergedProfiles } from '../../src/services/cdp/profiles/settle-profiles';
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

const PERSON = [{ type: 'external_id', value: 'sessions-person' }];

/**
 * Sends one person's events at these minutes, in these batches (each event naming the person by `identifiersOf` its
 * minute), then settles the tenant's merges as the background pass does; returns the profile's and the rollups'
 * session counts.
 */
async function send(
  batches: number[][],
  identifiersOf: (minute: number) => { type: string; value: string }[] = () => PERSON,
): Promise<{ profile: number; rollups: number }> {
  const tenant = await makeTenant(t.db.db);
  for (const batch of batches) {
    const events = batch.map((m) => ({
      event_name: 'Page Viewed',
      event_time: new Date(base + m * 60_000).toISOString(),
      identifiers: identifiersOf(m),
      properties: {},
    }));
    const result = await ingestEvents(t.db.db, t.config, { tenantId: tenant.id, sourceId: null }, events);
    expect(result.accepted).toBe(batch.length);
  }
  await settleMergedProfiles(t.db.db, tenant.id);
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

  it('counts the same on the merged profile when the events came as several people, once the merges are settled (property)', async () => {
    // The person's three identifiers, each event carrying one, until an event carrying all three joins them.
    const ids = [
      [{ type: 'device_id', value: 'laptop' }],
      [{ type: 'anonymous_id', value: 'phone-browser' }],
      [{ type: 'email', value: 'sessions@example.com' }],
    ];
    const minutes = fc.uniqueArray(fc.integer({ min: 0, max: 400 }), { minLength: 2, maxLength: 12 });
    await fc.assert(
      fc.asyncProperty(
        minutes.chain((ms) =>
          fc.tuple(
            fc.constant(ms),
            fc.array(fc.integer({ min: 0, max: 2 }), { minLength: ms.length, maxLength: ms.length }),
            fc.array(fc.integer({ min: 1, max: 4 }), { minLength: ms.length, maxLength: ms.length }),
          ),
        ),
        async ([ms, who, sizes]) => {
          const [bridge, ...rest] = ms;
          const identifiersOf = (m: number) => (m === bridge ? ids.flat() : ids[who[ms.indexOf(m)]!]!);
          const batches: number[][] = [];
          for (let i = 0, b = 0; i < rest.length; b++) {
            batches.push(rest.slice(i, i + sizes[b]!));
            i += sizes[b]!;
          }
          batches.push([bridge!]);
          expect((await send(batches, identifiersOf)).profile).toBe(sessionsOf(ms));
        },
      ),
      { numRuns: 25 },
    );
  });
});
