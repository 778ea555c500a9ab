import { pipelined, type Executor } from '../../../db/client';
import type { AliasedUserId } from '../identity/aliased-user-ids';
import { findIdentifiers, loadProfileStates, type KnownIdentifier, type ProfileState } from '../identity/identity-sql';
import type { PreparedEvent } from './prepare-events';

/** A user id of event `eventIndex` (of the batch's fresh events) that an alias named before it was known. */
export interface AliasJoin extends AliasedUserId {
  eventIndex: number;
}

/**
 * The fresh events to resolve, each user id an alias named before the tenant knew it (see previousUserIds) joined by
 * the anonymous id the alias linked it as, so it lands with the alias's person (or is kept apart by a limit, as any
 * bridge would be). The events themselves are not changed: what they carried is stored as it was. The anonymous
 * ids' identifiers and profiles are added to `known` and `states` (one more round trip, only in a batch that meets
 * such a user id). Null when no event does.
 */
export async function joinAliasedUserIds(
  tx: Executor,
  tenantId: string,
  fresh: PreparedEvent[],
  aliased: AliasedUserId[],
  known: KnownIdentifier[],
  states: Map<string, ProfileState>,
): Promise<{ events: PreparedEvent[]; links: AliasJoin[] } | null> {
  if (aliased.length === 0) return null;
  const anonymousOf = new Map(aliased.map((a) => [a.user_id_hash, a.anonymous_hash]));
  const links: AliasJoin[] = [];
  fresh.forEach((p, eventIndex) => {
    for (const identifier of p.identifiers) {
      const anonymous_hash = identifier.type === 'external_id' ? anonymousOf.get(identifier.hash) : undefined;
      if (anonymous_hash && !p.identifiers.some((i) => i.hash === anonymous_hash)) links.push({ eventIndex, user_id_hash: identifier.hash, anonymous_hash });
    }
  });
  if (links.length === 0) return null;

  const hashes = [...new Set(links.map((l) => l.anonymous_hash))];
  const [found, foundStates] = await pipelined([findIdentifiers(tx, tenantId, hashes), loadProfileStates(tx, tenantId, hashes)]);
  const held = new Set(known.map((k) => k.lookup_hash));
  known.push(...found.filter((k) => !held.has(k.lookup_hash)));
  for (const [id, state] of foundStates) states.set(id, state);
  // Only anonymous ids still held: an erased one has no person left to join.
  const present = new Set(found.map((k) => k.lookup_hash));
  const joins = links.filter((l) => present.has(l.anonymous_hash));
  const events = fresh.map((p, eventIndex) => {
    const extra = joins.filter((l) => l.eventIndex === eventIndex);
    if (extra.length === 0) return p;
    // The value is needed only for a new identifier; these are all held already.
    return { ...p, identifiers: [...p.identifiers, ...extra.map((l) => ({ type: 'anonymous_id', hash: l.anonymous_hash, value: '' }))] };
  });
  return { events, links };
}

/** The graph's edge for each join: the user id to the anonymous id its alias linked, with the event that brought it. */
export function aliasLinks(links: AliasJoin[], fresh: PreparedEvent[], identifierIds: Map<string, string>) {
  const edges = new Map<string, { from_id: string; to_id: string; event_id: string; occurrences: number }>();
  for (const link of links) {
    const userId = identifierIds.get(link.user_id_hash);
    const anonymous = identifierIds.get(link.anonymous_hash);
    if (!userId || !anonymous) continue;
    const [from_id, to_id] = userId < anonymous ? [userId, anonymous] : [anonymous, userId];
    if (!edges.has(`${from_id}:${to_id}`)) edges.set(`${from_id}:${to_id}`, { from_id, to_id, event_id: fresh[link.eventIndex]!.id, occurrences: 1 });
  }
  return [...edges.values()];
}
