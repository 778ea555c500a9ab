import { and, count, desc, eq, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import {
  BUILTIN_IDENTIFIER_TYPES,
  type PaginationQuery,
  type Paginated,
  type Profile,
  type ProfileIdentifier,
  type ProfileLookup,
  type ProfileSummary,
  type profileListQuerySchema,
} from '@stratum/contracts';
import type { z } from 'zod';
import { requireTenant, type RequestContext } from '../../../auth/context';
import type { AppConfig } from '../../../core/config';
import { notFound } from '../../../core/errors';
import type { Db, Executor } from '../../../db/client';
import { inScope, tenantScope } from '../../../db/scope';
import { selectPage } from '../../../db/select-page';
import { cdpProfileIdentifiers, cdpProfiles } from '../../../models';
import { normalizeIdentifier } from '../identity/normalize';
import { lookupHash, tenantPiiKeys, type TenantPiiKeys } from '../identity/pii-crypto';
import { cdpSettings } from '../tenant-cdp-settings';
import { canReadPii, findLiveProfile, findProfileFollowingMerges, fullProfile, identifierOrder, identifiersOfProfile, identifierView, summaryView } from './profile-view';

export async function getProfile(db: Db, config: AppConfig, ctx: RequestContext, id: string): Promise<Profile> {
  const tenantId = requireTenant(ctx);
  const keys = tenantPiiKeys(config.encryptionMasterKey, tenantId);
  return inScope(db, tenantScope(tenantId), async (tx) =>
    fullProfile(tx, tenantId, await findProfileFollowingMerges(tx, tenantId, id), keys, canReadPii(ctx)),
  );
}

/** The live profile an id stands for (itself or its merges' survivor), by id only: 404 when gone or foreign. */
export async function liveProfileId(db: Db, ctx: RequestContext, id: string): Promise<string> {
  const tenantId = requireTenant(ctx);
  return inScope(db, tenantScope(tenantId), async (tx) => (await findProfileFollowingMerges(tx, tenantId, id)).id);
}

/** All of a profile's identifiers, a page at a time, in the order its read lists the first of them. */
export async function listProfileIdentifiers(
  db: Db,
  config: AppConfig,
  ctx: RequestContext,
  id: string,
  page: PaginationQuery,
): Promise<Paginated<ProfileIdentifier>> {
  const tenantId = requireTenant(ctx);
  const keys = tenantPiiKeys(config.encryptionMasterKey, tenantId);
  const clear = canReadPii(ctx);
  return inScope(db, tenantScope(tenantId), async (tx) => {
    const profile = await findProfileFollowingMerges(tx, tenantId, id);
    const ofProfile = identifiersOfProfile(tenantId, profile.id);
    return selectPage(tx, cdpProfileIdentifiers, ofProfile, identifierOrder(profile.canonicalIdentifierId), page, (row) =>
      identifierView(row, keys, clear),
    );
  });
}

/** The blind-index hashes a search text would have as each built-in identifier type. */
async function candidateHashes(tx: Executor, tenantId: string, keys: TenantPiiKeys, text: string): Promise<string[]> {
  const settings = await cdpSettings(tx, tenantId);
  const hashes: string[] = [];
  for (const type of BUILTIN_IDENTIFIER_TYPES) {
    const normalised = normalizeIdentifier(type, text, { defaultRegion: settings.defaultPhoneRegion, blockedValues: settings.blockedValues });
    if (normalised.ok) hashes.push(lookupHash(keys, type, normalised.value));
  }
  return hashes;
}

/** Lookup by identifier through the blind index; the value travels in a POST body, never in a URL. */
export async function lookupProfile(db: Db, config: AppConfig, ctx: RequestContext, input: ProfileLookup): Promise<Profile> {
  const tenantId = requireTenant(ctx);
  const keys = tenantPiiKeys(config.encryptionMasterKey, tenantId);
  return inScope(db, tenantScope(tenantId), async (tx) => {
    const settings = await cdpSettings(tx, tenantId);
    const normalised = normalizeIdentifier(input.identifier_type, input.identifier_value, {
      defaultRegion: settings.defaultPhoneRegion,
      blockedValues: settings.blockedValues,
    });
    if (!normalised.ok) throw notFound('Profile');
    const [identifier] = await tx
      .select({ profileId: cdpProfileIdentifiers.profileId })
      .from(cdpProfileIdentifiers)
      .where(
        and(
          eq(cdpProfileIdentifiers.tenantId, tenantId),
          eq(cdpProfileIdentifiers.lookupHash, lookupHash(keys, input.identifier_type, normalised.value)),
        ),
      )
      .limit(1);
    if (!identifier) throw notFound('Profile');
    return fullProfile(tx, tenantId, await findLiveProfile(tx, tenantId, identifier.profileId), keys, canReadPii(ctx));
  });
}

/**
 * Live profiles, most recently seen first. `q` matches an identifier exactly (any built-in type, through the
 * blind index), or trait values, and for PII readers the external id, by substring.
 */
export async function listProfiles(
  db: Db,
  config: AppConfig,
  ctx: RequestContext,
  query: z.output<typeof profileListQuerySchema>,
): Promise<Paginated<ProfileSummary>> {
  const tenantId = requireTenant(ctx);
  const keys = tenantPiiKeys(config.encryptionMasterKey, tenantId);
  const clear = canReadPii(ctx);
  return inScope(db, tenantScope(tenantId), async (tx) => {
    let search;
    if (query.q) {
      const hashes = await candidateHashes(tx, tenantId, keys, query.q);
      const pattern = `%${query.q.replace(/[\\%_]/g, '\\$&')}%`;
      const byIdentifier = tx
        .select({ id: cdpProfileIdentifiers.profileId })
        .from(cdpProfileIdentifiers)
        .where(and(eq(cdpProfileIdentifiers.tenantId, tenantId), inArray(cdpProfileIdentifiers.lookupHash, hashes.length ? hashes : [''])));
      search = or(
        inArray(cdpProfiles.id, byIdentifier),
        // By substring only for those who may read it in clear: anyone else could spell a masked id out letter by
        // letter from the result counts. An exact id is found through its identifier above.
        clear ? ilike(cdpProfiles.externalId, pattern) : undefined,
        // Trait values, not the JSON text: searching "city" must not find every profile that has a city.
        sql`exists (select 1 from jsonb_each_text(${cdpProfiles.profileData}) as trait where trait.value ilike ${pattern})`,
      );
    }
    const where = and(
      eq(cdpProfiles.tenantId, tenantId),
      isNull(cdpProfiles.mergedIntoId),
      query.lifecycle_stage ? eq(cdpProfiles.lifecycleStage, query.lifecycle_stage) : undefined,
      search,
    );
    const rows = await tx
      .select()
      .from(cdpProfiles)
      .where(where)
      .orderBy(desc(cdpProfiles.lastSeenHour), desc(cdpProfiles.lastSeenAt), desc(cdpProfiles.id))
      .limit(query.page_size)
      .offset((query.page - 1) * query.page_size);
    const [total] = await tx.select({ n: count() }).from(cdpProfiles).where(where);
    const canonicalIds = rows.map((r) => r.canonicalIdentifierId).filter((id): id is string => id !== null);
    const canonical = canonicalIds.length
      ? await tx.select().from(cdpProfileIdentifiers).where(and(eq(cdpProfileIdentifiers.tenantId, tenantId), inArray(cdpProfileIdentifiers.id, canonicalIds)))
      : [];
    const byId = new Map(canonical.map((c) => [c.id, identifierView(c, keys, clear)]));
    return {
      items: rows.map((r) => summaryView(r, r.canonicalIdentifierId ? byId.get(r.canonicalIdentifierId) : undefined)),
      total: total?.n ?? 0,
      page: query.page,
      page_size: query.page_size,
    };
  });
}
