import { isDeepStrictEqual } from 'node:util';
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { MergeRecord } from '@stratum/contracts';
import { requireTenant, type RequestContext } from '../../../auth/context';
import { AppError, conflict, notFound } from '../../../core/errors';
import { queryRows, type Db } from '../../../db/client';
import { inScope, tenantScope } from '../../../db/scope';
import { writeAudit } from '../../../middleware/audit';
import { cdpProfileMerges, cdpProfiles, type ProfileRow } from '../../../models';
import { lockTenantIdentity, json, mergedSubtree } from '../identity/identity-sql';
import { mergeProfiles } from '../identity/merge-profiles';
import { cdpSettings } from '../tenant-cdp-settings';
import { recomputeConsents } from '../consent/recompute-consents';
import { findLiveProfile } from './profile-view';
import { giveBackLearntThroughMerged } from './learnt-through-merged';
import { withoutErasedContacts } from './others-contact-traits';
import { tenantPiiKeys } from '../identity/pii-crypto';
import type { AppConfig } from '../../../core/config';
import { toMergeView } from './identity-graph';
import { settleProfiles } from './settle-profiles';

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
    // Settled at once (exact sessions, one primary per type), where merges by events wait for the background pass.
    await settleProfiles(tx, tenantId, [survivorId]);
    await tx.update(cdpProfileMerges).set({ settledAt: new Date() }).where(eq(cdpProfileMerges.id, mergeId!));
    await writeAudit(tx, ctx, { action: 'cdp.profile.merge', resourceType: 'cdp_profile', resourceId: survivorId, changes: { merged_id: mergedId, merge_id: mergeId } });
    const [row] = await tx.select().from(cdpProfileMerges).where(eq(cdpProfileMerges.id, mergeId!));
    return toMergeView(row!);
  });
}

const snapshotTraits = (snapshot: Record<string, unknown>) => (snapshot.profile_data ?? {}) as Record<string, unknown>;
// Merge records made before trait times were kept hold none: such traits take their profile's age when next merged.
const snapshotTraitTimes = (snapshot: Record<string, unknown>) => (snapshot.trait_times ?? {}) as Record<string, string>;
const snapshotExternalId = (snapshot: Record<string, unknown>) => (snapshot.external_id as string | null | undefined) ?? null;

/**
 * The survivor's traits and external id once a merge is undone: it gives back what the merged profile brought
 * (a value still equal to the merged side's, and not its own before the merge, returns to its own value or goes)
 * and keeps what it learnt since — later events' traits and what profiles merged into it afterwards brought.
 * Going back to its snapshot wholesale would lose those.
 */
export function survivorAfterUndo(
  survivor: Pick<ProfileRow, 'profileData' | 'traitTimes' | 'externalId'>,
  survivorSnapshot: Record<string, unknown>,
  mergedSnapshot: Record<string, unknown>,
  stillMerged: Record<string, unknown>[],
): { profileData: Record<string, unknown>; traitTimes: Record<string, string>; externalId: string | null } {
  const own = snapshotTraits(survivorSnapshot);
  const given = snapshotTraits(mergedSnapshot);
  const givenTimes = snapshotTraitTimes(mergedSnapshot);
  const keptBy = stillMerged.map(snapshotTraits);
  // A value set again after the merge, by the survivor's own event, is its own even when equal to the given one:
  // told apart by when it was set (records and traits from before trait times were kept compare values only).
  const setSince = (key: string) => {
    const now = survivor.traitTimes[key];
    const then = givenTimes[key];
    return now !== undefined && then !== undefined && Date.parse(now) !== Date.parse(then);
  };
  const cameWithMerge = (key: string, value: unknown) =>
    key in given &&
    isDeepStrictEqual(value, given[key]) &&
    !setSince(key) &&
    !(key in own && isDeepStrictEqual(value, own[key])) &&
    !keptBy.some((traits) => key in traits && isDeepStrictEqual(value, traits[key]));
  const ownTimes = snapshotTraitTimes(survivorSnapshot);
  const profileData: Record<string, unknown> = {};
  const traitTimes: Record<string, string> = {};
  const keep = (key: string, value: unknown, at: string | undefined) => {
    profileData[key] = value;
    if (at) traitTimes[key] = at;
  };
  for (const [key, value] of Object.entries(survivor.profileData)) {
    if (!cameWithMerge(key, value)) keep(key, value, survivor.traitTimes[key]);
    else if (key in own) keep(key, own[key], ownTimes[key]);
  }
  const givenExternalId = snapshotExternalId(mergedSnapshot);
  const externalId =
    survivor.externalId !== null && survivor.externalId === givenExternalId && !stillMerged.some((m) => snapshotExternalId(m) === givenExternalId)
      ? snapshotExternalId(survivorSnapshot)
      : survivor.externalId;
  return { profileData, traitTimes, externalId };
}

/**
 * Undoes a merge: the merged profile (with whatever had been merged into it before) gets back the identifiers,
 * events and consent proof that first landed on it (and identifiers learnt since only through its own, and later
 * events that carry only its identifiers), its traits
 * as they were, and counters recomputed from its events; the survivor gives back what the merge brought and keeps
 * what it learnt since (see survivorAfterUndo). Only while the survivor is still live; a later merge of the survivor
 * must be undone first.
 */
export async function undoMerge(db: Db, config: AppConfig, ctx: RequestContext, mergeId: string): Promise<MergeRecord> {
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

    const subtree = await queryRows<{ id: string }>(tx, sql`select id from ${mergedSubtree(tenantId, merge.mergedId)} as sub`);
    const origins = subtree.map((r) => r.id);
    for (const table of ['cdp_profile_identifiers', 'cdp_events', 'cdp_consent_history'] as const) {
      await tx.execute(sql`
        update ${sql.identifier(table)} set profile_id = ${merge.mergedId}
        where tenant_id = ${tenantId} and profile_id = ${merge.survivorId}
          and origin_profile_id in (select (jsonb_array_elements_text(${json(origins)}))::uuid)`);
    }
    await giveBackLearntThroughMerged(tx, tenantId, merge);
    // Events that landed on the survivor after the merge (or in its batch) and carry only identifiers given back
    // here belong here too, with the consent decisions they brought; an event naming both people stays.
    await tx.execute(sql`
      with moved as (
        update cdp_events e set profile_id = ${merge.mergedId}, origin_profile_id = ${merge.mergedId}
        where e.tenant_id = ${tenantId} and e.profile_id = ${merge.survivorId}
          and not exists (select 1 from jsonb_array_elements(e.identifiers) i
                          where not exists (select 1 from cdp_profile_identifiers p
                                            where p.tenant_id = ${tenantId} and p.lookup_hash = i->>'hash' and p.profile_id = ${merge.mergedId}))
        returning e.id)
      update cdp_consent_history h set profile_id = ${merge.mergedId}, origin_profile_id = ${merge.mergedId}
      from moved where h.tenant_id = ${tenantId} and h.profile_id = ${merge.survivorId} and h.event_id = moved.id`);
    // Snapshots are from before any erasure since: an erased person's address held as a trait is not restored.
    const keys = tenantPiiKeys(config.encryptionMasterKey, tenantId);
    const settings = await cdpSettings(tx, tenantId);
    const restored = (traits: { profileData: Record<string, unknown>; traitTimes: Record<string, string> }) =>
      withoutErasedContacts(tx, keys, settings, tenantId, traits);
    await tx
      .update(cdpProfiles)
      .set({
        mergedIntoId: null,
        ...(await restored({ profileData: snapshotTraits(merge.mergedSnapshot), traitTimes: snapshotTraitTimes(merge.mergedSnapshot) })),
        externalId: snapshotExternalId(merge.mergedSnapshot),
      })
      .where(and(eq(cdpProfiles.tenantId, tenantId), eq(cdpProfiles.id, merge.mergedId)));
    // The other profiles merged into the survivor and not parted from it: what they brought stays.
    const stillMerged = await tx
      .select({ snapshot: cdpProfileMerges.mergedSnapshot })
      .from(cdpProfileMerges)
      .where(and(eq(cdpProfileMerges.tenantId, tenantId), eq(cdpProfileMerges.survivorId, merge.survivorId), isNull(cdpProfileMerges.undoneAt), ne(cdpProfileMerges.id, mergeId)));
    const survivorSide = survivorAfterUndo(survivor, merge.survivorSnapshot, merge.mergedSnapshot, stillMerged.map((m) => m.snapshot));
    await tx
      .update(cdpProfiles)
      .set({ ...survivorSide, ...(await restored(survivorSide)) })
      .where(and(eq(cdpProfiles.tenantId, tenantId), eq(cdpProfiles.id, merge.survivorId)));
    const both = [merge.survivorId, merge.mergedId];
    await recomputeConsents(tx, tenantId, both);
    await settleProfiles(tx, tenantId, both);
    const [undone] = await tx
      .update(cdpProfileMerges)
      .set({ undoneAt: new Date(), undoneBy: ctx.actor?.id ?? null, settledAt: merge.settledAt ?? new Date() })
      .where(eq(cdpProfileMerges.id, mergeId))
      .returning();
    await writeAudit(tx, ctx, { action: 'cdp.profile.unmerge', resourceType: 'cdp_merge', resourceId: mergeId, changes: { survivor_id: merge.survivorId, merged_id: merge.mergedId } });
    return toMergeView(undone!);
  });
}
