import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../../../db/client';
import { containingPattern } from '../../../db/like-pattern';
import { hashedContactTraits } from '../identity/contact-trait-hashes';
import { findSuppressed, textArray } from '../identity/identity-sql';
import { decryptValue, type TenantPiiKeys } from '../identity/pii-crypto';
import type { CdpSettings } from '../tenant-cdp-settings';

/** Candidates read per searched value: a value held as a trait by more profiles than this is not one person's. */
const CANDIDATES = 1000;

/**
 * An erased person's emails and phone numbers in clear, as identifiers hold them: their identifiers', and those of
 * their traits that no one else holds as an identifier (a trait may be someone else's address, typed on a shared
 * device: that person is not erased with this one).
 */
export interface ContactValue {
  type: 'email' | 'phone';
  normalised: string;
}

export async function personContactValues(
  tx: Executor,
  keys: TenantPiiKeys,
  settings: Pick<CdpSettings, 'defaultPhoneRegion' | 'blockedValues'>,
  tenantId: string,
  person: { subtree: SQL; profileId: string },
): Promise<ContactValue[]> {
  const identifiers = await queryRows<{ identifier_type: 'email' | 'phone'; value_encrypted: string }>(
    tx,
    sql`select identifier_type, value_encrypted from cdp_profile_identifiers
        where tenant_id = ${tenantId} and profile_id = ${person.profileId} and identifier_type in ('email', 'phone')`,
  );
  const own = await queryRows<{ profile_data: Record<string, unknown> }>(
    tx,
    sql`select profile_data from cdp_profiles where tenant_id = ${tenantId} and id in ${person.subtree}`,
  );
  const traits = own.flatMap((p) => hashedContactTraits(p.profile_data, keys, settings));
  const othersIdentifiers = new Set(
    traits.length === 0
      ? []
      : (
          await queryRows<{ lookup_hash: string }>(
            tx,
            sql`select lookup_hash from cdp_profile_identifiers
                where tenant_id = ${tenantId} and lookup_hash = any(${textArray(traits.map((t) => t.hash))}) and profile_id <> ${person.profileId}`,
          )
        ).map((r) => r.lookup_hash),
  );
  return [
    ...identifiers.map((i) => ({ type: i.identifier_type, normalised: decryptValue(keys, i.value_encrypted) })),
    ...traits.filter((t) => !othersIdentifiers.has(t.hash)),
  ];
}

/**
 * Traits without the emails and phones erasure suppressed: what an undo restores from a merge's snapshot, taken
 * before the erasure, must not bring an erased person's address back.
 */
export async function withoutErasedContacts(
  tx: Executor,
  keys: TenantPiiKeys,
  settings: Pick<CdpSettings, 'defaultPhoneRegion' | 'blockedValues'>,
  tenantId: string,
  traits: { profileData: Record<string, unknown>; traitTimes: Record<string, string> },
): Promise<{ profileData: Record<string, unknown>; traitTimes: Record<string, string> }> {
  const contacts = hashedContactTraits(traits.profileData, keys, settings);
  const suppressed = await findSuppressed(tx, tenantId, contacts.map((c) => c.hash));
  const erased = new Set(contacts.filter((c) => suppressed.has(c.hash)).map((c) => c.key));
  if (erased.size === 0) return traits;
  const keep = <T>(record: Record<string, T>) => Object.fromEntries(Object.entries(record).filter(([key]) => !erased.has(key)));
  return { profileData: keep(traits.profileData), traitTimes: keep(traits.traitTimes) };
}

/**
 * A contact value as free text may hold it, for a substring search: an email as normalised (searches ignore case), a
 * phone by its last eight digits, whatever its country code or trunk prefix was written as (written together: a trait
 * spaced as `050 222 3344` is not found by the index).
 */
export const searchedText = (value: ContactValue) => (value.type === 'email' ? value.normalised : value.normalised.replace(/\D/g, '').slice(-8));

/**
 * Erasure's reach into other people's profiles: a trait of another live profile holding one of the erased person's
 * emails or phone numbers (a shared device's profile that was told their email) is removed, with its time. The
 * profiles are found through the trait search's index by the values' text (see searchedText), then each trait is
 * confirmed by its normalised hash. Returns how many traits went.
 */
export async function removeContactTraitsOfOthers(
  tx: Executor,
  keys: TenantPiiKeys,
  settings: Pick<CdpSettings, 'defaultPhoneRegion' | 'blockedValues'>,
  tenantId: string,
  person: { subtree: SQL; hashes: ReadonlySet<string>; values: ContactValue[] },
): Promise<number> {
  const candidates = new Map<string, Record<string, unknown>>();
  for (const text of new Set(person.values.map(searchedText))) {
    if (text.length < 3) continue;
    const rows = await queryRows<{ id: string; profile_data: Record<string, unknown> }>(
      tx,
      sql`select id, profile_data from cdp_profiles
          where tenant_id = ${tenantId} and id in (select cdp_profiles_matching(${containingPattern(text)}, true, null, ${CANDIDATES}))
            and id not in ${person.subtree}`,
    );
    for (const row of rows) candidates.set(row.id, row.profile_data);
  }
  let removed = 0;
  for (const [id, traits] of candidates) {
    const theirs = hashedContactTraits(traits, keys, settings).filter((t) => person.hashes.has(t.hash)).map((t) => t.key);
    if (theirs.length === 0) continue;
    removed += theirs.length;
    await tx.execute(sql`
      update cdp_profiles set profile_data = profile_data - ${textArray(theirs)}, trait_times = trait_times - ${textArray(theirs)}, updated_at = now()
      where tenant_id = ${tenantId} and id = ${id}`);
  }
  return removed;
}
