import { z } from 'zod';
import { uuidInputSchema } from './uuid-input';
import { isoInstantSchema } from './instant';
import { jsonObjectSchema } from './json-object';

export const BUILTIN_IDENTIFIER_TYPES = ['external_id', 'email', 'phone', 'device_id', 'anonymous_id'] as const;
export type BuiltinIdentifierType = (typeof BUILTIN_IDENTIFIER_TYPES)[number];
/** Built-in types plus tenant-defined ones (lowercase snake case). */
export const identifierTypeSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9_]{1,39}$/, 'Identifier type must be lowercase letters, digits and underscores');

export const identifierInputSchema = z.object({
  type: identifierTypeSchema,
  value: z.union([z.string(), z.number()]).transform(String).pipe(z.string().max(512)),
});
export type IdentifierInput = z.input<typeof identifierInputSchema>;

export const CONSENT_TYPES = ['analytics', 'ads', 'email', 'sms', 'all'] as const;
export const consentTypeSchema = z.enum(CONSENT_TYPES);
export type ConsentType = z.infer<typeof consentTypeSchema>;

/** A client IP as events store it; trackers' own values are checked with it before they are kept. */
export const ipAddressSchema = z.union([z.ipv4(), z.ipv6()]);

export const eventContextSchema = z
  .object({
    user_agent: z.string().max(1024),
    ip: ipAddressSchema,
    locale: z.string().max(35),
    timezone: z.string().max(64),
    screen: jsonObjectSchema,
    campaign: jsonObjectSchema,
    session_id: z.string().max(128),
    page: jsonObjectSchema,
  })
  .partial()
  .catchall(z.unknown());

export const EVENT_NAME_PATTERN = /^[A-Za-z0-9 _-]+$/;

/** One event as sent to `/api/v1/cdp/events` or `/api/v1/cdp/ingest`. Each is validated on its own. */
export const ingestEventSchema = z.object({
  event_name: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .regex(EVENT_NAME_PATTERN, 'event_name may contain letters, digits, spaces, underscores and hyphens only'),
  event_time: z.iso.datetime({ offset: true }),
  identifiers: z.array(identifierInputSchema).min(1, 'At least one identifier is required').max(20),
  idempotency_key: z.string().min(1).max(128).optional(),
  properties: jsonObjectSchema.default({}),
  context: eventContextSchema.default({}),
  /** Profile traits carried by the event (identify-style); the newest value of each key wins. */
  traits: jsonObjectSchema.optional(),
  consent: z
    .object({ analytics: z.boolean(), ads: z.boolean(), email: z.boolean(), sms: z.boolean() })
    .partial()
    .optional(),
});
export type IngestEvent = z.input<typeof ingestEventSchema>;
export type ValidIngestEvent = z.output<typeof ingestEventSchema>;

export const MAX_EVENTS_PER_BATCH = 1000;
/** The request is checked for shape only; each event is validated on its own so one bad event rejects only itself. */
export const ingestBatchSchema = z.object({
  events: z.array(z.unknown()).min(1, 'Send at least one event').max(MAX_EVENTS_PER_BATCH, `Send at most ${MAX_EVENTS_PER_BATCH} events per request`),
});

export const EVENT_STATUSES = ['accepted', 'rejected', 'duplicate'] as const;

/**
 * Why an event or an imported row was refused, as a code a client can show in its own language; the text beside it
 * (`error`, `reason`, `message`) says what exactly, in English, naming fields and values.
 */
export const REJECTION_CODES = [
  /** A field is missing, of the wrong type or holds a value that is not allowed. */
  'invalid_field',
  /** The event's time is before 1970 or more than a day after it was received. */
  'invalid_time',
  /** None of its identifiers can be used (missing, junk like `null`, a malformed email or phone). */
  'no_identifier',
  /** It names a person who was erased at their request. */
  'suppressed',
  /** The database refused its values. */
  'not_stored',
  /** An imported row that could not be read (not JSON, a broken CSV record, not UTF-8). */
  'unreadable',
  /** A tracking API message that is invalid (left out of its batch) or too large (its whole request refused). */
  'invalid_message',
  /** A valid tracking API message not stored because another message of its request was too large. */
  'request_refused',
] as const;
export const rejectionCodeSchema = z.enum(REJECTION_CODES);
export type RejectionCode = z.infer<typeof rejectionCodeSchema>;

export const eventResultSchema = z.object({
  index: z.number().int(),
  event_id: z.uuid().nullable(),
  status: z.enum(EVENT_STATUSES),
  profile_id: z.uuid().nullable(),
  emq_score: z.number().int().nullable(),
  error: z.string().nullable(),
  /** Set when `status` is `rejected`. */
  error_code: rejectionCodeSchema.nullable(),
});
export type EventResult = z.infer<typeof eventResultSchema>;

export const ingestResultSchema = z.object({
  accepted: z.number().int(),
  rejected: z.number().int(),
  duplicates: z.number().int(),
  results: z.array(eventResultSchema),
});
export type IngestResult = z.infer<typeof ingestResultSchema>;

export const storedEventSchema = z.object({
  id: z.uuid(),
  profile_id: z.uuid().nullable(),
  source_id: z.uuid().nullable(),
  event_name: z.string(),
  event_time: z.string(),
  received_at: z.string(),
  idempotency_key: z.string().nullable(),
  properties: z.record(z.string(), z.unknown()),
  context: z.record(z.string(), z.unknown()),
  identifier_types: z.array(z.string()),
  emq_score: z.number().int(),
  status: z.string(),
});
export type StoredEvent = z.infer<typeof storedEventSchema>;

export const eventListQuerySchema = z.object({
  event_name: z.string().max(255).optional(),
  source_id: uuidInputSchema.optional(),
  profile_id: uuidInputSchema.optional(),
  from: isoInstantSchema.optional(),
  to: isoInstantSchema.optional(),
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(100).default(50),
});

/**
 * One message of a source's live event stream (`GET /api/v1/cdp/sources/{id}/live`, Server-Sent Events): `data`
 * of an SSE `event: accepted` or `event: rejected`.
 */
export const liveEventSchema = z.object({
  kind: z.enum(['accepted', 'rejected']),
  id: z.uuid(),
  event_name: z.string().nullable(),
  received_at: z.string(),
  event_time: z.string().nullable(),
  profile_id: z.uuid().nullable(),
  emq_score: z.number().int().nullable(),
  reason: z.string().nullable(),
  /** Null for accepted events and for refusals noted before codes were kept. */
  reason_code: rejectionCodeSchema.nullable(),
  properties: z.record(z.string(), z.unknown()).nullable(),
  context: z.record(z.string(), z.unknown()).nullable(),
});
export type LiveEvent = z.infer<typeof liveEventSchema>;

/**
 * `data` of an SSE `event: skipped`: events the stream passed over to keep up when a source sends more than the
 * debugger shows (a hundred a second). They are stored as usual; `at_least` when they could not all be counted.
 */
export const liveSkipSchema = z.object({
  omitted: z.number().int().positive(),
  at_least: z.boolean(),
});
export type LiveSkip = z.infer<typeof liveSkipSchema>;
