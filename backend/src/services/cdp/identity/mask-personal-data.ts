import { maskIdentifier } from '@stratum/contracts';
import { ipNetworkOf } from '../../../core/ip-address';

/**
 * Words of a key that name a phone number, wherever the key sits (traits, properties, context, nested) and whatever
 * its casing or joins (`phone`, `work_phone`, `billingPhone`, `tel-no`, `cell`); the profile search keeps the same
 * rule (cdp_is_personal_trait, migration 0046).
 */
const PHONE_WORD = /^(phone|phonenumber|mobile|mobilenumber|mobilephone|telephone|tel|msisdn|whatsapp|cell|cellphone)$/;
/**
 * Keys whose values are email addresses, masked as such even where the text alone would not say so; under other
 * keys an address is masked where the text shows one (`email_status: "verified"` is not one).
 */
const EMAIL_KEY = /^(e_?mail|e_?mail_?address)$/i;
/** Words of a key that name an email address (`email`, `work_email`, `billingEmailAddress`, `e_mail`). */
const EMAIL_WORD = /^(email|emailaddress|e_?mail)$/;
/** A key's words: split at separators and where camelCase changes case. */
const keyWords = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/[^a-z0-9]+/);
const isPhoneKey = (key: string) => keyWords(key).some((word) => PHONE_WORD.test(word));
const isEmailKey = (key: string) => {
  const words = keyWords(key);
  return words.some((word, i) => EMAIL_WORD.test(word) || (word === 'e' && words[i + 1] === 'mail'));
};
/** Digits enough to be a phone number: `phone_verified: true` or `phone_country: "AE"` are not one. */
const PHONE_DIGITS = /(\d\D*){6}/;
/**
 * An email address anywhere in a string (`j.doe@example.com`, `ali@مثال.امارات`, or inside a URL's query): the local
 * part stops at characters a URL or a sentence puts around it; the domain may be internationalised.
 */
const EMAIL_IN_TEXT = /[^\s@/?&=:;,<>"'()[\]{}]+@[^\s@/?&=:;,<>"'()[\]{}]+\.\p{L}{2,}/giu;
/** The same in a URL's query, its `@` percent-encoded (`?email=rana%40example.com`). */
const ENCODED_EMAIL_IN_TEXT = /[^\s@/?&=:;,<>"'()[\]{}%]+%40[^\s@/?&=:;,<>"'()[\]{}]+\.\p{L}{2,}/giu;
/** Keys whose values are a device's network address (`context.ip`): personal data in GDPR's reading. */
const IP_KEY = /^(ip|ip_?address)$/i;
/** Keys that may hold one under another name (`client_ip`, `ipv6`, `remote_addr`, `x_forwarded_for`): masked when the value is an address. */
const IP_LIKE_KEY = /ip|addr|forwarded/i;
/**
 * A phone number in international form anywhere in a string (`+971502223331`, `Tel +971 50 999 8877`): a plus
 * sign, then 8 to 15 digits that spaces, dots, dashes or brackets may separate. Numbers without the plus sign are
 * left alone: order and account numbers look the same.
 */
const PHONE_IN_TEXT = /\+\d(?:[\s.()-]{0,2}\d){7,14}/g;

/**
 * Free-form JSON (traits, event properties and context) as a caller without `cdp:pii:read` sees it: emails and
 * international phone numbers masked wherever they appear, values under email- or phone-like keys (numbers too)
 * masked as such, and IP addresses their host part. Identifiers are masked where they are decrypted; this covers
 * the same people's data sent as traits or properties, which the pipeline stores as given.
 */
export function maskPersonalData<T>(value: T): T {
  return maskValue(value, undefined) as T;
}

/**
 * The emails and phone numbers a profile's traits hold under email- or phone-like keys (top level only, as
 * identify calls send them): erasure suppresses them with the identifiers, as a person sent by email as a trait
 * would otherwise be re-created by the next event naming that email.
 */
export function contactTraits(traits: Record<string, unknown>): { key: string; type: 'email' | 'phone'; value: string }[] {
  const found: { key: string; type: 'email' | 'phone'; value: string }[] = [];
  for (const [key, value] of Object.entries(traits)) {
    if (isEmailKey(key) && typeof value === 'string') found.push({ key, type: 'email', value });
    else if (isPhoneKey(key) && (typeof value === 'string' || typeof value === 'number')) found.push({ key, type: 'phone', value: String(value) });
  }
  return found;
}

/** A string of free text with the emails and phone numbers in it masked. */
export function maskPersonalText(text: string): string {
  const plain = text.includes('@') ? text.replace(EMAIL_IN_TEXT, (email) => maskIdentifier('email', email)) : text;
  const emailsMasked = plain.includes('%40')
    ? plain.replace(ENCODED_EMAIL_IN_TEXT, (email) => maskIdentifier('email', email.replace('%40', '@')).replace('@', '%40'))
    : plain;
  return emailsMasked.includes('+') ? emailsMasked.replace(PHONE_IN_TEXT, (phone) => maskIdentifier('phone', phone)) : emailsMasked;
}

/** An IP address with its host part hidden (see ipNetworkOf); anything else under an IP key masked whole. */
export function maskIpAddress(ip: string): string {
  return ipNetworkOf(ip) ?? maskIdentifier('ip', ip);
}

function maskValue(value: unknown, key: string | undefined): unknown {
  if (key !== undefined && typeof value === 'string' && IP_KEY.test(key)) return maskIpAddress(value);
  if (key !== undefined && typeof value === 'string' && IP_LIKE_KEY.test(key)) {
    const network = ipNetworkOf(value.trim());
    if (network) return network;
  }
  if (key !== undefined && (typeof value === 'string' || typeof value === 'number')) {
    if (isPhoneKey(key) && PHONE_DIGITS.test(String(value))) return maskIdentifier('phone', String(value));
    if (EMAIL_KEY.test(key) && typeof value === 'string') return maskIdentifier('email', value);
  }
  if (typeof value === 'string') return maskPersonalText(value);
  if (Array.isArray(value)) return value.map((item) => maskValue(item, key));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskValue(v, k)]));
  }
  return value;
}

/** A stored text as a viewer sees it: as it is for one who may read PII (`clear`), else through `mask`. */
export function shownAs(clear: boolean, value: string | null, mask: (text: string) => string): string | null {
  return clear || value === null ? value : mask(value);
}
