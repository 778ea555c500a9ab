import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import {
  type CountedAheadPaginated,
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
import type { Db } from '../../../db/client';
import { inScope, tenantScope } from '../../../db/scope';
import { countAhead, countBound, selectPage } from '../../../db/select-page';
import { cdpProfileIdentifiers, cdpProfiles } from '../../../models';
import { normalizeIdentifier } from '../identity/normalize';
import { lookupHash, tenantPiiKeys } from '../identity/pii-crypto';
import { cdpSettings } from '../tenant-cdp-settings';
import { profileSearch } from './profile-search';
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
 * blind index), or trait values, and for PII readers the external id, by substring. Counted ahead, like events: a
 * tenant holds millions of people, and a search that matches half of them need not count them all.
 */
export async function listProfiles(
  db: Db,
  config: AppConfig,
  ctx: RequestContext,
  query: z.output<typeof profileListQuerySchema>,
): Promise<CountedAheadPaginated<ProfileSummary>> {
  const tenantId = requireTenant(ctx);
  const keys = tenantPiiKeys(config.encryptionMasterKey, tenantId);
  const clear = canReadPii(ctx);
  return inScope(db, tenantScope(tenantId), async (tx) => {
    const bound = countBound(query);
    const search = query.q ? await profileSearch(tx, { tenantId, keys, clear, q: query.q, stage: query.lifecycle_stage, bound }) : undefined;
    const where = and(
      eq(cdpProfiles.tenantId, tenantId),
      isNull(cdpProfiles.mergedIntoId),
      query.lifecycle_stage ? eq(cdpProfiles.lifecycleStage, query.lifecycle_stage) : undefined,
      search?.condition,
    );
    const rows = await tx
      .select()
      .from(cdpProfiles)
      .where(where)
      .orderBy(desc(cdpProfiles.lastSeenHour), desc(cdpProfiles.lastSeenAt), desc(cdpProfiles.id))
      .limit(query.page_size)
      .offset((query.page - 1) * query.page_size);
    const counted = search?.moreThanBound ? { total: bound, total_capped: true } : await countAhead(tx, cdpProfiles, where, query);
    const canonicalIds = rows.map((r) => r.canonicalIdentifierId).filter((id): id is string => id !== null);
    const canonical = canonicalIds.length
      ? await tx.select().from(cdpProfileIdentifiers).where(and(eq(cdpProfileIdentifiers.tenantId, tenantId), inArray(cdpProfileIdentifiers.id, canonicalIds)))
      : [];
    const byId = new Map(canonical.map((c) => [c.id, identifierView(c, keys, clear)]));
    return {
      items: rows.map((r) => summaryView(r, r.canonicalIdentifierId ? byId.get(r.canonicalIdentifierId) : undefined)),
      ...counted,
      page: query.page,
      page_size: query.page_size,
    };
  });
}
