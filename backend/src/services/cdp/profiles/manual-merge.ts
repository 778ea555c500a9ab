import { and, eq, sql } from 'drizzle-orm';
import type { MergeRecord } from '@stratum/contracts';
import { requireTenant, type RequestContext } from '../../../auth/context';
import { AppError, conflict, notFound } from '../../../core/errors';
import { queryRows, type Db } from '../../../db/client';
import { inScope, tenantScope } from '../../../db/scope';
import { writeAudit } from '../../../middleware/audit';
import { cdpProfileMerges, cdpProfiles } from '../../../models';
import { lockTenantIdentity, json, refreshProfileIdentity } from '../identity/identity-sql';
import { mergeProfiles } from '../identity/merge-profiles';
import { cdpSettings } from '../tenant-cdp-settings';
import { recomputeConsents } from '../consent/recompute-consents';
import { findLiveProfile } from './profile-view';
import { toMergeView } from './identity-graph';
import { recomputeCounters } from './recompute-counters';

/** An admin joins two profiles by hand; merge protection still applies (409 when a limit would break). */
export async function manualMerge(db: Db, ctx: RequestContext, survivorId: string, mergedId: string): Promise<MergeRecord> {
  const tenantId = requireTenant(ctx);
  if (survivorId === mergedId) throw new AppError(422, 'validation_error', 'A profile cannot be merged into itself', [{ field: 'merged_id', code: 'same_profile', message: 'Choose two different profiles' }]);
  return inScope(db, tenantScope(tenantId), async (tx) => {
    await lockTenantIdentity(tx, tenantId);
    await findLiveProfile(tx, tenantId, survivorId);
    await findLiveProfile(tx, tenantId, mergedId);
    const limits = (await cdpSettings(tx, tenantId)).identifierLimits;
    const counts = await queryRows<{ identifier_type: string; n: number }>(
      tx,
      sql`select identifier_type, count(*)::int as n from cdp_profile_identifiers
          where tenant_id = ${tenantId} and profile_id in (${survivorId}::uuid, ${mergedId}::uuid) group by identifier_type`,
    );
    const broken = counts.find((c) => c.n > (limits[c.identifier_type] ?? Infinity));
    if (broken) throw conflict('identifier_limit', `Merging would exceed the limit of ${limits[broken.identifier_type]} ${broken.identifier_type} identifier(s)`);
    const [mergeId] = await mergeProfiles(tx, tenantId, [
      { survivorId, mergedId, reason: 'manual', identifierType: null, evidenceEventId: null, mergedBy: ctx.actor?.id ?? null },
    ]);
    await writeAudit(tx, ctx, { action: 'cdp.profile.merge', resourceType: 'cdp_profile', resourceId: survivorId, changes: { merged_id: mergedId, merge_id: mergeId } });
    const [row] = await tx.select().from(cdpProfileMerges).where(eq(cdpProfileMerges.id, mergeId!));
    return toMergeView(row!);
  });
}

/**
 * Undoes a merge: the merged profile (with whatever had been merged into it before) gets back the identifiers,
 * events and consent proof that first landed on it, its traits as they were, and counters recomputed from its
 * events. Only while the survivor is still live; a later merge of the survivor must be undone first.
 */
export async function undoMerge(db: Db, ctx: RequestContext, mergeId: string): Promise<MergeRecord> {
  const tenantId = requireTenant(ctx);
  return inScope(db, tenantScope(tenantId), async (tx) => {
    await lockTenantIdentity(tx, tenantId);
    const [merge] = await tx
      .select()
      .from(cdpProfileMerges)
      .where(and(eq(cdpProfileMerges.tenantId, tenantId), eq(cdpProfileMerges.id, mergeId)))
      .limit(1);
    if (!merge) throw notFound('Merge');
    if (merge.undoneAt) throw conflict('already_undone', 'This merge was already undone');
    const [survivor] = await tx.select().from(cdpProfiles).where(and(eq(cdpProfiles.tenantId, tenantId), eq(cdpProfiles.id, merge.survivorId)));
    if (!survivor || survivor.mergedIntoId) throw conflict('survivor_merged', 'The surviving profile was merged since; undo that merge first');

    const subtree = await queryRows<{ id: string }>(
      tx,
      sql`with recursive sub(id) as (
            select ${merge.mergedId}::uuid
            union all
            select p.id from cdp_profiles p join sub on p.merged_into_id = sub.id where p.tenant_id = ${tenantId})
          select id from sub`,
    );
    const origins = subtree.map((r) => r.id);
    for (const table of ['cdp_profile_identifiers', 'cdp_events', 'cdp_consent_history'] as const) {
      await tx.execute(sql`
        update ${sql.identifier(table)} set profile_id = ${merge.mergedId}
        where tenant_id = ${tenantId} and profile_id = ${merge.survivorId}
          and origin_profile_id in (select (jsonb_array_elements_text(${json(origins)}))::uuid)`);
    }
    const snapshotTraits = (s: Record<string, unknown>) => (s.profile_data ?? {}) as Record<string, unknown>;
    await tx
      .update(cdpProfiles)
      .set({ mergedIntoId: null, profileData: snapshotTraits(merge.mergedSnapshot), externalId: (merge.mergedSnapshot.external_id as string | null) ?? null })
      .where(and(eq(cdpProfiles.tenantId, tenantId), eq(cdpProfiles.id, merge.mergedId)));
    await tx
      .update(cdpProfiles)
      .set({ profileData: snapshotTraits(merge.survivorSnapshot), externalId: (merge.survivorSnapshot.external_id as string | null) ?? null })
      .where(and(eq(cdpProfiles.tenantId, tenantId), eq(cdpProfiles.id, merge.survivorId)));
    const both = [merge.survivorId, merge.mergedId];
    await recomputeCounters(tx, tenantId, both);
    await recomputeConsents(tx, tenantId, both);
    await refreshProfileIdentity(tx, tenantId, both);
    const [undone] = await tx
      .update(cdpProfileMerges)
      .set({ undoneAt: new Date(), undoneBy: ctx.actor?.id ?? null })
      .where(eq(cdpProfileMerges.id, mergeId))
      .returning();
    await writeAudit(tx, ctx, { action: 'cdp.profile.unmerge', resourceType: 'cdp_merge', resourceId: mergeId, changes: { survivor_id: merge.survivorId, merged_id: merge.mergedId } });
    return toMergeView(undone!);
  });
}
