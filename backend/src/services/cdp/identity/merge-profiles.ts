import { sql } from 'drizzle-orm';
import { pipelined, queryRows, run, type Executor } from '../../../db/client';
import { recomputeConsents } from '../consent/recompute-consents';
import { json, refreshProfileIdentity, uuidArray } from './identity-sql';

export interface MergeRequest {
  survivorId: string;
  mergedId: string;
  reason: 'identifier' | 'manual';
  identifierType: string | null;
  evidenceEventId: string | null;
  mergedBy: string | null;
}

const MOVED_TABLES = ['cdp_profile_identifiers', 'cdp_events', 'cdp_consent_history'] as const;

/** When trait `t` of side `o` was set (its profile's last event for a trait set before times were kept). */
const traitTime = sql`coalesce((o.trait_times ->> t.key)::timestamptz, o.last_seen_at)`;

/** Profile `p`'s state as the merge record keeps it (the traits and external id are what an undo restores). */
const PROFILE_SNAPSHOT = sql`jsonb_build_object('id', p.id, 'profile_data', p.profile_data, 'trait_times', p.trait_times, 'external_id', p.external_id,
  'total_events', p.total_events, 'total_sessions', p.total_sessions, 'total_purchases', p.total_purchases,
  'total_revenue', p.total_revenue::text, 'first_seen_at', p.first_seen_at, 'last_seen_at', p.last_seen_at)`;

/**
 * Folds each merged profile into its survivor: identifiers, events and consent proof move; counters add up;
 * traits combine with the more recently seen profile's value winning per key; current consents are rebuilt
 * (latest decision wins). The merged profile stays, pointing at its survivor, with both sides' state
 * snapshotted in the merge record so the merge can be undone. Returns the merge record ids, in request order.
 *
 * Everything is computed by the database from the rows as they stand, so every statement is sent at once, with
 * no answer awaited between them: called inside `pipelined`, a merge costs the caller no round trip of its own
 * (ingestion sends its merges with the batch's writes while it holds the tenant's identity lock).
 */
export function mergeProfiles(
  tx: Executor,
  tenantId: string,
  merges: MergeRequest[],
  /** False when the caller adds identifiers to the survivors afterwards and refreshes their identity itself. */
  refreshIdentity = true,
): Promise<string[]> {
  if (merges.length === 0) return Promise.resolve([]);
  const involved = uuidArray([...new Set(merges.flatMap((m) => [m.survivorId, m.mergedId]))]);
  const survivors = [...new Set(merges.map((m) => m.survivorId))];
  const mergedIds = uuidArray(merges.map((m) => m.mergedId));
  const pairs = json(merges.map((m) => ({ merged: m.mergedId, survivor: m.survivorId })));
  // Each survivor's sides, the survivor first: traits are laid over one another from the least to the most
  // recently seen side (ties in that order), and the external id is the first side's that has one.
  const sides = json([
    ...survivors.map((id) => ({ survivor: id, side: id, rank: 0 })),
    ...merges.map((m, i) => ({ survivor: m.survivorId, side: m.mergedId, rank: i + 1 })),
  ]);
  const records = json(
    merges.map((m) => ({
      survivor_id: m.survivorId,
      merged_id: m.mergedId,
      reason: m.reason,
      identifier_type: m.identifierType,
      evidence_event_id: m.evidenceEventId,
      merged_by: m.mergedBy,
    })),
  );

  return pipelined([
    // The profiles' rows are read once per statement (a young tenant's stale statistics would turn a join
    // against them into a scan of the tenant per row) and locked in id order, so two merges touching the same
    // profiles never wait on each other in a circle.
    queryRows<{ id: string; merged_id: string }>(
      tx,
      sql`with snap as (
            select p.id, ${PROFILE_SNAPSHOT} as snapshot from cdp_profiles p
            where p.tenant_id = ${tenantId} and p.id = any(${involved})
            order by p.id
            for update
          )
          insert into cdp_profile_merges
            (tenant_id, survivor_id, merged_id, reason, identifier_type, evidence_event_id, merged_by, survivor_snapshot, merged_snapshot)
          select ${tenantId}, x.survivor_id, x.merged_id, x.reason::cdp_merge_reason, x.identifier_type, x.evidence_event_id,
                 x.merged_by, s.snapshot, m.snapshot
          from jsonb_to_recordset(${records}) as x(survivor_id uuid, merged_id uuid, reason text, identifier_type text,
               evidence_event_id uuid, merged_by uuid)
          join snap s on s.id = x.survivor_id
          join snap m on m.id = x.merged_id
          returning id, merged_id`,
    ),
    run(
      tx,
      sql`with side as (
            select x.survivor, x.rank, p.profile_data, p.trait_times, p.external_id, p.total_events, p.total_sessions, p.total_purchases,
                   p.total_revenue, p.first_seen_at, p.last_seen_at
            from jsonb_to_recordset(${sides}) as x(survivor uuid, side uuid, rank int)
            join (select * from cdp_profiles where tenant_id = ${tenantId} and id = any(${involved})) p on p.id = x.side
          )
          update cdp_profiles p
          set (profile_data, trait_times, external_id, total_events, total_sessions, total_purchases, total_revenue, first_seen_at,
               last_seen_at) = (
                -- Each trait's newest value, whichever profile holds it (the last of equal keys is the one kept).
                select coalesce((select jsonb_object_agg(t.key, t.value order by ${traitTime}, o.rank)
                                 from side o cross join lateral jsonb_each(o.profile_data) t
                                 where o.survivor = p.id), '{}'::jsonb),
                       coalesce((select jsonb_object_agg(t.key, to_jsonb(${traitTime}) order by ${traitTime}, o.rank)
                                 from side o cross join lateral jsonb_each(o.profile_data) t
                                 where o.survivor = p.id), '{}'::jsonb),
                       (array_agg(s.external_id order by s.rank) filter (where s.external_id is not null))[1],
                       sum(s.total_events)::int, sum(s.total_sessions)::int, sum(s.total_purchases)::int, sum(s.total_revenue),
                       min(s.first_seen_at), max(s.last_seen_at)
                from side s where s.survivor = p.id),
              updated_at = now()
          where p.tenant_id = ${tenantId} and p.id = any(${uuidArray(survivors)})`,
    ),
    // `= any(ids)` besides the join tells the planner how few profiles move, so it reads their rows through the
    // (tenant, profile) index even with stale statistics (a young tenant; PGlite never analyses): with the join
    // alone it scanned all the tenant's events (9.5 → 2.7 ms per 1000-event batch in bench:ingest).
    ...MOVED_TABLES.map((table) =>
      run(
        tx,
        sql`update ${sql.identifier(table)} t set profile_id = m.survivor
            from jsonb_to_recordset(${pairs}) as m(merged uuid, survivor uuid)
            where t.tenant_id = ${tenantId} and t.profile_id = m.merged and t.profile_id = any(${mergedIds})`,
      ),
    ),
    run(
      tx,
      sql`update cdp_profiles p set merged_into_id = m.survivor, updated_at = now()
          from jsonb_to_recordset(${pairs}) as m(merged uuid, survivor uuid)
          where p.tenant_id = ${tenantId} and p.id = m.merged and p.id = any(${mergedIds})`,
    ),
    recomputeConsents(tx, tenantId, survivors),
    refreshProfileIdentity(tx, tenantId, refreshIdentity ? survivors : []),
  ]).then(([inserted]) => {
    const idOf = new Map(inserted.map((r) => [r.merged_id, r.id]));
    return merges.map((m) => idOf.get(m.mergedId)!);
  });
}
