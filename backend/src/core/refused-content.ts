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

const UNSTORABLE_TEXT = 'text may not contain the NUL character or an unpaired UTF-16 surrogate';
/**
 * JSON may name a key `__proto__`; JSON.parse keeps it as plain data, but assigning it anywhere later (Object.assign,
 * `target[key] = …`) swaps the target's prototype instead of storing a value, and schema parsing drops it without a
 * word. Such a key is refused with a reason rather than lost silently.
 */
const RESERVED_KEY = 'the key `__proto__` is not accepted';
/**
 * JSON.parse takes any depth, but what follows does not: JSON.stringify and recursive checks overflow the stack near
 * ten thousand levels, the server's jsonb parser stops at its stack limit, and PGlite's crashes (taking the embedded
 * database down with it) near a thousand. Real event data is a few levels deep.
 */
const MAX_JSON_DEPTH = 32;
const TOO_DEEP = `objects and arrays may not be nested more than ${MAX_JSON_DEPTH} levels deep`;

/**
 * JSON.parse reads a number past the double range (`1e999`) as Infinity, which JSON cannot write back: it would be
 * stored as null without a word.
 */
const NOT_FINITE = 'numbers must be within the range of a double (1e999 is not)';

const MESSAGES = { unstorable_text: UNSTORABLE_TEXT, reserved_key: RESERVED_KEY, too_deep: TOO_DEEP, not_finite: NOT_FINITE } as const;

export interface Refusal {
  /** Where, as a dotted path after the prefix (`properties.note`). */
  at: string;
  code: keyof typeof MESSAGES;
  message: string;
}

/**
 * The first thing in `value` that is refused (see above), or null when all of it can be stored. Check untrusted
 * JSON with this before anything walks it (schemas included): the walk here stops at the depth limit. `depth`: how
 * deep `value` will sit in what is stored.
 */
export function refusedContentAt(value: unknown, prefix = '', depth = 0): Refusal | null {
  const found = locate(value, depth);
  if (!found) return null;
  const at = [prefix, ...found.path].filter((part) => part !== '').join('.') || 'value';
  return { at, code: found.code, message: MESSAGES[found.code] };
}

/**
 * A `__proto__` key at the top of a body whose items are checked one by one (refusedContentAt on each): the
 * envelope around them is checked here, or such a key would pass unseen.
 */
export function refusedTopLevelKey(value: unknown, prefix = ''): Refusal | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, '__proto__')) return null;
  return { at: [prefix, '__proto__'].filter((part) => part !== '').join('.'), code: 'reserved_key', message: RESERVED_KEY };
}

/** `at: message`, for a per-item reason. */
export const refusalReason = (refusal: Refusal) => `${refusal.at}: ${refusal.message}`;

interface Found {
  path: string[];
  code: Refusal['code'];
}

// Segments are collected on the way back up, so a clean payload (nearly all of them) builds no paths.
function locate(value: unknown, depth: number): Found | null {
  if (typeof value === 'string') return unstorable(value) ? { path: [], code: 'unstorable_text' } : null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : { path: [], code: 'not_finite' };
  if (typeof value !== 'object' || value === null) return null;
  if (depth === MAX_JSON_DEPTH) return { path: [], code: 'too_deep' };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = locate(value[i], depth + 1);
      if (found) return { ...found, path: [String(i), ...found.path] };
    }
    return null;
  }
  const object = value as Record<string, unknown>;
  for (const key in object) {
    if (key === '__proto__') return { path: [key], code: 'reserved_key' };
    // A bad key is reported at the object that holds it.
    if (unstorable(key)) return { path: [], code: 'unstorable_text' };
    const found = locate(object[key], depth + 1);
    if (found) return { ...found, path: [key, ...found.path] };
  }
  return null;
}

/** Text for a note (e.g. a refused event's name): what cannot be stored is dropped or replaced. */
export const storableText = (text: string) => text.replace(UNSTORABLE_ALL, (found) => (found === '\u0000' ? '' : '\uFFFD'));
