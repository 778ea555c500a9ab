import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client';
import { tenantPiiKeys, lookupHash } from '../../src/services/cdp/identity/pii-crypto';
import { ingestEvents } from '../../src/services/cdp/ingest/ingest-events';
import { createTestApp, type TestApp } from '../support/test-app';
import { makeTenant } from '../support/factories';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type Id = { type: string; value: string };
// Only types without a per-profile limit (plus at most 5 distinct emails), so no stream can raise a conflict.
const idArb: fc.Arbitrary<Id> = fc.oneof(
  fc.integer({ min: 0, max: 9 }).map((n) => ({ type: 'anonymous_id', value: `anon-${n}` })),
  fc.integer({ min: 0, max: 6 }).map((n) => ({ type: 'device_id', value: `dev-${n}` })),
  fc.integer({ min: 0, max: 4 }).map((n) => ({ type: 'email', value: `p${n}@example.com` })),
);
const streamArb = fc.array(fc.uniqueArray(idArb, { minLength: 1, maxLength: 3, selector: (i) => `${i.type}:${i.value}` }), { minLength: 1, maxLength: 25 });

function components(stream: Id[][]): string[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => (parent.get(x) === x ? x : find(parent.get(x)!));
  const key = (i: Id) => `${i.type}:${i.value}`;
  for (const ids of stream) {
    for (const i of ids) if (!parent.has(key(i))) parent.set(key(i), key(i));
    for (const i of ids.slice(1)) parent.set(find(key(i)), find(key(ids[0]!)));
  }
  const groups = new Map<string, string[]>();
  for (const k of parent.keys()) groups.set(find(k), [...(groups.get(find(k)) ?? []), k]);
  return [...groups.values()].map((g) => g.sort().join('|')).sort();
}

async function storedGrouping(tenantId: string, stream: Id[][]): Promise<string[]> {
  const keys = tenantPiiKeys(t.config.encryptionMasterKey, tenantId);
  const byHash = new Map<string, string>();
  for (const ids of stream) for (const i of ids) byHash.set(lookupHash(keys, i.type, i.value), `${i.type}:${i.value}`);
  const rows = await queryRows<{ lookup_hash: string; profile_id: string }>(
    t.db.db,
    sql`select lookup_hash, profile_id from cdp_profile_identifiers where tenant_id = ${tenantId}`,
  );
  const groups = new Map<string, string[]>();
  for (const r of rows) groups.set(r.profile_id, [...(groups.get(r.profile_id) ?? []), byHash.get(r.lookup_hash)!]);
  return [...groups.values()].map((g) => g.sort().join('|')).sort();
}

const toEvents = (ids: Id[][]) => ids.map((identifiers) => ({ event_name: 'Seen', event_time: new Date().toISOString(), identifiers }));

describe('identity resolution through the real pipeline', () => {
  it('ends with the connected components of identifiers seen together, whatever the order and batch cuts', async () => {
    await fc.assert(
      fc.asyncProperty(streamArb, fc.integer({ min: 1, max: 8 }), fc.boolean(), async (stream, cut, reverse) => {
        const tenant = await makeTenant(t.db.db);
        const ordered = reverse ? [...stream].reverse() : stream;
        for (let i = 0; i < ordered.length; i += cut) {
          const result = await ingestEvents(t.db.db, t.config, { tenantId: tenant.id, sourceId: null }, toEvents(ordered.slice(i, i + cut)));
          expect(result.rejected).toBe(0);
        }
        expect(await storedGrouping(tenant.id, stream)).toEqual(components(stream));
        // Every event sits on a live profile, and live profiles hold all events.
        const [orphans] = await queryRows<{ n: number }>(
          t.db.db,
          sql`select count(*)::int as n from cdp_events e join cdp_profiles p on p.id = e.profile_id
              where e.tenant_id = ${tenant.id} and p.merged_into_id is not null`,
        );
        expect(orphans!.n).toBe(0);
      }),
      { numRuns: 25 },
    );
  });

  it('never creates two profiles for one identifier under parallel overlapping batches', async () => {
    const tenant = await makeTenant(t.db.db);
    const shared = (n: number) => ({ type: 'device_id', value: `shared-${n % 5}` });
    const batches = Array.from({ length: 8 }, (_, b) =>
      toEvents(Array.from({ length: 30 }, (_, i) => [shared(b + i), { type: 'anonymous_id', value: `a-${(b * 7 + i) % 40}` }])),
    );
    const results = await Promise.all(batches.map((events) => ingestEvents(t.db.db, t.config, { tenantId: tenant.id, sourceId: null }, events)));
    expect(results.every((r) => r.accepted === 30)).toBe(true);
    const [dupes] = await queryRows<{ n: number }>(
      t.db.db,
      sql`select count(*)::int as n from (select lookup_hash from cdp_profile_identifiers where tenant_id = ${tenant.id}
          group by lookup_hash having count(*) > 1) d`,
    );
    expect(dupes!.n).toBe(0);
    expect(await storedGrouping(tenant.id, batches.flatMap((b) => b.map((e) => e.identifiers)))).toEqual(
      components(batches.flatMap((b) => b.map((e) => e.identifiers))),
    );
    const [events] = await queryRows<{ n: number }>(t.db.db, sql`select count(*)::int as n from cdp_events where tenant_id = ${tenant.id}`);
    expect(events!.n).toBe(240);
  });
});
