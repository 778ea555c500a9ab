import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_IDENTIFIER_LIMITS } from '@stratum/contracts';
import { planResolution, type ExistingProfile, type PlanIdentifier } from '../../src/services/cdp/identity/plan-resolution';
import { priorityOf } from '../../src/services/cdp/identity/normalize';

/** A tiny in-memory "database" that applies plans the way the SQL does, to test the planner across batches. */
class Store {
  identifiers = new Map<string, { profileId: string; type: string }>();
  profiles = new Map<string, ExistingProfile>();

  ingest(events: PlanIdentifier[][], limits: Readonly<Record<string, number>> = DEFAULT_IDENTIFIER_LIMITS) {
    const existing = new Map<string, string>();
    const profiles = new Map<string, ExistingProfile>();
    for (const ids of events) {
      for (const id of ids) {
        const found = this.identifiers.get(id.hash);
        if (!found) continue;
        existing.set(id.hash, found.profileId);
        profiles.set(found.profileId, structuredClone(this.profiles.get(found.profileId)!));
      }
    }
    const plan = planResolution({ events: events.map((identifiers) => ({ identifiers })), existing, profiles, limits });
    for (const id of plan.newProfileIds) this.profiles.set(id, { id, strength: 0, totalEvents: 0, firstSeenAt: Date.now(), typeCounts: {} });
    for (const merge of plan.merges) {
      for (const [hash, v] of this.identifiers) if (v.profileId === merge.mergedId) this.identifiers.set(hash, { ...v, profileId: merge.survivorId });
      // As the merge does: counters summed, the oldest first sight kept.
      const [survivor, merged] = [this.profiles.get(merge.survivorId)!, this.profiles.get(merge.mergedId)!];
      survivor.totalEvents += merged.totalEvents;
      survivor.firstSeenAt = Math.min(survivor.firstSeenAt, merged.firstSeenAt);
      this.profiles.delete(merge.mergedId);
    }
    for (const id of plan.newIdentifiers) this.identifiers.set(id.hash, { profileId: id.profileId, type: id.type });
    for (const profile of this.profiles.values()) {
      const counts: Record<string, number> = {};
      for (const v of this.identifiers.values()) if (v.profileId === profile.id) counts[v.type] = (counts[v.type] ?? 0) + 1;
      profile.typeCounts = counts;
      profile.strength = Math.max(0, ...Object.keys(counts).map(priorityOf));
    }
    plan.eventProfileIds.forEach((id) => (this.profiles.get(id)!.totalEvents += 1));
    return plan;
  }

  /** Identifier groups as sets of hashes, order-free. */
  grouping(): string[] {
    const groups = new Map<string, string[]>();
    for (const [hash, v] of this.identifiers) groups.set(v.profileId, [...(groups.get(v.profileId) ?? []), hash]);
    return [...groups.values()].map((g) => g.sort().join(',')).sort();
  }
}

function connectedComponents(events: PlanIdentifier[][]): string[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => (parent.get(x) === x ? x : find(parent.get(x)!));
  for (const ids of events) {
    for (const id of ids) if (!parent.has(id.hash)) parent.set(id.hash, id.hash);
    for (const id of ids.slice(1)) parent.set(find(id.hash), find(ids[0]!.hash));
  }
  const groups = new Map<string, string[]>();
  for (const hash of parent.keys()) groups.set(find(hash), [...(groups.get(find(hash)) ?? []), hash]);
  return [...groups.values()].map((g) => g.sort().join(',')).sort();
}

const id = (type: string, n: number): PlanIdentifier => ({ type, hash: `${type}-${n}` });

// Only unlimited types, so no stream can hit a merge-protection limit.
const identifierArb = fc.oneof(
  fc.integer({ min: 0, max: 12 }).map((n) => id('anonymous_id', n)),
  fc.integer({ min: 0, max: 8 }).map((n) => id('device_id', n)),
);
const streamArb = fc.array(fc.uniqueArray(identifierArb, { minLength: 1, maxLength: 3, selector: (x) => x.hash }), {
  minLength: 1,
  maxLength: 40,
});

describe('identity resolution plan', () => {
  it('groups identifiers into the connected components of co-occurrence, whatever the order and batch cuts', () => {
    fc.assert(
      fc.property(streamArb, fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 10 }), fc.boolean(), (stream, cuts, reverse) => {
        const ordered = reverse ? [...stream].reverse() : stream;
        const store = new Store();
        let offset = 0;
        let cut = 0;
        while (offset < ordered.length) {
          const size = cuts[cut++ % cuts.length]!;
          store.ingest(ordered.slice(offset, offset + size));
          offset += size;
        }
        expect(store.grouping()).toEqual(connectedComponents(stream));
      }),
      { numRuns: 300 },
    );
  });

  it('creates one profile for an unknown person and attaches new identifiers to a known one', () => {
    const store = new Store();
    const first = store.ingest([[id('anonymous_id', 1)]]);
    expect(first.newProfileIds).toHaveLength(1);
    const second = store.ingest([[id('anonymous_id', 1), id('email', 1)]]);
    expect(second.newProfileIds).toHaveLength(0);
    expect(second.eventProfileIds[0]).toBe(first.newProfileIds[0]);
    expect(second.newIdentifiers).toEqual([{ hash: 'email-1', type: 'email', profileId: first.newProfileIds[0], isPrimary: true }]);
  });

  it('merges two known profiles into the one with the strongest identity', () => {
    const store = new Store();
    const [emailProfile] = store.ingest([[id('email', 1), id('device_id', 1)]]).newProfileIds;
    const [anonProfile] = store.ingest([[id('anonymous_id', 1)], [id('anonymous_id', 1)], [id('anonymous_id', 1)]]).newProfileIds;
    const bridge = store.ingest([[id('anonymous_id', 1), id('device_id', 1)]]);
    // The anonymous profile has more events, but identity strength decides first.
    expect(bridge.merges).toEqual([{ survivorId: emailProfile, mergedId: anonProfile, evidenceEventIndex: 0, identifierType: expect.any(String) }]);
    expect(bridge.eventProfileIds).toEqual([emailProfile]);
  });

  it('names for each merged profile the identifier that brought it in, and the first event that did', () => {
    const store = new Store();
    const [byEmail] = store.ingest([[id('email', 7)]]).newProfileIds;
    const [byDevice] = store.ingest([[id('device_id', 7)]]).newProfileIds;
    const [byAnon] = store.ingest([[id('anonymous_id', 7)]]).newProfileIds;
    const plan = store.ingest([[id('phone', 7)], [id('email', 7), id('device_id', 7), id('anonymous_id', 7)], [id('anonymous_id', 7), id('email', 7)]]);
    expect(plan.merges).toEqual([
      { survivorId: byEmail, mergedId: byDevice, evidenceEventIndex: 1, identifierType: 'device_id' },
      { survivorId: byEmail, mergedId: byAnon, evidenceEventIndex: 1, identifierType: 'anonymous_id' },
    ]);
  });

  it('prefers more events, then the oldest, between equally strong profiles', () => {
    const store = new Store();
    const [a] = store.ingest([[id('email', 1)]]).newProfileIds;
    const [b] = store.ingest([[id('phone', 1)]]).newProfileIds;
    store.profiles.get(b!)!.strength = 80; // tie on strength
    store.profiles.get(b!)!.totalEvents = 5;
    const plan = store.ingest([[id('email', 1), id('phone', 1)]]);
    expect(plan.merges[0]).toMatchObject({ survivorId: b, mergedId: a });
  });

  it('records a conflict instead of merging when a limit would break', () => {
    const store = new Store();
    const [alice] = store.ingest([[id('external_id', 1), id('email', 1)]]).newProfileIds;
    const [bob] = store.ingest([[id('external_id', 2), id('email', 2)]]).newProfileIds;
    // A shared device seen with both external ids: merging would give one profile two external_ids.
    const plan = store.ingest([[id('external_id', 1), id('external_id', 2), id('device_id', 9)]]);
    expect(plan.merges).toEqual([]);
    expect(plan.conflicts).toEqual([{ eventIndex: 0, profileIds: expect.arrayContaining([alice, bob]), identifierType: 'external_id', reason: expect.stringContaining('limit of 1') }]);
    expect(store.grouping()).toHaveLength(2);
  });

  it('keeps a single event with two external ids to one of them', () => {
    const plan = new Store().ingest([[id('external_id', 1), id('external_id', 2)]]);
    expect(plan.conflicts).toHaveLength(1);
    expect(plan.newIdentifiers.map((i) => i.hash)).toEqual(['external_id-1']);
  });

  it('picks the same survivor whether the events that lead to a merge come in one batch or one by one (property)', () => {
    const known = fc.oneof(
      fc.integer({ min: 0, max: 5 }).map((n) => id('anonymous_id', n)),
      fc.integer({ min: 0, max: 3 }).map((n) => id('device_id', n)),
    );
    const fresh = fc.oneof(
      fc.integer({ min: 10, max: 13 }).map((n) => id('email', n)),
      fc.integer({ min: 10, max: 13 }).map((n) => id('device_id', n)),
    );
    // Known people first, one request each; then events that each name at least one of their identifiers.
    const people = fc.uniqueArray(known, { minLength: 2, maxLength: 6, selector: (x) => x.hash });
    const scenario = people.chain((firsts) =>
      fc.tuple(
        fc.constant(firsts),
        fc.array(fc.tuple(fc.subarray(firsts, { minLength: 1, maxLength: 2 }), fc.option(fresh)), { minLength: 1, maxLength: 8 }),
      ),
    );
    fc.assert(
      fc.property(scenario, ([firsts, events]) => {
        const stream = events.map(([ids, extra]) => (extra && !ids.some((i) => i.hash === extra.hash) ? [...ids, extra] : ids));
        const survivorOf = (batched: boolean) => {
          const store = new Store();
          const label = new Map<string, string>();
          firsts.forEach((first, index) => {
            if (store.identifiers.has(first.hash)) return;
            const [created] = store.ingest([[first]]).newProfileIds;
            label.set(created!, first.hash);
            store.profiles.get(created!)!.firstSeenAt = index;
          });
          if (batched) store.ingest(stream, {});
          else for (const event of stream) store.ingest([event], {});
          return [...store.identifiers].map(([hash, v]) => `${hash}→${label.get(v.profileId) ?? 'new'}`).sort();
        };
        expect(survivorOf(true)).toEqual(survivorOf(false));
      }),
      { numRuns: 300 },
    );
  });
});
