import { sql } from 'drizzle-orm';
import { queryRows, type Db, type Executor } from '../../../db/client';
import { inScope, tenantScope } from '../../../db/scope';
import { json, lockTenantIdentity, refreshProfileIdentity, settlePrimaries, uuidArray } from '../identity/identity-sql';
import { cdpSettings, unseenFor } from '../tenant-cdp-settings';
import { recomputeCounters } from './recompute-counters';

/** Merge records settled per transaction by the background pass (each holds the tenant's identity lock). */
export const SETTLE_BATCH = 200;

/**
 * What a merge leaves approximate, made exact for these (live) profiles: counters recounted from their events
 * (sessions that ran into one another across the two sides count once), one primary identifier per type, and the
 * canonical identity and stage that follow. Manual merges and undos settle at once; merges by events are settled
 * in the background (settleMergedProfiles): doing it inside ingestion's merges cost a tenth to a quarter of its
 * throughput (bench/README.md).
 */
export async function settleProfiles(tx: Executor, tenantId: string, profileIds: string[]): Promise<void> {
  if (profileIds.length === 0) return;
  await settlePrimaries(tx, tenantId, profileIds);
  await recomputeCounters(tx, tenantId, profileIds);
  await refreshProfileIdentity(tx, tenantId, profileIds);
  await churnUnseen(tx, tenantId, profileIds);
}

/**
 * Merges and undos recompute the stage from identity and purchases (refreshProfileIdentity), which knows nothing
 * of inactivity, and neither is activity of the person: a profile not seen within the tenant's churn window is
 * churned again at once, not shown as known until the nightly job (markChurnedProfiles) runs.
 */
async function churnUnseen(tx: Executor, tenantId: string, profileIds: string[]): Promise<void> {
  const { churnDays } = await cdpSettings(tx, tenantId);
  await tx.execute(sql`
    update cdp_profiles set lifecycle_stage = 'churned', updated_at = now()
    where tenant_id = ${tenantId} and id = any(${uuidArray(profileIds)}) and lifecycle_stage <> 'churned'
      and ${unseenFor(sql`last_seen_at`, churnDays)}`);
}

/**
 * Settles the profiles that the tenant's unsettled merges (oldest first, up to `limit`) left: each record's survivor,
 * or whichever live profile it has been merged into since (an erased one cascades its records away). Under the
 * tenant's identity lock, so no batch changes the profiles between the recount and its commit. Returns the merge
 * records settled (fewer than `limit`: none are left).
 */
export async function settleMergedProfiles(db: Db, tenantId: string, limit = SETTLE_BATCH): Promise<number> {
  return inScope(db, tenantScope(tenantId), async (tx) => {
    await lockTenantIdentity(tx, tenantId);
    const merges = await queryRows<{ id: string; survivor_id: string }>(
      tx,
      sql`select id, survivor_id from cdp_profile_merges where tenant_id = ${tenantId} and settled_at is null order by id limit ${limit}`,
    );
    if (merges.length === 0) return 0;
    const live = await queryRows<{ id: string }>(
      tx,
      sql`with recursive up(id, parent) as (
            select p.id, p.merged_into_id from cdp_profiles p
            where p.tenant_id = ${tenantId} and p.id = any(${uuidArray([...new Set(merges.map((m) => m.survivor_id))])})
            union
            select p.id, p.merged_into_id from up join cdp_profiles p on p.tenant_id = ${tenantId} and p.id = up.parent)
          select id from up where parent is null`,
    );
    await settleProfiles(tx, tenantId, live.map((r) => r.id));
    await tx.execute(sql`
      update cdp_profile_merges set settled_at = now()
      where tenant_id = ${tenantId} and id in (select (jsonb_array_elements_text(${json(merges.map((m) => m.id))}))::uuid)`);
    return merges.length;
  });
}

/** Tenants with merges left to settle (the background pass's worklist), on the platform connection. */
export async function tenantsWithUnsettledMerges(db: Db): Promise<string[]> {
  const rows = await queryRows<{ tenant_id: string }>(db, sql`select distinct tenant_id from cdp_profile_merges where settled_at is null limit 500`);
  return rows.map((r) => r.tenant_id);
}
