import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** SPEC §4 priorities: the canonical identity is the profile's strongest identifier. */
export const IDENTIFIER_PRIORITY: Readonly<Record<string, number>> = {
  external_id: 100,
  email: 80,
  phone: 70,
  device_id: 40,
  anonymous_id: 10,
};
/** Tenant-defined identifier types rank just above anonymous ids. */
export const CUSTOM_IDENTIFIER_PRIORITY = 20;
export const priorityOf = (type: string) => IDENTIFIER_PRIORITY[type] ?? CUSTOM_IDENTIFIER_PRIORITY;

/** Whether national phone numbers can be read in this region: `ZZ` or `XX` match the pattern of a code and read none. */
export const hasPhoneNumbering = (region: string) => isSupportedCountry(region);

export const DEFAULT_BLOCKED_VALUES = ['null', 'undefined', 'anonymous', '0', '-1', 'none', 'nan', 'n/a', 'unknown'];

/**
 * Nothing but zeros between separators: the advertising id iOS reports when the user declined tracking
 * (`00000000-0000-0000-0000-000000000000`), an unset MAC address. Shared by every such device, it would glue all
 * their people into one profile.
 */
const ZEROED = /^[0\s:._-]+$/;

export interface NormalizeOptions {
  defaultRegion?: string;
  blockedValues?: readonly string[];
}

export type NormalizeResult = { ok: true; value: string } | { ok: false; reason: string };

// Invisible format characters (Unicode Cf): bidi marks that right-to-left interfaces put around copied Latin text,
// zero-width spaces and joiners, soft hyphens, byte-order marks. trim() keeps them.
const FORMAT_AT_ENDS = /^[\s\p{Cf}]+|[\s\p{Cf}]+$/gu;
const FORMAT = /\p{Cf}/gu;

/**
 * An address as mail tools write it: characters an address cannot hold unquoted (RFC 5322's atoms), so
 * `mailto:a@b.com` or `<a@b.com>` cannot become a second identifier of the same person.
 */
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

/** `mailto:a@b.com`, `<a@b.com>`, `Ana Diaz <a@b.com>` (a CRM's contact column): the address alone. */
function unwrapEmail(text: string): string {
  const bracketed = /<([^<>]*)>$/.exec(text);
  const address = bracketed ? bracketed[1]!.trim() : text;
  return address.startsWith('mailto:') ? address.slice('mailto:'.length) : address;
}

/**
 * Email: trim + lowercase, and the same address however it was typed: without invisible characters, in one Unicode
 * form (NFKC: a decomposed `é` or full-width letters from an Asian keyboard are the same address). Phone: E.164
 * using the tenant's default region (`971501234567` → `+971501234567`, `0501234567` in AE → `+971501234567`; Arabic-
 * Indic digits too). Others: trim (invisible characters at the ends included). Junk values are refused before they
 * can glue strangers together into one profile.
 */
export function normalizeIdentifier(type: string, raw: string, options: NormalizeOptions = {}): NormalizeResult {
  const trimmed = raw.replace(FORMAT_AT_ENDS, '');
  const blocked = options.blockedValues ?? DEFAULT_BLOCKED_VALUES;
  if (trimmed === '' || blocked.includes(trimmed.toLowerCase()) || ZEROED.test(trimmed)) {
    return { ok: false, reason: `blocked ${type} value` };
  }
  switch (type) {
    case 'email': {
      const email = unwrapEmail(trimmed.replace(FORMAT, '').normalize('NFKC').toLowerCase());
      if (!EMAIL.test(email)) return { ok: false, reason: 'invalid email' };
      return { ok: true, value: email };
    }
    case 'phone':
      return normalizePhone(trimmed, options.defaultRegion);
    default:
      return { ok: true, value: trimmed };
  }
}

function normalizePhone(raw: string, defaultRegion?: string): NormalizeResult {
  const digitsOnly = raw.replace(/[\s().-]/g, '');
  const candidates: string[] = [];
  const international = digitsOnly.startsWith('+') || digitsOnly.startsWith('00');
  if (digitsOnly.startsWith('+')) candidates.push(digitsOnly);
  else if (digitsOnly.startsWith('00')) candidates.push(`+${digitsOnly.slice(2)}`);
  else candidates.push(`+${digitsOnly}`);
  const region = defaultRegion?.toUpperCase() as CountryCode | undefined;
  // Without a `+` or `00`, a number valid in the tenant's region is read there first: in the US, 2024561111 is
  // Washington (+12024561111), not a Cairo number (+2024561111). A number with its country code but no `+`
  // (971501234567) is still read right: the national reading recognises the region's own code, and a foreign
  // one is not valid there, so it falls through to the bare international reading below.
  if (region && !international) {
    const national = parsePhoneNumberFromString(raw, region);
    if (national?.isValid()) return { ok: true, value: national.number };
  }
  for (const candidate of candidates) {
    const parsed = parsePhoneNumberFromString(candidate);
    if (parsed?.isValid()) return { ok: true, value: parsed.number };
  }
  if (region && international) {
    const national = parsePhoneNumberFromString(raw, region);
    if (national?.isValid()) return { ok: true, value: national.number };
  }
  const loose = parsePhoneNumberFromString(candidates[0] ?? raw);
  if (loose?.isPossible()) return { ok: true, value: loose.number };
  return { ok: false, reason: 'invalid phone number' };
}
