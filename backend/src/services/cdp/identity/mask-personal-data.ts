import { maskIdentifier } from '@stratum/contracts';

/**
 * Keys whose string values are phone numbers, wherever they sit (traits, properties, context, nested); the profile
 * search keeps the same list (cdp_is_personal_trait, migration 0036).
 */
const PHONE_KEY = /^(phone|phone_?number|mobile|mobile_?number|mobile_?phone|telephone|tel|msisdn|whatsapp)$/i;
/**
 * An email address anywhere in a string (`j.doe@example.com`, or inside a URL's query): the local part stops at
 * characters a URL or a sentence puts around it.
 */
const EMAIL_IN_TEXT = /[^\s@/?&=:;,<>"'()[\]{}]+@[^\s@/?&=:;,<>"'()[\]{}]+\.[a-z]{2,}/gi;

/**
 * Free-form JSON (traits, event properties and context) as a caller without `cdp:pii:read` sees it: emails masked
 * wherever they appear, and values under phone-like keys masked as phones. Identifiers are masked where they are
 * decrypted; this covers the same people's data sent as traits or properties, which the pipeline stores as given.
 */
export function maskPersonalData<T>(value: T): T {
  return maskValue(value, undefined) as T;
}

function maskValue(value: unknown, key: string | undefined): unknown {
  if (typeof value === 'string') {
    if (key !== undefined && PHONE_KEY.test(key)) return maskIdentifier('phone', value);
    return value.includes('@') ? value.replace(EMAIL_IN_TEXT, (email) => maskIdentifier('email', email)) : value;
  }
  if (Array.isArray(value)) return value.map((item) => maskValue(item, key));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskValue(v, k)]));
  }
  return value;
}
