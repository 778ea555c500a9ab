import { and, count, desc, eq, inArray, or, sql } from 'drizzle-orm';
import { GRAPH_IDENTIFIERS_SHOWN, type IdentityGraph, type MergeRecord } from '@stratum/contracts';
import { requireTenant, type RequestContext } from '../../../auth/context';
import type { AppConfig } from '../../../core/config';
import type { Db } from '../../../db/client';
import { inScope, tenantScope } from '../../../db/scope';
import { cdpIdentityLinks, cdpProfileIdentifiers, cdpProfileMerges, type MergeRow } from '../../../models';
import { mergedSubtree } from '../identity/identity-sql';
import { tenantPiiKeys } from '../identity/pii-crypto';
import { canReadPii, findProfileFollowingMerges, identifierOrder, identifiersOfProfile, identifierView } from './profile-view';

/**
 * The profile's identifiers as nodes (at most GRAPH_IDENTIFIERS_SHOWN, in the order a profile lists them) and the
 * evidence joining them (seen in one event) as edges.
 */
export async function identityGraph(db: Db, config: AppConfig, ctx: RequestContext, id: string): Promise<IdentityGraph> {
  const tenantId = requireTenant(ctx);
  const keys = tenantPiiKeys(config.encryptionMasterKey, tenantId);
  return inScope(db, tenantScope(tenantId), async (tx) => {
    // A merged-away id reads its survivor's graph, as its profile does (the answer's profile_id says so).
    const profile = await findProfileFollowingMerges(tx, tenantId, id);
    const ofProfile = identifiersOfProfile(tenantId, profile.id);
    const identifiers = await tx
      .select()
      .from(cdpProfileIdentifiers)
      .where(ofProfile)
      .orderBy(...identifierOrder(profile.canonicalIdentifierId))
      .limit(GRAPH_IDENTIFIERS_SHOWN);
    const [held] = await tx.select({ n: count() }).from(cdpProfileIdentifiers).where(ofProfile);
    const ids = identifiers.map((i) => i.id);
    const links = ids.length
      ? await tx
          .select()
          .from(cdpIdentityLinks)
          .where(
            and(
              eq(cdpIdentityLinks.tenantId, tenantId),
              inArray(cdpIdentityLinks.fromIdentifierId, ids),
              inArray(cdpIdentityLinks.toIdentifierId, ids),
            ),
          )
      : [];
    const clear = canReadPii(ctx);
    return {
      profile_id: profile.id,
      nodes: identifiers.map((row) => {
        const view = identifierView(row, keys, clear);
        return { id: view.id, type: view.type, value: view.value, is_primary: view.is_primary };
      }),
      total_nodes: held?.n ?? identifiers.length,
      edges: links.map((l) => ({
        from: l.fromIdentifierId,
        to: l.toIdentifierId,
        link_type: l.linkType,
        evidence_event_id: l.evidenceEventId,
        occurrences: l.occurrences,
        first_seen_at: l.firstSeenAt.toISOString(),
      })),
    };
  });
}

export const toMergeView = (row: MergeRow): MergeRecord => ({
  id: row.id,
  survivor_id: row.survivorId,
  merged_id: row.mergedId,
  reason: row.reason,
  identifier_type: row.identifierType,
  evidence_event_id: row.evidenceEventId,
  merged_by: row.mergedBy,
  created_at: row.createdAt.toISOString(),
  undone_at: row.undoneAt?.toISOString() ?? null,
});

/** The merge records of a live profile: every merge into it however deep, and any of it into another since undone. */
export function mergesOfPerson(tenantId: string, profileId: string) {
  return and(
    eq(cdpProfileMerges.tenantId, tenantId),
    or(sql`${cdpProfileMerges.survivorId} in ${mergedSubtree(tenantId, profileId)}`, eq(cdpProfileMerges.mergedId, profileId)),
  );
}

export async function mergeHistory(db: Db, ctx: RequestContext, id: string): Promise<MergeRecord[]> {
  const tenantId = requireTenant(ctx);
  return inScope(db, tenantScope(tenantId), async (tx) => {
    // A merged-away id reads its survivor's history. That holds every merge into the person, however deep: B into A,
    // then A into C, lists both on C (and on A and B), since undoing the first means finding it after the second.
    const { id: profileId } = await findProfileFollowingMerges(tx, tenantId, id);
    const rows = await tx
      .select()
      .from(cdpProfileMerges)
      .where(mergesOfPerson(tenantId, profileId))
      .orderBy(desc(cdpProfileMerges.createdAt));
    return rows.map(toMergeView);
  });
}
