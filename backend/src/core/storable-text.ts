/**
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

/** The path of the first string or key in `value` that could not be stored (after `prefix`), or null when all can. */
export function unstorableTextAt(value: unknown, prefix = ''): string | null {
  const at = locate(value);
  if (!at) return null;
  return [prefix, ...at].filter((part) => part !== '').join('.') || 'value';
}

// Segments are collected on the way back up, so a clean payload (nearly all of them) builds no paths.
function locate(value: unknown): string[] | null {
  if (typeof value === 'string') return unstorable(value) ? [] : null;
  if (typeof value !== 'object' || value === null) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = locate(value[i]);
      if (found) return [String(i), ...found];
    }
    return null;
  }
  const object = value as Record<string, unknown>;
  for (const key in object) {
    // A bad key is reported at the object that holds it.
    if (unstorable(key)) return [];
    const found = locate(object[key]);
    if (found) return [key, ...found];
  }
  return null;
}

/** Text for a note (e.g. a refused event's name): what cannot be stored is dropped or replaced. */
export const storableText = (text: string) => text.replace(UNSTORABLE_ALL, (found) => (found === '\u0000' ? '' : '\uFFFD'));
