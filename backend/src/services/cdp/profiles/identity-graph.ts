import { and, desc, eq, inArray, or } from 'drizzle-orm';
import type { IdentityGraph, MergeRecord } from '@stratum/contracts';
import { requireTenant, type RequestContext } from '../../../auth/context';
import type { AppConfig } from '../../../core/config';
import type { Db } from '../../../db/client';
import { inScope, tenantScope } from '../../../db/scope';
import { cdpIdentityLinks, cdpProfileIdentifiers, cdpProfileMerges, type MergeRow } from '../../../models';
import { tenantPiiKeys } from '../identity/pii-crypto';
import { canReadPii, findLiveProfile, identifierView } from './profile-view';

/** The profile's identifiers as nodes and the evidence joining them (seen in one event) as edges. */
export async function identityGraph(db: Db, config: AppConfig, ctx: RequestContext, id: string): Promise<IdentityGraph> {
  const tenantId = requireTenant(ctx);
  const keys = tenantPiiKeys(config.encryptionMasterKey, tenantId);
  return inScope(db, tenantScope(tenantId), async (tx) => {
    await findLiveProfile(tx, tenantId, id);
    const identifiers = await tx
      .select()
      .from(cdpProfileIdentifiers)
      .where(and(eq(cdpProfileIdentifiers.tenantId, tenantId), eq(cdpProfileIdentifiers.profileId, id)));
    const ids = identifiers.map((i) => i.id);
    const links = ids.length
      ? await tx
          .select()
          .from(cdpIdentityLinks)
          .where(
            and(
              eq(cdpIdentityLinks.tenantId, tenantId),
              or(inArray(cdpIdentityLinks.fromIdentifierId, ids), inArray(cdpIdentityLinks.toIdentifierId, ids)),
            ),
          )
      : [];
    const clear = canReadPii(ctx);
    return {
      profile_id: id,
      nodes: identifiers.map((row) => {
        const view = identifierView(row, keys, clear);
        return { id: view.id, type: view.type, value: view.value, is_primary: view.is_primary };
      }),
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

export async function mergeHistory(db: Db, ctx: RequestContext, id: string): Promise<MergeRecord[]> {
  const tenantId = requireTenant(ctx);
  return inScope(db, tenantScope(tenantId), async (tx) => {
    await findLiveProfile(tx, tenantId, id);
    const rows = await tx
      .select()
      .from(cdpProfileMerges)
      .where(and(eq(cdpProfileMerges.tenantId, tenantId), or(eq(cdpProfileMerges.survivorId, id), eq(cdpProfileMerges.mergedId, id))))
      .orderBy(desc(cdpProfileMerges.createdAt));
    return rows.map(toMergeView);
  });
}
