import { uuidv7 } from '../../../core/ids';
import { ingestEventSchema, type RejectionCode, type ValidIngestEvent } from '@stratum/contracts';
import { emqScore } from '../emq/emq';
import { contactTraitHashes } from '../identity/contact-trait-hashes';
import { normalizeIdentifier } from '../identity/normalize';
import { lookupHash, type TenantPiiKeys } from '../identity/pii-crypto';
import type { CdpSettings } from '../tenant-cdp-settings';
import { refusedContentAt, refusalReason } from '../../../core/refused-content';
import type { UnplacedEventRow } from './event-sql';
import { isPurchase, purchaseRevenue } from './purchase-revenue';

export interface PreparedIdentifier {
  type: string;
  hash: string;
  /**
   * The normalised value, in memory only: encrypted just before it is stored, and only if it is new (most
   * identifiers of a batch are already known, and AES costs more than the lookup). Never logged.
   */
  value: string;
}

export interface PreparedEvent {
  index: number;
  id: string;
  event: ValidIngestEvent;
  eventTime: Date;
  /** When our API received it (for queued events, the enqueue time, not the processing time). */
  receivedAt: Date;
  identifiers: PreparedIdentifier[];
  /** Hashes of the emails and phones its traits carry (see contactTraitHashes): an erased person's refuse it. */
  contactHashes: string[];
  emq: number;
  /** For a purchase, what it adds to revenue in the tenant's currency (see purchaseRevenue); null otherwise. */
  revenue: number | null;
  /** A purchase whose amount was counted: its order value is known (average order value counts only these). */
  priced: boolean;
  /** Notes on an accepted event: identifiers dropped (e.g. a malformed phone), revenue not counted. */
  warnings: string[];
  /**
   * The event's row as JSON without its profile (see insertEvents), built here, before the batch takes the
   * tenant's lock: serialising a batch's properties and contexts under the lock cost a tenth of the locked time.
   */
  rowJson: string;
}

export type Prepared = { ok: true; value: PreparedEvent } | { ok: false; index: number; error: string; code: RejectionCode };

const EARLIEST_EVENT_TIME = Date.UTC(1970, 0, 1);
const MAX_CLOCK_AHEAD_MS = 24 * 3_600_000;

/**
 * Any ISO time parses, but year 0 does not fit PostgreSQL (a batch would fail) and a time years ahead would keep a
 * profile "last seen" in the future: an event is refused before 1970 or more than a day after it reached us.
 */
export function implausibleTime(eventTime: Date, receivedAt: Date): string | null {
  if (eventTime.getTime() < EARLIEST_EVENT_TIME) return 'before 1970';
  if (eventTime.getTime() > receivedAt.getTime() + MAX_CLOCK_AHEAD_MS) return 'more than 24 hours after it was received';
  return null;
}

/** Validates one event on its own, normalises and hashes its identifiers, and scores it. Nothing is written. */
export function prepareEvent(
  raw: unknown,
  index: number,
  keys: TenantPiiKeys,
  settings: CdpSettings,
  receivedAt: Date,
  schema: typeof ingestEventSchema = ingestEventSchema,
): Prepared {
  // The event as sent, before the schema walks it (and drops a `__proto__` key, which is refused rather than lost).
  const refused = refusedContentAt(raw);
  if (refused) return { ok: false, index, error: refusalReason(refused), code: 'invalid_field' };
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const error = parsed.error.issues
      .slice(0, 5)
      .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
      .join('; ');
    return { ok: false, index, error, code: 'invalid_field' };
  }
  const event = parsed.data;
  const eventTime = new Date(event.event_time);
  const badTime = implausibleTime(eventTime, receivedAt);
  if (badTime) return { ok: false, index, error: `event_time: ${badTime}`, code: 'invalid_time' };
  const identifiers: PreparedIdentifier[] = [];
  const warnings: string[] = [];
  for (const input of event.identifiers) {
    const normalised = normalizeIdentifier(input.type, input.value, {
      defaultRegion: settings.defaultPhoneRegion,
      blockedValues: settings.blockedValues,
    });
    if (!normalised.ok) {
      warnings.push(`${input.type}: ${normalised.reason}`);
      continue;
    }
    const hash = lookupHash(keys, input.type, normalised.value);
    if (identifiers.some((i) => i.hash === hash)) continue;
    identifiers.push({ type: input.type, hash, value: normalised.value });
  }
  if (identifiers.length === 0) return { ok: false, index, error: `no usable identifier (${warnings.join('; ')})`, code: 'no_identifier' };
  let revenue: number | null = null;
  let priced = false;
  if (isPurchase(event.event_name)) {
    const counted = purchaseRevenue(event.properties, settings);
    revenue = counted.revenue;
    priced = counted.warning === undefined;
    if (counted.warning) warnings.push(counted.warning);
  }
  const emq = emqScore({
    identifierTypes: identifiers.map((i) => i.type),
    properties: event.properties,
    context: event.context,
    eventTime,
    receivedAt,
  });
  const id = uuidv7();
  const row: UnplacedEventRow = {
    id,
    event_name: event.event_name,
    event_time: eventTime.toISOString(),
    received_at: receivedAt.toISOString(),
    idempotency_key: event.idempotency_key ?? null,
    properties: event.properties,
    context: event.context,
    identifiers: identifiers.map((i) => ({ type: i.type, hash: i.hash })),
    emq_score: emq,
    revenue,
    processing_errors: warnings.length ? warnings : null,
  };
  const contactHashes = contactTraitHashes(event.traits, keys, settings).filter((hash) => !identifiers.some((i) => i.hash === hash));
  return {
    ok: true,
    value: { index, id, event, eventTime, receivedAt, identifiers, contactHashes, emq, revenue, priced, warnings, rowJson: JSON.stringify(row) },
  };
}
