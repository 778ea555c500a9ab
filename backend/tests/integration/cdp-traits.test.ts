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

interface Sent {
  minutesAgo: number;
  devices: string[];
  traits?: Record<string, unknown>;
}

/** Sends the events in these batches to a new tenant; returns the traits of each live profile, by its devices. */
async function send(batches: Sent[][]): Promise<Record<string, unknown>[]> {
  const tenant = await makeTenant(t.db.db);
  for (const batch of batches) {
    const events = batch.map((e) => ({
      event_name: 'Page Viewed',
      event_time: new Date(Date.now() - e.minutesAgo * 60_000).toISOString(),
      identifiers: e.devices.map((value) => ({ type: 'device_id', value })),
      properties: {},
      ...(e.traits ? { traits: e.traits } : {}),
    }));
    expect((await ingestEvents(t.db.db, t.config, { tenantId: tenant.id, sourceId: null }, events)).accepted).toBe(batch.length);
  }
  const rows = await queryRows<{ profile_data: Record<string, unknown> }>(
    t.db.db,
    sql`select profile_data from cdp_profiles where tenant_id = ${tenant.id} and merged_into_id is null order by first_seen_at`,
  );
  return rows.map((r) => r.profile_data);
}

describe('profile traits', () => {
  it('take the newest value of each key through a merge, not the values of the profile seen last', async () => {
    const traits = await send([
      [{ minutesAgo: 30, devices: ['A'], traits: { plan: 'gold', city: 'Dubai' } }],
      [{ minutesAgo: 20, devices: ['B'], traits: { plan: 'silver' } }],
      // A is seen last, but with no traits: its plan is still the older one.
      [{ minutesAgo: 10, devices: ['A'] }],
      [{ minutesAgo: 1, devices: ['A', 'B'] }],
    ]);
    expect(traits).toEqual([{ plan: 'silver', city: 'Dubai' }]);
  });

  it('take the newest value of each key whatever order and batches the events come in (property)', async () => {
    const key = fc.constantFrom('plan', 'city', 'tier');
    const events = fc.uniqueArray(fc.integer({ min: 1, max: 600 }), { minLength: 1, maxLength: 8 }).chain((minutes) =>
      fc.tuple(...minutes.map((m) => fc.record({ minutesAgo: fc.constant(m), traits: fc.option(fc.dictionary(key, fc.constantFrom('a', 'b', 'c'), { minKeys: 1 })) }))),
    );
    await fc.assert(
      fc.asyncProperty(events, fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 8, maxLength: 8 }), async (stream, sizes) => {
        const sent: Sent[] = stream.map((e) => ({ minutesAgo: e.minutesAgo, devices: ['person'], ...(e.traits ? { traits: e.traits } : {}) }));
        const expected: Record<string, unknown> = {};
        for (const e of [...sent].sort((a, b) => b.minutesAgo - a.minutesAgo)) Object.assign(expected, e.traits);
        const batches: Sent[][] = [];
        for (let i = 0, b = 0; i < sent.length; b++) {
          batches.push(sent.slice(i, i + sizes[b]!));
          i += sizes[b]!;
        }
        expect(await send(batches)).toEqual([expected]);
      }),
      { numRuns: 25 },
    );
  });
});
