/**
 * Which messages of a Segment batch body exceed `limit` bytes, read off the JSON text as received: measuring each
 * parsed message by serialising it again would cost as much as parsing the whole body. The body must already have
 * parsed as JSON (so strings and brackets are balanced). Answers null when the text's `batch` array does not hold
 * `expected` elements (a key spelled with escapes, say); the caller then measures the parsed messages instead.
 */
export function oversizedBatchMessages(raw: string, limit: number, expected: number): number[] | null {
  let depth = 0;
  let collecting = false; // inside the top-level `batch` array
  let elementStart = -1;
  let sizes: number[] | null = null;
  let current: number[] = [];
  const endElement = (end: number) => {
    if (elementStart >= 0) current.push(byteSize(raw, elementStart, end, limit));
    elementStart = -1;
  };
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === QUOTE) {
      const close = closingQuote(raw, i);
      if (collecting && depth === 2 && elementStart < 0) elementStart = i;
      if (depth === 1) {
        const colon = nextNonSpace(raw, close + 1);
        if (raw.charCodeAt(colon) === COLON && keyOf(raw, i, close) === 'batch' && raw.charCodeAt(nextNonSpace(raw, colon + 1)) === OPEN_ARRAY) {
          // The last `batch` key wins, as in JSON.parse.
          i = nextNonSpace(raw, colon + 1);
          depth = 2;
          collecting = true;
          current = [];
          continue;
        }
      }
      i = close;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (collecting && depth === 2 && elementStart < 0) elementStart = i;
      depth++;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
      if (collecting && depth === 1) {
        endElement(i);
        collecting = false;
        sizes = current;
      }
    } else if (c === COMMA) {
      if (collecting && depth === 2) endElement(i);
    } else if (collecting && depth === 2 && elementStart < 0 && !isSpace(c)) {
      elementStart = i; // a number, true, false or null
    }
  }
  if (!sizes || sizes.length !== expected) return null;
  const over: number[] = [];
  sizes.forEach((size, index) => size > limit && over.push(index));
  return over;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

function closingQuote(raw: string, open: number): number {
  let at = raw.indexOf('"', open + 1);
  for (;;) {
    let slashes = 0;
    while (raw.charCodeAt(at - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return at;
    at = raw.indexOf('"', at + 1);
  }
}

function nextNonSpace(raw: string, from: number): number {
  let i = from;
  while (i < raw.length && isSpace(raw.charCodeAt(i))) i++;
  return i;
}

function keyOf(raw: string, open: number, close: number): string {
  const text = raw.slice(open, close + 1);
  return text.includes('\\') ? (JSON.parse(text) as string) : text.slice(1, -1);
}

/** UTF-8 size of raw[start, end) without trailing spaces; exact only near the limit (each UTF-16 unit is 1–3 bytes). */
function byteSize(raw: string, start: number, end: number, limit: number): number {
  let stop = end;
  while (stop > start && isSpace(raw.charCodeAt(stop - 1))) stop--;
  const units = stop - start;
  if (units > limit || units * 3 <= limit) return units;
  return Buffer.byteLength(raw.slice(start, stop));
}
