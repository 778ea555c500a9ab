import { uuidv7 } from '../../../core/ids';
import { priorityOf } from './normalize';

/**
 * Identity resolution for one batch, decided in memory before anything is written: which profile each event
 * lands on, which identifiers are new, which existing profiles merge, and which events are conflicts.
 *
 * Identifiers and existing profiles are nodes of a union–find. Without limit conflicts the result is exactly the
 * connected components of "seen together in one event" (plus what the database already joined), so it does not
 * depend on event order or on how a stream is cut into batches. Merge protection is checked event by event: an
 * event whose union would give one profile more identifiers of a type than the limit allows joins nothing.
 */

export interface PlanIdentifier {
  type: string;
  hash: string;
}

export interface ExistingProfile {
  id: string;
  /** Priority of its strongest identifier type. */
  strength: number;
  totalEvents: number;
  firstSeenAt: number;
  /** Distinct identifiers it holds, per type (all of them, not only those in this batch). */
  typeCounts: Record<string, number>;
}

export interface PlanInput {
  events: { identifiers: PlanIdentifier[] }[];
  /** Identifiers of this batch already in the database, and the live profile holding each. */
  existing: Map<string, string>;
  profiles: Map<string, ExistingProfile>;
  limits: Readonly<Record<string, number>>;
}

export interface PlannedMerge {
  survivorId: string;
  mergedId: string;
  evidenceEventIndex: number;
  identifierType: string | null;
}

export interface PlannedConflict {
  eventIndex: number;
  profileIds: string[];
  identifierType: string;
  reason: string;
}

export interface ResolutionPlan {
  eventProfileIds: string[];
  newProfileIds: string[];
  /** Identifiers to insert, with the profile they join and whether they are that profile's first of their type. */
  newIdentifiers: { hash: string; type: string; profileId: string; isPrimary: boolean }[];
  merges: PlannedMerge[];
  conflicts: PlannedConflict[];
}

interface Component {
  counts: Record<string, number>;
  profileIds: string[];
  /**
   * The existing profile the group would be on at this point of the batch, with its state as it would be then (the
   * batch's events and identifiers so far counted in): each union of two known groups picks its survivor by the
   * SPEC rule at that moment, as separate requests would, so the survivor does not depend on how a stream is cut.
   * A group of new identifiers only has a stand-in (id ''): what it brings counts for the profile it joins.
   */
  leader: ExistingProfile;
}

/** SPEC survivor rule: strongest identity, then more events, then the oldest (then id, to be deterministic). */
export function compareSurvivor(a: ExistingProfile, b: ExistingProfile): number {
  return b.strength - a.strength || b.totalEvents - a.totalEvents || a.firstSeenAt - b.firstSeenAt || (a.id < b.id ? -1 : 1);
}

/**
 * The leader of two joined groups: the survivor of the two by the SPEC rule (an existing profile over a stand-in),
 * holding what both held (a merge sums events and keeps the oldest first sight and the strongest identity).
 */
function joinedLeader(a: ExistingProfile, b: ExistingProfile): ExistingProfile {
  const winner = !a.id ? b : !b.id ? a : compareSurvivor(a, b) <= 0 ? a : b;
  return {
    ...winner,
    strength: Math.max(a.strength, b.strength),
    totalEvents: a.totalEvents + b.totalEvents,
    firstSeenAt: Math.min(a.firstSeenAt, b.firstSeenAt),
  };
}

export function planResolution(input: PlanInput): ResolutionPlan {
  const parent = new Map<string, string>();
  const components = new Map<string, Component>();
  const typeByHash = new Map<string, string>();
  for (const event of input.events) for (const id of event.identifiers) typeByHash.set(id.hash, id.type);

  const find = (node: string): string => {
    let root = node;
    while (parent.get(root) !== root) root = parent.get(root) as string;
    let cursor = node;
    while (cursor !== root) {
      const next = parent.get(cursor) as string;
      parent.set(cursor, root);
      cursor = next;
    }
    return root;
  };

  for (const profile of input.profiles.values()) {
    const node = `p:${profile.id}`;
    parent.set(node, node);
    components.set(node, { counts: { ...profile.typeCounts }, profileIds: [profile.id], leader: { ...profile } });
  }
  for (const [hash, profileId] of input.existing) parent.set(`h:${hash}`, `p:${profileId}`);

  const union = (a: string, b: string): string => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return ra;
    const ca = components.get(ra) as Component;
    const cb = components.get(rb) as Component;
    parent.set(rb, ra);
    for (const [type, n] of Object.entries(cb.counts)) ca.counts[type] = (ca.counts[type] ?? 0) + n;
    ca.profileIds.push(...cb.profileIds);
    ca.leader = joinedLeader(ca.leader, cb.leader);
    components.delete(rb);
    return ra;
  };

  const attach = (root: string, id: PlanIdentifier) => {
    parent.set(`h:${id.hash}`, root);
    const component = components.get(root) as Component;
    component.counts[id.type] = (component.counts[id.type] ?? 0) + 1;
    component.leader.strength = Math.max(component.leader.strength, priorityOf(id.type));
  };

  const eventNodes: string[] = [];
  const conflicts: { eventIndex: number; roots: string[]; identifierType: string; reason: string }[] = [];
  const bridges = new Map<string, { eventIndex: number; identifierType: string | null }>();

  input.events.forEach((event, eventIndex) => {
    const roots: string[] = [];
    const fresh: PlanIdentifier[] = [];
    for (const id of event.identifiers) {
      const node = `h:${id.hash}`;
      if (!parent.has(node)) {
        if (!fresh.some((f) => f.hash === id.hash)) fresh.push(id);
        continue;
      }
      const root = find(node);
      if (!roots.includes(root)) roots.push(root);
    }

    const combined: Record<string, number> = {};
    for (const root of roots) {
      for (const [type, n] of Object.entries((components.get(root) as Component).counts)) combined[type] = (combined[type] ?? 0) + n;
    }
    for (const id of fresh) combined[id.type] = (combined[id.type] ?? 0) + 1;
    const violated = Object.keys(combined).find((type) => combined[type]! > (input.limits[type] ?? Infinity));

    const newComponent = () => {
      const node = `e:${eventIndex}`;
      parent.set(node, node);
      components.set(node, { counts: {}, profileIds: [], leader: { id: '', strength: 0, totalEvents: 0, firstSeenAt: Infinity, typeCounts: {} } });
      return node;
    };
    let target: string;
    if (roots.length === 0) {
      target = newComponent();
    } else if (violated) {
      // The event belongs with its strongest identifier (a logged-in user on a shared device is that user),
      // even when that identifier is new; nothing is merged. Between equals (two user ids) the new one wins — the
      // identity the person goes by now, as an alias's new user id is — then the lower hash: where the event lands
      // must not depend on the order its identifiers were listed in.
      const known = (id: PlanIdentifier) => (parent.has(`h:${id.hash}`) ? 1 : 0);
      const anchor = [...event.identifiers].sort(
        (a, b) => priorityOf(b.type) - priorityOf(a.type) || known(a) - known(b) || (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0),
      )[0]!;
      target = parent.has(`h:${anchor.hash}`) ? find(`h:${anchor.hash}`) : newComponent();
    } else {
      // The first event that joins a profile to others is the evidence of its merge, and its identifier there
      // (the one of that profile's group) is what brought it in: per profile, so a merge of three by one event
      // names each its own (the device of one, the anonymous id of the other).
      if (roots.length > 1) {
        for (const root of roots) {
          const via = event.identifiers.find((id) => parent.has(`h:${id.hash}`) && find(`h:${id.hash}`) === root);
          for (const profileId of (components.get(root) as Component).profileIds) {
            if (!bridges.has(profileId)) bridges.set(profileId, { eventIndex, identifierType: via?.type ?? null });
          }
        }
      }
      target = roots[0]!;
      for (const other of roots.slice(1)) target = union(target, other);
    }

    if (violated) {
      const component = components.get(target)!;
      for (const id of fresh) {
        if ((component.counts[id.type] ?? 0) + 1 <= (input.limits[id.type] ?? Infinity)) attach(target, id);
      }
      conflicts.push({
        eventIndex,
        roots,
        identifierType: violated,
        reason: `would exceed the limit of ${input.limits[violated]} ${violated} identifier(s) per profile`,
      });
    } else {
      for (const id of fresh) attach(target, id);
    }
    (components.get(find(target)) as Component).leader.totalEvents += 1;
    eventNodes.push(target);
  });

  // Settle each final group on one profile: a new one, its only existing one, or the survivor of a merge.
  const profileOfRoot = new Map<string, string>();
  const newProfileIds: string[] = [];
  const merges: PlannedMerge[] = [];
  const primaryTypesTaken = new Map<string, Set<string>>();
  for (const [root, component] of components) {
    if (component.profileIds.length === 0) {
      const id = uuidv7();
      newProfileIds.push(id);
      profileOfRoot.set(root, id);
      primaryTypesTaken.set(root, new Set());
      continue;
    }
    const candidates = component.profileIds.map((id) => input.profiles.get(id)!);
    const survivor = candidates.find((candidate) => candidate.id === component.leader.id)!;
    profileOfRoot.set(root, survivor.id);
    const taken = new Set<string>();
    for (const candidate of candidates) {
      for (const [type, n] of Object.entries(candidate.typeCounts)) if (n > 0) taken.add(type);
    }
    primaryTypesTaken.set(root, taken);
    for (const merged of candidates.filter((candidate) => candidate !== survivor)) {
      merges.push({
        survivorId: survivor.id,
        mergedId: merged.id,
        evidenceEventIndex: bridges.get(merged.id)?.eventIndex ?? 0,
        identifierType: bridges.get(merged.id)?.identifierType ?? null,
      });
    }
  }

  const newIdentifiers: ResolutionPlan['newIdentifiers'] = [];
  for (const node of parent.keys()) {
    if (!node.startsWith('h:')) continue;
    const hash = node.slice(2);
    if (input.existing.has(hash)) continue;
    const root = find(node);
    const type = typeByHash.get(hash)!;
    const taken = primaryTypesTaken.get(root)!;
    newIdentifiers.push({ hash, type, profileId: profileOfRoot.get(root)!, isPrimary: !taken.has(type) });
    taken.add(type);
  }

  return {
    eventProfileIds: eventNodes.map((node) => profileOfRoot.get(find(node))!),
    newProfileIds,
    newIdentifiers,
    merges,
    conflicts: conflicts.map((c) => ({
      eventIndex: c.eventIndex,
      profileIds: [...new Set(c.roots.map((r) => profileOfRoot.get(find(r))!))],
      identifierType: c.identifierType,
      reason: c.reason,
    })),
  };
}

