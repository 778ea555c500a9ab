import { csvDelimiterOf, IMPORT_TARGET_PATTERN, type CsvDelimiter, type ImportMapping } from '@stratum/contracts';

/**
 * The client side of a file import: read the start of the file, find its columns (a CSV header, or the field
 * paths of the first NDJSON line), guess where each goes, and build the `mapping` the API takes
 * (contracts `importMappingSchema`).
 */
export type ImportKind = 'events' | 'profiles';
export type ImportFormat = 'csv' | 'ndjson';

/** What the console reads of a file: enough for the header and a few sample rows, whatever the file's size. */
export const FILE_HEAD_BYTES = 64 * 1024;

export const IDENTIFIER_TARGETS = ['email', 'phone', 'external_id', 'anonymous_id', 'device_id'] as const;
export const CONSENT_TARGETS = ['analytics', 'ads', 'email', 'sms'] as const;

/** A mapping table choice; `properties` and `traits` take a key from the row's free-text field. */
export type TargetChoice =
  | 'event_name'
  | 'event_time'
  | 'idempotency_key'
  | `identifier.${(typeof IDENTIFIER_TARGETS)[number]}`
  | 'properties'
  | 'traits'
  | `consent.${(typeof CONSENT_TARGETS)[number]}`
  | 'ignore';

export const TARGET_CHOICES: readonly TargetChoice[] = [
  'event_name',
  'event_time',
  'idempotency_key',
  ...IDENTIFIER_TARGETS.map((type) => `identifier.${type}` as const),
  'properties',
  'traits',
  ...CONSENT_TARGETS.map((type) => `consent.${type}` as const),
  'ignore',
];

export interface MappingRow {
  column: string;
  target: TargetChoice;
  /** The property or trait key, for `properties` and `traits`. */
  key: string;
}

/** A gzip-compressed file is named for what it holds (`contacts.csv.gz`). */
export function formatOfFile(name: string): ImportFormat | null {
  if (/\.csv(\.gz)?$/i.test(name)) return 'csv';
  if (/\.(ndjson|jsonl)(\.gz)?$/i.test(name)) return 'ndjson';
  return null;
}

function readBytes(file: Blob): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error('Could not read the file'));
    reader.readAsArrayBuffer(file);
  });
}

/**
 * Up to `max` bytes inflated from the start of gzip data, which may be cut short (a file's head): what inflates
 * before the cut is kept; `ended` when the data ended there.
 */
async function inflateHead(compressed: Uint8Array<ArrayBuffer>, max: number): Promise<{ bytes: Uint8Array; ended: boolean }> {
  const source = new ReadableStream<Uint8Array<ArrayBuffer>>({
    start(controller) {
      controller.enqueue(compressed);
      controller.close();
    },
  });
  const reader = source.pipeThrough(new DecompressionStream('gzip')).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let ended = false;
  try {
    while (size < max) {
      const { value, done } = await reader.read();
      if (done) {
        ended = true;
        break;
      }
      chunks.push(value);
      size += value.length;
    }
  } catch {
    // Cut short (the head of a larger file): keep what came out.
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return { bytes: bytes.subarray(0, max), ended: ended && size <= max };
}

/**
 * The first `FILE_HEAD_BYTES` of a file as text, inflated first when the file is gzip data (recognised by its first
 * bytes, as the import recognises it). FileReader works in every browser and in jsdom.
 */
export async function readFileHead(file: Blob, bytes = FILE_HEAD_BYTES): Promise<{ text: string; complete: boolean }> {
  const head = await readBytes(file.slice(0, bytes));
  const decode = (data: Uint8Array) => new TextDecoder().decode(data);
  if (head[0] === 0x1f && head[1] === 0x8b) {
    const inflated = await inflateHead(head, bytes);
    return { text: decode(inflated.bytes), complete: file.size <= bytes && inflated.ended };
  }
  return { text: decode(head), complete: file.size <= bytes };
}

/**
 * Whether a file's head was not UTF-8: the browser decoded some bytes to U+FFFD. A head cut mid-character ends in
 * one, which does not count.
 */
export function isNotUtf8(text: string, complete: boolean): boolean {
  return (complete ? text : text.replace(/\uFFFD+$/, '')).includes('\uFFFD');
}

/**
 * Parses CSV records (RFC 4180: quoted fields may hold the separator, quotes as `""` and line breaks). Only complete
 * records are returned unless `complete` says the text is the whole file: the last one of a 64 KB head is
 * usually cut off.
 */
export function parseCsvRecords(input: string, { maxRecords = Infinity, complete = true, delimiter = ',' as CsvDelimiter } = {}): string[][] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let index = 0;
  const endRecord = () => {
    record.push(field);
    field = '';
    // A blank line is not a record.
    if (!(record.length === 1 && record[0] === '')) records.push(record);
    record = [];
  };
  while (index < text.length && records.length < maxRecords) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"') {
        if (text[index + 1] === '"') {
          field += '"';
          index += 1;
        } else quoted = false;
      } else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === delimiter) {
      record.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index += 1;
      endRecord();
    } else field += char;
    index += 1;
  }
  if (complete && records.length < maxRecords && !quoted && (field !== '' || record.length > 0)) endRecord();
  return records;
}

export interface FilePreview {
  columns: string[];
  /** One sample value per column (from the first rows that have one). */
  samples: Record<string, string>;
}

export function previewCsv(text: string, complete: boolean): FilePreview {
  const [header = [], ...rows] = parseCsvRecords(text, { maxRecords: 6, complete, delimiter: csvDelimiterOf(text) });
  const columns = header.map((column) => column.trim());
  const samples: Record<string, string> = {};
  columns.forEach((column, index) => {
    const value = rows.map((row) => row[index]?.trim() ?? '').find((v) => v !== '');
    if (value !== undefined) samples[column] = value;
  });
  return { columns: columns.filter((column) => column !== ''), samples };
}

/** Leaf paths of a JSON object, `user.email` style, as the backend resolves NDJSON columns. */
function leafPaths(value: unknown, prefix: string, depth: number, into: Map<string, string>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && depth < 4) {
    for (const [key, child] of Object.entries(value)) leafPaths(child, prefix ? `${prefix}.${key}` : key, depth + 1, into);
    return;
  }
  if (prefix) into.set(prefix, typeof value === 'string' ? value : JSON.stringify(value));
}

/** The first line's field paths; `null` when the line is not a JSON object. */
export function previewNdjson(text: string): FilePreview | null {
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '');
  if (line === undefined) return null;
  try {
    const parsed: unknown = JSON.parse(line);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
    const paths = new Map<string, string>();
    leafPaths(parsed, '', 0, paths);
    return { columns: [...paths.keys()], samples: Object.fromEntries(paths) };
  } catch {
    return null;
  }
}

/** `Order ID` → `order_id`; property and trait keys allow letters, digits, `_`, `.` and `-` (up to 64). */
export function keyFor(column: string): string {
  const key = column
    .trim()
    .replace(/[^\w.-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 64);
  return key || 'value';
}

export function isValidKey(key: string): boolean {
  return /^[\w.-]{1,64}$/.test(key);
}

const normalise = (column: string) =>
  column
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');

const GUESSES: readonly [RegExp, TargetChoice][] = [
  [/^(e_?mail|email_address|mail)$/, 'identifier.email'],
  [/^(phone|mobile|phone_number|mobile_number|mobile_phone|cell|msisdn|tel|telephone)$/, 'identifier.phone'],
  [/^(user_id|userid|customer_id|customerid|external_id|crm_id|contact_id|member_id|account_id)$/, 'identifier.external_id'],
  [/^(anonymous_id|anonymousid|anon_id|visitor_id)$/, 'identifier.anonymous_id'],
  [/^(device_id|deviceid|idfa|gaid|advertising_id)$/, 'identifier.device_id'],
  [/^(event|event_name|event_type|eventname)$/, 'event_name'],
  [/^(timestamp|date|time|datetime|event_time|event_date|occurred_at|created_at|ts)$/, 'event_time'],
  [/^(idempotency_key|message_id|messageid|event_id)$/, 'idempotency_key'],
];

/** Targets one event has a single value for: only the first matching column gets them. */
const SINGLE_VALUED = ['event_name', 'event_time', 'idempotency_key'] as const;
type SingleValuedTarget = (typeof SINGLE_VALUED)[number];
const isSingleValued = (target: TargetChoice): target is SingleValuedTarget => (SINGLE_VALUED as readonly string[]).includes(target);

function guessOne(column: string): TargetChoice | null {
  // NDJSON paths are judged by their last segment (`user.email` is an email).
  const name = normalise(column.split('.').at(-1) ?? column);
  const consent = /(?:^consent_(analytics|ads|email|sms)$)|(?:^(analytics|ads|email|sms)_(?:consent|opt_?in)$)/.exec(name);
  if (consent) return `consent.${(consent[1] ?? consent[2]) as (typeof CONSENT_TARGETS)[number]}`;
  return GUESSES.find(([pattern]) => pattern.test(name))?.[1] ?? null;
}

/**
 * A first mapping for the columns: identifiers, event name and time, consent by their usual names; everything else
 * as a property (events) or trait (profiles) under its own name.
 */
export function guessMapping(columns: readonly string[], kind: ImportKind): MappingRow[] {
  const taken = new Set<TargetChoice>();
  return columns.map((column) => {
    const guess = guessOne(column);
    if (guess && !(isSingleValued(guess) && taken.has(guess))) {
      taken.add(guess);
      return { column, target: guess, key: '' };
    }
    return { column, target: kind === 'events' ? 'properties' : 'traits', key: keyFor(column) };
  });
}

/** Properties are event data and traits profile data: switching the kind moves one to the other. */
export function switchKind(rows: readonly MappingRow[], kind: ImportKind): MappingRow[] {
  const from = kind === 'events' ? 'traits' : 'properties';
  const to = kind === 'events' ? 'properties' : 'traits';
  return rows.map((row) => (row.target === from ? { ...row, target: to } : row));
}

export function targetOf(row: MappingRow): string {
  return row.target === 'properties' || row.target === 'traits' ? `${row.target}.${row.key.trim()}` : row.target;
}

export function buildMapping(rows: readonly MappingRow[]): ImportMapping {
  return Object.fromEntries(rows.map((row) => [row.column, targetOf(row)]));
}

export type MappingProblem =
  | { code: 'no_identifier' }
  | { code: 'no_event_name' }
  | { code: 'no_event_time' }
  | { code: 'duplicate_target'; target: SingleValuedTarget }
  | { code: 'invalid_key'; column: string }
  | { code: 'duplicate_column'; column: string };

/** The checks the API makes (and one it does not: two columns for one single value would silently lose one). */
export function mappingProblems(rows: readonly MappingRow[], kind: ImportKind): MappingProblem[] {
  const problems: MappingProblem[] = [];
  // A header naming a column twice: only one of them could be read (the API refuses such a file).
  const columns = rows.map((row) => row.column);
  for (const column of new Set(columns.filter((name, i) => columns.indexOf(name) !== i))) problems.push({ code: 'duplicate_column', column });
  for (const row of rows) {
    if ((row.target === 'properties' || row.target === 'traits') && !(isValidKey(row.key.trim()) && IMPORT_TARGET_PATTERN.test(targetOf(row)))) {
      problems.push({ code: 'invalid_key', column: row.column });
    }
  }
  if (!rows.some((row) => row.target.startsWith('identifier.'))) problems.push({ code: 'no_identifier' });
  if (kind === 'events' && !rows.some((row) => row.target === 'event_name')) problems.push({ code: 'no_event_name' });
  // Every event needs its time: without the column each row would be imported as a failure.
  if (kind === 'events' && !rows.some((row) => row.target === 'event_time')) problems.push({ code: 'no_event_time' });
  for (const target of SINGLE_VALUED) {
    if (rows.filter((row) => row.target === target).length > 1) problems.push({ code: 'duplicate_target', target });
  }
  return problems;
}
