import { and, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { BUILTIN_IDENTIFIER_TYPES, LIST_COUNT_AHEAD, type LifecycleStage } from '@stratum/contracts';
import { queryRows, type Executor } from '../../../db/client';
import { containingPattern } from '../../../db/like-pattern';
import { cdpProfileIdentifiers, cdpProfiles } from '../../../models';
import { uuidArray } from '../identity/identity-sql';
import { normalizeIdentifier } from '../identity/normalize';
import { lookupHash, type TenantPiiKeys } from '../identity/pii-crypto';
import { cdpSettings } from '../tenant-cdp-settings';

/** The function's row cap is an `int`; a page far past any tenant's profiles (page 10⁹) must not overflow it. */
const PG_INT_MAX = 2 ** 31 - 1;

export interface ProfileSearch {
  tenantId: string;
  keys: TenantPiiKeys;
  /** The caller may read PII in clear, so may search the external id by substring. */
  clear: boolean;
  q: string;
  stage: LifecycleStage | undefined;
  /** How many matches the list counts at most (see `countAhead`). */
  bound: number;
  /** Up to how many matches the ids are read once and passed on; LIST_COUNT_AHEAD unless a test needs fewer. */
  idsPassedOn?: number;
}

/**
 * What `q` finds in the profile list: profiles holding an identifier equal to it, and those with a trait value or,
 * for PII readers, an external id or a personal trait (an email, a phone) containing it (by substring only for
 * them: anyone else could spell a masked value out letter by letter from the result counts; an exact id or email is
 * found through its identifier).
 *
 * Each part goes through an index. The identifier holders are resolved first, into ids the primary key finds. From
 * three characters on, substrings are found through the trigram indexes (`cdp_profiles_matching`, migration 0029):
 * their ids are read once, up to `bound`, and passed on like the identifier holders'. A term with more matches is
 * common: the newest page is found soonest by reading profiles newest first, and the count is known to be capped
 * (`moreThanBound`). Only deep pages (a bound past LIST_COUNT_AHEAD) count the matches and search again for the
 * page. Shorter terms narrow nothing a trigram could, and are read as they are.
 */
export async function profileSearch(tx: Executor, search: ProfileSearch): Promise<{ condition: SQL | undefined; moreThanBound: boolean }> {
  const { clear, q, stage, bound } = search;
  const holders = await identifierHolders(tx, search);
  const byIdentifier = holders.length ? inArray(cdpProfiles.id, holders) : undefined;
  const pattern = containingPattern(q);
  const read = or(
    byIdentifier,
    clear ? ilike(cdpProfiles.externalId, pattern) : undefined,
    // Trait values, not the JSON text: searching "city" must not find every profile that has a city. Emails and
    // phones among them only for PII readers, as for external ids (see cdp_is_personal_trait, migration 0036).
    sql`exists (select 1 from jsonb_each(${cdpProfiles.profileData}) as trait
                where (trait.value #>> '{}') ilike ${pattern} and (${clear} or not cdp_is_personal_trait(trait.key, trait.value)))`,
  );
  if (q.length < 3) return { condition: read, moreThanBound: false };

  const matching = (limit: number | null) =>
    sql`cdp_profiles_matching(${pattern}, ${clear}, ${stage ?? null}::cdp_lifecycle_stage, ${limit === null ? null : Math.min(limit, PG_INT_MAX)}::int)`;
  // Found once: up to the first page's count bound, the ids themselves serve the page and its count.
  const cap = Math.min(search.idsPassedOn ?? LIST_COUNT_AHEAD, bound);
  // The ids come back only when they will be used: a common term's ten thousand would cross the wire for nothing.
  const [found] = await queryRows<{ n: number; ids: string[] | null }>(
    tx,
    sql`select count(*)::int as n, case when count(*) <= ${cap} then coalesce(array_agg(id), '{}') end as ids
        from ${matching(cap + 1)} as found(id)`,
  );
  if (found!.n > bound) return { condition: read, moreThanBound: true };
  if (found!.ids) {
    return { condition: or(byIdentifier, found!.ids.length ? sql`${cdpProfiles.id} = any(${uuidArray(found!.ids)})` : sql`false`), moreThanBound: false };
  }
  // A deep page of a term with more matches than that: counted to its bound, then searched again for the page.
  const [counted] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from ${matching(bound + 1)}`);
  if ((counted?.n ?? 0) > bound) return { condition: read, moreThanBound: true };
  return { condition: or(byIdentifier, sql`${cdpProfiles.id} in (select ${matching(null)})`), moreThanBound: false };
}

/** Live profiles holding an identifier `q` equals, as any built-in type (through the blind index). */
async function identifierHolders(tx: Executor, { tenantId, keys, q }: ProfileSearch): Promise<string[]> {
  const settings = await cdpSettings(tx, tenantId);
  const hashes: string[] = [];
  for (const type of BUILTIN_IDENTIFIER_TYPES) {
    const normalised = normalizeIdentifier(type, q, { defaultRegion: settings.defaultPhoneRegion, blockedValues: settings.blockedValues });
    if (normalised.ok) hashes.push(lookupHash(keys, type, normalised.value));
  }
  if (!hashes.length) return [];
  const rows = await tx
    .selectDistinct({ id: cdpProfileIdentifiers.profileId })
    .from(cdpProfileIdentifiers)
    .where(and(eq(cdpProfileIdentifiers.tenantId, tenantId), inArray(cdpProfileIdentifiers.lookupHash, hashes)));
  return rows.map((r) => r.id);
}
