import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../../db/client';
import { uuidArray } from '../identity/identity-sql';

const LEARNT = 'learnt';
const MERGED = 'merged';
const SURVIVOR = 'survivor';
type Side = typeof MERGED | typeof SURVIVOR;

/**
 * During an undo, once the merged profile has its own identifiers back: the survivor's identifiers first seen after
 * the merge that events tied only to the merged side's identifiers (an anonymous id first seen with the merged
 * person's device), directly or through one another, go to the merged profile too, as theirs. One tied to the
 * survivor's other identifiers as well stays: those events named both people. Identifiers older than the merge stay
 * where they are (with events sent late, an identifier learnt after the merge may look older: it then stays too).
 */
export async function giveBackLearntThroughMerged(
  tx: Executor,
  tenantId: string,
  merge: { survivorId: string; mergedId: string; createdAt: Date },
): Promise<void> {
  const since = merge.createdAt.toISOString();
  const identifiers = await queryRows<{ id: string; lookup_hash: string; profile_id: string; learnt: boolean }>(
    tx,
    sql`select id, lookup_hash, profile_id, (profile_id = ${merge.survivorId} and origin_profile_id = ${merge.survivorId}
                                             and first_seen_at >= ${since}::timestamptz) as learnt
        from cdp_profile_identifiers
        where tenant_id = ${tenantId} and profile_id in (${merge.survivorId}::uuid, ${merge.mergedId}::uuid)`,
  );
  if (!identifiers.some((i) => i.learnt)) return;
  const sideOf = new Map(identifiers.map((i) => [i.lookup_hash, i.learnt ? LEARNT : i.profile_id === merge.mergedId ? MERGED : SURVIVOR]));
  // The events that can have taught them: on the survivor, no older than the merge (their first sight).
  const events = await queryRows<{ hashes: string[] }>(
    tx,
    sql`select array(select i->>'hash' from jsonb_array_elements(e.identifiers) i) as hashes
        from cdp_events e
        where e.tenant_id = ${tenantId} and e.profile_id = ${merge.survivorId} and e.event_time >= ${since}::timestamptz`,
  );

  // Learnt identifiers seen together form groups; each group is tied to the sides its events named besides.
  const parent = new Map<string, string>();
  const find = (hash: string): string => {
    let root = hash;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(hash, root);
    return root;
  };
  for (const { hashes } of events) {
    const learnt = hashes.filter((h) => sideOf.get(h) === LEARNT);
    for (const h of learnt.slice(1)) parent.set(find(h), find(learnt[0]!));
  }
  const ties = new Map<string, Set<Side>>();
  for (const { hashes } of events) {
    const learnt = hashes.find((h) => sideOf.get(h) === LEARNT);
    if (!learnt) continue;
    const root = find(learnt);
    const sides = ties.get(root) ?? new Set<Side>();
    for (const h of hashes) {
      const side = sideOf.get(h);
      if (side === MERGED || side === SURVIVOR) sides.add(side);
    }
    ties.set(root, sides);
  }
  const given = identifiers
    .filter((i) => i.learnt)
    .filter((i) => {
      const sides = ties.get(find(i.lookup_hash));
      return sides?.has(MERGED) && !sides.has(SURVIVOR);
    })
    .map((i) => i.id);
  if (given.length === 0) return;
  await tx.execute(sql`
    update cdp_profile_identifiers set profile_id = ${merge.mergedId}, origin_profile_id = ${merge.mergedId}
    where tenant_id = ${tenantId} and id = any(${uuidArray(given)})`);
}
