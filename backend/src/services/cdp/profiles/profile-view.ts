import { and, asc, count, eq, sql, type SQL } from 'drizzle-orm';
import { PROFILE_IDENTIFIERS_SHOWN, type ConsentState, type Profile, type ProfileIdentifier, type ProfileSummary } from '@stratum/contracts';
import type { RequestContext } from '../../../auth/context';
import { conflict, notFound } from '../../../core/errors';
import { queryRows, type Executor } from '../../../db/client';
import { cdpConsents, cdpProfileIdentifiers, cdpProfiles, type IdentifierRow, type ProfileRow } from '../../../models';
import { identifierPrioritySql } from '../identity/identity-sql';
import { maskPersonalData, maskPersonalText, shownAs } from '../identity/mask-personal-data';
import { decryptValue, maskIdentifier, type TenantPiiKeys } from '../identity/pii-crypto';

/** Clear values only for callers allowed to read PII (SPEC: masked by default). */
export const canReadPii = (ctx: RequestContext) => ctx.permissions.has('cdp:pii:read');

export function identifierView(row: IdentifierRow, keys: TenantPiiKeys, clear: boolean): ProfileIdentifier {
  const value = decryptValue(keys, row.valueEncrypted);
  return {
    id: row.id,
    type: row.identifierType,
    value: clear ? value : maskIdentifier(row.identifierType, value),
    masked: !clear,
    is_primary: row.isPrimary,
    confidence_score: row.confidenceScore,
    verified_at: row.verifiedAt?.toISOString() ?? null,
    first_seen_at: row.firstSeenAt.toISOString(),
    last_seen_at: row.lastSeenAt.toISOString(),
  };
}

export function summaryView(row: ProfileRow, canonical: ProfileIdentifier | undefined): ProfileSummary {
  return {
    id: row.id,
    lifecycle_stage: row.lifecycleStage,
    canonical_identity: canonical ? { type: canonical.type, value: canonical.value } : null,
    first_seen_at: row.firstSeenAt.toISOString(),
    last_seen_at: row.lastSeenAt.toISOString(),
    total_events: row.totalEvents,
    total_sessions: row.totalSessions,
    total_purchases: row.totalPurchases,
    total_revenue: Number(row.totalRevenue),
  };
}

/** `clear`: whether the viewer may read PII; a decision's free-text source may name the person otherwise. */
export const consentView = (row: typeof cdpConsents.$inferSelect, clear: boolean): ConsentState => ({
  consent_type: row.consentType,
  granted: row.granted,
  granted_at: row.grantedAt?.toISOString() ?? null,
  revoked_at: row.revokedAt?.toISOString() ?? null,
  source: shownAs(clear, row.source, maskPersonalText),
  consent_version: row.consentVersion,
  updated_at: row.updatedAt.toISOString(),
});

/** A live (not merged away) profile of the tenant, or 404. */
export async function findLiveProfile(tx: Executor, tenantId: string, id: string): Promise<ProfileRow> {
  const [row] = await tx
    .select()
    .from(cdpProfiles)
    .where(and(eq(cdpProfiles.tenantId, tenantId), eq(cdpProfiles.id, id)))
    .limit(1);
  if (!row) throw notFound('Profile');
  // A change aimed at a merged-away profile is refused, saying where its person is now (a read follows the merge).
  if (row.mergedIntoId) throw conflict('profile_merged', `This profile was merged into ${row.mergedIntoId}: change that one instead`, 'id');
  return row;
}

/**
 * The live profile an id stands for: itself, or the survivor its merges lead to (links to a merged-away profile
 * keep working; the answer's id says where they landed). 404 when erased, foreign or unknown.
 */
export async function findProfileFollowingMerges(tx: Executor, tenantId: string, id: string): Promise<ProfileRow> {
  const [row] = await tx
    .select()
    .from(cdpProfiles)
    .where(and(eq(cdpProfiles.tenantId, tenantId), eq(cdpProfiles.id, id)))
    .limit(1);
  if (!row) throw notFound('Profile');
  // A live profile (nearly every call) is answered by this one read; only a merged-away one follows its chain.
  if (!row.mergedIntoId) return row;
  const [survivor] = await queryRows<{ id: string }>(
    tx,
    sql`with recursive chain (id, merged_into_id, depth) as (
          select id, merged_into_id, 0 from cdp_profiles where tenant_id = ${tenantId} and id = ${row.mergedIntoId}
          union all
          select p.id, p.merged_into_id, c.depth + 1 from cdp_profiles p join chain c on p.id = c.merged_into_id
          where p.tenant_id = ${tenantId} and c.depth < 100)
        select id from chain where merged_into_id is null limit 1`,
  );
  if (!survivor) throw notFound('Profile');
  return findLiveProfile(tx, tenantId, survivor.id);
}

/** A profile's identifiers, as a condition on cdp_profile_identifiers. */
export const identifiersOfProfile = (tenantId: string, profileId: string) =>
  and(eq(cdpProfileIdentifiers.tenantId, tenantId), eq(cdpProfileIdentifiers.profileId, profileId));

/**
 * The order a profile's identifiers are shown and paged in (see PROFILE_IDENTIFIERS_SHOWN): the canonical one, the
 * strongest types, the first of each type, the most recently seen; the id keeps pages stable.
 */
export function identifierOrder(canonicalId: string | null): SQL[] {
  const i = cdpProfileIdentifiers;
  return [
    ...(canonicalId ? [sql`${i.id} = ${canonicalId}::uuid desc`] : []),
    sql`${identifierPrioritySql(sql`${i.identifierType}`)} desc`,
    sql`${i.isPrimary} desc`,
    sql`${i.lastSeenAt} desc`,
    sql`${i.id}`,
  ];
}

/** `limit`: how many identifiers to include (a read: PROFILE_IDENTIFIERS_SHOWN; an export: all of them). */
export async function fullProfile(
  tx: Executor,
  tenantId: string,
  row: ProfileRow,
  keys: TenantPiiKeys,
  clear: boolean,
  limit: number | null = PROFILE_IDENTIFIERS_SHOWN,
): Promise<Profile> {
  const ofProfile = identifiersOfProfile(tenantId, row.id);
  const listed = tx.select().from(cdpProfileIdentifiers).where(ofProfile).orderBy(...identifierOrder(row.canonicalIdentifierId));
  const identifierRows = await (limit === null ? listed : listed.limit(limit));
  // Counted only when the list may have stopped short of them all.
  const shortOfAll = limit !== null && identifierRows.length === limit;
  const [held] = shortOfAll ? await tx.select({ n: count() }).from(cdpProfileIdentifiers).where(ofProfile) : [];
  const identifiers = identifierRows.map((r) => identifierView(r, keys, clear));
  const consents = await tx
    .select()
    .from(cdpConsents)
    .where(and(eq(cdpConsents.tenantId, tenantId), eq(cdpConsents.profileId, row.id)))
    .orderBy(asc(cdpConsents.consentType));
  return {
    ...summaryView(row, identifiers.find((i) => i.id === row.canonicalIdentifierId)),
    // The external id is the value of the profile's external_id identifier, masked with it.
    external_id: row.externalId === null || clear ? row.externalId : maskIdentifier('external_id', row.externalId),
    traits: clear ? row.profileData : maskPersonalData(row.profileData),
    computed_traits: clear ? row.computedTraits : maskPersonalData(row.computedTraits),
    identifiers,
    identifiers_total: held?.n ?? identifiers.length,
    consents: consents.map((c) => consentView(c, clear)),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
