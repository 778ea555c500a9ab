import { z } from 'zod';
import { ingestEventSchema } from './cdp-events';
import { jsonObjectSchema as object } from './json-object';

/**
 * The Segment / RudderStack tracking spec, as far as we read it: loose where the spec is loose (extra fields are
 * kept), strict where a wrong value would corrupt a profile.
 */
export const SEGMENT_TYPES = ['track', 'identify', 'page', 'screen', 'group', 'alias'] as const;
export type SegmentType = (typeof SEGMENT_TYPES)[number];

const id = z.union([z.string().trim().min(1).max(512), z.number().transform(String)]);

export const segmentMessageSchema = z
  .object({
    type: z.enum(SEGMENT_TYPES).optional(),
    messageId: z.string().min(1).max(128).optional(),
    userId: id.nullish(),
    anonymousId: id.nullish(),
    previousId: id.optional(),
    groupId: id.optional(),
    event: z.string().trim().min(1).max(255).regex(/^[^\p{Cc}]+$/u, 'event may not contain control characters').optional(),
    name: z.string().max(255).nullish(),
    category: z.string().max(255).nullish(),
    properties: object.nullish(),
    traits: object.nullish(),
    context: object.nullish(),
    timestamp: z.iso.datetime({ offset: true }).optional(),
    originalTimestamp: z.iso.datetime({ offset: true }).optional(),
    sentAt: z.iso.datetime({ offset: true }).optional(),
    writeKey: z.string().max(128).optional(),
  })
  .catchall(z.unknown());
export type SegmentMessage = z.infer<typeof segmentMessageSchema>;

export const segmentBatchSchema = z
  .object({
    batch: z.array(z.unknown()).min(1, 'batch must hold at least one message').max(2500),
    sentAt: z.iso.datetime({ offset: true }).optional(),
    context: object.optional(),
    writeKey: z.string().max(128).optional(),
  })
  .catchall(z.unknown());

export const trackingAckSchema = z.object({ success: z.literal(true) });

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
export const trackedEventSchema = ingestEventSchema.extend({
  event_name: z.string().trim().min(1).max(255).regex(/^[^\p{Cc}]+$/u, 'event name may not contain control characters'),
});

export const SEGMENT_MAX_MESSAGE_BYTES = 32 * 1024;
export const SEGMENT_MAX_REQUEST_BYTES = 500 * 1024;
