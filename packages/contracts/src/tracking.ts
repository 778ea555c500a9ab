import { z } from 'zod';
import { ingestEventSchema } from './cdp-events';
import { apiErrorSchema } from './envelope';
import { isCalendarDate, isoTimeToEpoch } from './iso-time';
import { jsonObjectSchema as object } from './json-object';

/**
 * The Segment / RudderStack tracking spec, as far as we read it: loose where the spec is loose (extra fields are
 * kept), strict where a wrong value would corrupt a profile.
 */
export const SEGMENT_TYPES = ['track', 'identify', 'page', 'screen', 'group', 'alias'] as const;
export type SegmentType = (typeof SEGMENT_TYPES)[number];

/**
 * An id as SDKs send it: text (an empty string, which RudderStack's older SDK sends for a visitor not identified yet,
 * counts as absent) or a number, read as its digits — refused past 2^53, where JSON has already lost some of them.
 */
const id = z.union([z.string().max(512), z.number()]).transform((value, ctx) => {
  if (typeof value === 'string') return value.trim();
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
    ctx.addIssue({ code: 'custom', message: 'a number this large has lost digits in JSON: send the id as a string' });
    return z.NEVER;
  }
  return String(value);
});

const RFC_3339 = /^(\d{4})-(\d{2})-(\d{2})T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,9})?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/**
 * A time in any ISO 8601 form SDKs write (`2025-03-01T12:00:00Z`, `…+0200`, a date alone, a space for the `T`), read
 * as UTC where no zone is given (Segment's timestamps are UTC), and passed on as a UTC instant.
 */
export const segmentTimeSchema = z
  .string()
  .max(64)
  .transform((value, ctx) => {
    // What nearly every SDK sends, checked without parsing (a tenth of the time, on the acknowledgement's path).
    const usual = RFC_3339.exec(value);
    if (usual && isCalendarDate(Number(usual[1]), Number(usual[2]), Number(usual[3]))) return value;
    const at = isoTimeToEpoch(value);
    if (Number.isNaN(at)) {
      ctx.addIssue({ code: 'custom', message: 'Invalid ISO 8601 time' });
      return z.NEVER;
    }
    return new Date(at).toISOString();
  });

/** An event name kept as sent (any printable text), as long as it says something. */
const eventNameSchema = z
  .string()
  .max(255)
  .regex(/^[^\p{Cc}]+$/u, 'event may not contain control characters')
  .refine((name) => name.trim() !== '', 'event may not be blank');

export const segmentMessageSchema = z
  .object({
    type: z.enum(SEGMENT_TYPES).optional(),
    messageId: z.string().min(1).max(128).optional(),
    userId: id.nullish(),
    anonymousId: id.nullish(),
    previousId: id.optional(),
    groupId: id.optional(),
    event: eventNameSchema.optional(),
    name: z.string().max(255).nullish(),
    category: z.string().max(255).nullish(),
    properties: object.nullish(),
    traits: object.nullish(),
    context: object.nullish(),
    timestamp: segmentTimeSchema.optional(),
    originalTimestamp: segmentTimeSchema.optional(),
    sentAt: segmentTimeSchema.optional(),
    writeKey: z.string().max(128).optional(),
  })
  .catchall(z.unknown());
export type SegmentMessage = z.infer<typeof segmentMessageSchema>;

export const segmentBatchSchema = z
  .object({
    batch: z.array(z.unknown()).min(1, 'batch must hold at least one message').max(2500),
    sentAt: segmentTimeSchema.optional(),
    context: object.optional(),
    writeKey: z.string().max(128).optional(),
  })
  .catchall(z.unknown());

/**
 * The answer once the request's events are durably queued. A batch's invalid messages are left out and named in
 * `rejected` (`field` = `batch.{index}`), as Segment keeps a batch's valid messages; SDKs read only `success`.
 */
export const trackingAckSchema = z.object({ success: z.literal(true), rejected: z.array(apiErrorSchema).optional() });

/**
 * A source's settings (`GET /v1/projects/{key}/settings`), read by browsers before they send: the part of Segment's
 * settings that analytics.js needs to send to Stratum, and what Stratum's own SDK needs to know.
 */
export const sourceSettingsSchema = z.object({
  integrations: z.object({
    'Segment.io': z.object({ apiKey: z.string(), apiHost: z.string(), protocol: z.enum(['http', 'https']) }),
  }),
  plan: z.object({}),
  metrics: z.object({ sampleRate: z.number() }),
  remotePlugins: z.array(z.never()),
  /** The tenant requires analytics consent before anything is collected (see the CDP settings' `require_consent`). */
  stratum: z.object({ requireConsent: z.boolean() }),
});

/**
 * A source's configuration as RudderStack's JavaScript SDK reads it (`GET {configUrl}/sourceConfig/`, with
 * `configUrl` pointed at `{origin}/v1`): the source, enabled, with no destinations, so it loads no device-mode
 * integration and sends everything to its data plane, Stratum. No `statsCollection`: it reports nothing to RudderStack.
 */
export const rudderSourceConfigSchema = z.object({
  source: z.object({
    id: z.string(),
    name: z.string(),
    writeKey: z.string(),
    enabled: z.literal(true),
    config: z.object({}),
    destinations: z.array(z.never()),
  }),
  updatedAt: z.string(),
});

/** Tracked events keep the client's event name verbatim (any printable text), unlike the stricter CDP API. */
export const trackedEventSchema = ingestEventSchema.extend({ event_name: eventNameSchema });

export const SEGMENT_MAX_MESSAGE_BYTES = 32 * 1024;
export const SEGMENT_MAX_REQUEST_BYTES = 500 * 1024;
