import type { CdpSettings } from '../tenant-cdp-settings';
import { contactTraits } from './mask-personal-data';
import { normalizeIdentifier } from './normalize';
import { lookupHash, type TenantPiiKeys } from './pii-crypto';

/**
 * Lookup hashes of the emails and phone numbers traits hold under email- or phone-like keys, normalised as
 * identifiers are: an erased person's are suppressed with their identifiers, and an event carrying one is refused
 * as theirs, though it names them by trait only.
 */
export function contactTraitHashes(
  traits: Record<string, unknown> | undefined,
  keys: TenantPiiKeys,
  settings: Pick<CdpSettings, 'defaultPhoneRegion' | 'blockedValues'>,
): string[] {
  return [...new Set(hashedContactTraits(traits, keys, settings).map((t) => t.hash))];
}

/** Each contact trait with its key, its value as an identifier would hold it, and that value's lookup hash. */
export function hashedContactTraits(
  traits: Record<string, unknown> | undefined,
  keys: TenantPiiKeys,
  settings: Pick<CdpSettings, 'defaultPhoneRegion' | 'blockedValues'>,
): { key: string; type: 'email' | 'phone'; normalised: string; hash: string }[] {
  if (!traits) return [];
  return contactTraits(traits).flatMap(({ key, type, value }) => {
    const normalised = normalizeIdentifier(type, value, { defaultRegion: settings.defaultPhoneRegion, blockedValues: settings.blockedValues });
    return normalised.ok ? [{ key, type, normalised: normalised.value, hash: lookupHash(keys, type, normalised.value) }] : [];
  });
}
