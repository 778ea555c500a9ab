/**
 * What untrusted JSON may carry that we refuse, with the path of the first occurrence.
 *
 * PostgreSQL cannot store every JavaScript string: text and jsonb refuse the NUL character, and jsonb refuses a
 * UTF-16 surrogate without its pair. Both arrive through perfectly valid JSON (`"\u0000"`, `"\ud800"`), so
 * untrusted payloads are checked before they reach a statement, where they would fail a whole batch.
 */
// eslint-disable-next-line no-control-regex -- the NUL character is exactly what this looks for
const UNSTORABLE_ALL = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const UNSTORABLE = new RegExp(UNSTORABLE_ALL.source);
// eslint-disable-next-line no-control-regex -- as above; a cheap first look, since almost no text has either
const SUSPECT = /[\u0000\uD800-\uDFFF]/;
const unstorable = (text: string) => SUSPECT.test(text) && UNSTORABLE.test(text);

export const UNSTORABLE_TEXT = 'text may not contain the NUL character or an unpaired UTF-16 surrogate';
/**
 * JSON may name a key `__proto__`; JSON.parse keeps it as plain data, but assigning it anywhere later (Object.assign,
 * `target[key] = …`) swaps the target's prototype instead of storing a value, and schema parsing drops it without a
 * word. Such a key is refused with a reason rather than lost silently.
 */
export const RESERVED_KEY = 'the key `__proto__` is not accepted';

export interface Refusal {
  /** Where, as a dotted path after the prefix (`properties.note`). */
  at: string;
  code: 'unstorable_text' | 'reserved_key';
  message: string;
}

/** The first string or key in `value` that is refused (see above), or null when everything can be stored. */
export function refusedContentAt(value: unknown, prefix = ''): Refusal | null {
  const found = locate(value);
  if (!found) return null;
  const at = [prefix, ...found.path].filter((part) => part !== '').join('.') || 'value';
  return found.reservedKey ? { at, code: 'reserved_key', message: RESERVED_KEY } : { at, code: 'unstorable_text', message: UNSTORABLE_TEXT };
}

/** `at: message`, for a per-item reason. */
export const refusalReason = (refusal: Refusal) => `${refusal.at}: ${refusal.message}`;

interface Found {
  path: string[];
  reservedKey: boolean;
}

// Segments are collected on the way back up, so a clean payload (nearly all of them) builds no paths.
function locate(value: unknown): Found | null {
  if (typeof value === 'string') return unstorable(value) ? { path: [], reservedKey: false } : null;
  if (typeof value !== 'object' || value === null) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = locate(value[i]);
      if (found) return { ...found, path: [String(i), ...found.path] };
    }
    return null;
  }
  const object = value as Record<string, unknown>;
  for (const key in object) {
    if (key === '__proto__') return { path: [key], reservedKey: true };
    // A bad key is reported at the object that holds it.
    if (unstorable(key)) return { path: [], reservedKey: false };
    const found = locate(object[key]);
    if (found) return { ...found, path: [key, ...found.path] };
  }
  return null;
}

/** Text for a note (e.g. a refused event's name): what cannot be stored is dropped or replaced. */
export const storableText = (text: string) => text.replace(UNSTORABLE_ALL, (found) => (found === '\u0000' ? '' : '\uFFFD'));
