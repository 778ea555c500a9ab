import { createHash } from 'node:crypto';
import { isoTimeToEpoch, maskIdentifier, type ImportMapping, type RejectionCode } from '@stratum/contracts';
import { maskPersonalText } from '../identity/mask-personal-data';

/**
 * One file row → one CDP event. With a mapping, each mapped column lands where the mapping says (CSV needs
 * one); without, an NDJSON row is taken as a CDP event as it is. A profiles import becomes a `Profile Imported`
 * event carrying traits, so profiles go through the same identity resolution as everything else.
 */
export type RowResult = { ok: true; event: Record<string, unknown> } | { ok: false; error: string; code: RejectionCode };

// Own fields only: a column named `constructor` or `toString` is a missing column, not Object's method.
const fieldOf = (value: unknown, key: string): unknown =>
  value !== null && typeof value === 'object' && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
const valueAt = (row: Record<string, unknown>, path: string): unknown =>
  Object.hasOwn(row, path) ? row[path] : path.split('.').reduce<unknown>(fieldOf, row);

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

// With CRMs' words for a subscription: `Subscribed`, `Opted out`, `opt-in`.
const GRANTED = new Set(['true', 'yes', 'y', '1', 'granted', 'subscribed', 'opted in', 'opt in']);
const NOT_GRANTED = new Set(['false', 'no', 'n', '0', 'revoked', 'denied', 'unsubscribed', 'opted out', 'opt out']);

function toBoolean(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  const s = String(v).trim().toLowerCase().replace(/[\s_-]+/g, ' ');
  if (GRANTED.has(s)) return true;
  if (NOT_GRANTED.has(s)) return false;
  return undefined;
}

/**
 * A cell quoted in a row's error, which anyone who may read the import sees and which is stored with it: the start
 * of the value, with an email or a phone number masked, since a row whose columns shifted puts them anywhere.
 */
function reportedCell(v: unknown): string {
  const text = String(v);
  const digits = text.replace(/\D/g, '').length;
  // Masked before it is cut: an email cut short no longer reads as one.
  if (/^\+?[\d\s().-]+$/.test(text) && digits >= 7 && !/^\d{4}-\d{2}-\d{2}/.test(text)) return maskIdentifier('phone', text).slice(0, 40);
  return maskPersonalText(text).slice(0, 40);
}

/**
 * An event time as files hold it: ISO 8601 (`2024-01-05`, `2024-01-05 10:00`, with or without an offset; without
 * one it is the tenant's wall clock, as a CRM export is), or epoch seconds or milliseconds. `05/01/2024` is refused:
 * it is 5 January in Dubai and 1 May in New York, and guessing would store the wrong day without a word.
 */
function toTime(v: unknown, timeZone: string): string | undefined {
  if (isBlank(v)) return undefined;
  const text = String(v).trim();
  let at: number;
  if (typeof v === 'number') at = v > 1e12 ? v : v * 1000;
  else if (/^\d{10}(\.\d{1,6})?$/.test(text)) at = Number(text) * 1000;
  else if (/^\d{13}$/.test(text)) at = Number(text);
  else at = isoTimeToEpoch(text, timeZone);
  return Number.isFinite(at) ? new Date(at).toISOString() : undefined;
}

const TIME_FORMS = 'use ISO 8601 (2024-01-05 or 2024-01-05 14:30, in the tenant’s time zone unless an offset is given) or epoch seconds';

/** JSON with every object's keys in order: the same content gives the same text, whatever order it came in. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    return `{${Object.keys(object)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The idempotency key of a row: what the import takes from it, whatever the bytes around it. The same rows again add
 * nothing — gzipped, saved with other line ends (cells read them as LF), with the columns in another order or beside
 * columns the mapping leaves out — while a corrected mapping takes other content from them, which is added. Two
 * identical rows are one event. (A profiles import's event time is the run's, and no part of the key.)
 */
const contentKey = (kind: string, content: Record<string, unknown>) =>
  `import:${kind}:${createHash('sha256').update(canonicalJson(content)).digest('base64url')}`;

const byTypeAndValue = (a: { type: string; value: string }, b: { type: string; value: string }) =>
  a.type === b.type ? (a.value < b.value ? -1 : a.value > b.value ? 1 : 0) : a.type < b.type ? -1 : 1;

export function importRowToEvent(
  row: Record<string, unknown>,
  options: { mapping: ImportMapping | null; kind: 'events' | 'profiles'; timeZone: string; now: Date },
): RowResult {
  if (!options.mapping) {
    // An NDJSON row is an event as the API takes it, with the times a file holds (see toTime).
    const { idempotency_key: ownKey, ...content } = row;
    if (!isBlank(content.event_time)) {
      const time = toTime(content.event_time, options.timeZone);
      if (!time) return { ok: false, error: `event_time: not a date (${reportedCell(content.event_time)}); ${TIME_FORMS}`, code: 'invalid_field' };
      content.event_time = time;
    }
    const event = { ...content, idempotency_key: typeof ownKey === 'string' ? ownKey : contentKey(options.kind, content) };
    if (options.kind === 'profiles') {
      return { ok: true, event: { event_name: 'Profile Imported', event_time: options.now.toISOString(), ...event } };
    }
    return { ok: true, event };
  }
  const event: Record<string, unknown> = {};
  const identifiers: { type: string; value: string }[] = [];
  const properties: Record<string, unknown> = {};
  const traits: Record<string, unknown> = {};
  const consent: Record<string, boolean> = {};
  for (const [column, target] of Object.entries(options.mapping)) {
    const value = valueAt(row, column);
    if (target === 'ignore' || isBlank(value)) continue;
    const [head, ...rest] = target.split('.');
    const field = rest.join('.');
    switch (head) {
      case 'event_name':
        event.event_name = String(value).trim();
        break;
      case 'event_time': {
        const time = toTime(value, options.timeZone);
        if (!time) return { ok: false, error: `${column}: not a date (${reportedCell(value)}); ${TIME_FORMS}`, code: 'invalid_field' };
        event.event_time = time;
        break;
      }
      case 'idempotency_key':
        event.idempotency_key = String(value).slice(0, 128);
        break;
      case 'identifier':
        identifiers.push({ type: field, value: String(value) });
        break;
      case 'properties':
        properties[field] = value;
        break;
      case 'traits':
        traits[field] = value;
        break;
      case 'consent': {
        const granted = toBoolean(value);
        if (granted === undefined) return { ok: false, error: `${column}: not a yes/no value (${reportedCell(value)})`, code: 'invalid_field' };
        consent[field] = granted;
        break;
      }
      default:
        return { ok: false, error: `${column}: unknown target ${target}`, code: 'invalid_field' };
    }
  }
  event.idempotency_key ??= contentKey(options.kind, {
    ...event,
    identifiers: [...identifiers].sort(byTypeAndValue),
    properties,
    traits,
    consent,
  });
  if (options.kind === 'profiles') {
    event.event_name ??= 'Profile Imported';
    event.event_time ??= options.now.toISOString();
  }
  // An empty cell where the event's name or time belongs is named by its column, as the file's author knows it.
  for (const [field, what] of [['event_name', 'no event name'], ['event_time', 'no event time']] as const) {
    const column = Object.keys(options.mapping).find((c) => options.mapping![c] === field);
    if (event[field] === undefined && column !== undefined) return { ok: false, error: `${column}: ${what}`, code: 'invalid_field' };
  }
  if (identifiers.length === 0) return { ok: false, error: 'no identifier column has a value', code: 'no_identifier' };
  return {
    ok: true,
    event: {
      ...event,
      identifiers,
      properties,
      ...(Object.keys(traits).length ? { traits } : {}),
      ...(Object.keys(consent).length ? { consent } : {}),
    },
  };
}
