import cors from '@fastify/cors';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  SEGMENT_MAX_MESSAGE_BYTES,
  SEGMENT_MAX_REQUEST_BYTES,
  SEGMENT_TYPES,
  rudderSourceConfigSchema,
  segmentBatchSchema,
  segmentTimeSchema,
  sourceSettingsSchema,
  trackingAckSchema,
  type SegmentType,
} from '@stratum/contracts';
import { z } from 'zod';
import { AppError } from '../core/errors';
import { refusalReason, refusedContentAt } from '../core/refused-content';
import { validationErrors } from '../middleware/errors';
import { inScope, tenantScope } from '../db/scope';
import { decodeCompressedBodies } from '../middleware/request-decoding';
import { authenticateSourceKey } from '../services/cdp/sources/authenticate-source-key';
import { cdpSettings } from '../services/cdp/tenant-cdp-settings';
import { consumeLeasedIngestQuota } from '../services/cdp/ingest/rate-limit';
import { enqueueRawEvents } from '../services/cdp/ingest/raw-event-queue';
import { insertRejections, storableEventName } from '../services/cdp/ingest/rejections';
import { oversizedBatchMessages } from '../services/cdp/tracking/oversized-messages';
import { queuedPayload } from '../services/cdp/tracking/queued-payload';
import { checkSegmentMessage, segmentEventNameOf } from '../services/cdp/tracking/segment-to-event';
import { needsFeature, requireFeatures } from '../middleware/feature-gate';
import type { ApiDeps } from './deps';

const SEVEN_DAYS_HOURS = 7 * 24;
const AUDIT_EXEMPT = 'data-plane tracking: the stored events are their own record';

/**
 * The write key: HTTP Basic user (Segment's convention), `writeKey` in the body (sendBeacon cannot set headers), or
 * in the URL of a settings request (analytics.js: the path; RudderStack's SDK: the query, which logs leave out).
 */
function writeKeyOf(req: FastifyRequest): string | undefined {
  const inPath = (req.params as { writeKey?: unknown } | undefined)?.writeKey;
  if (typeof inPath === 'string') return inPath;
  const inQuery = (req.query as { writeKey?: unknown } | undefined)?.writeKey;
  if (typeof inQuery === 'string') return inQuery;
  const header = req.headers.authorization;
  const basic = header ? /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header) : null;
  if (basic?.[1]) return Buffer.from(basic[1], 'base64').toString('utf8').split(':')[0];
  const body = req.body as { writeKey?: unknown } | undefined;
  return typeof body?.writeKey === 'string' ? body.writeKey : undefined;
}

/** What a batch's `context` may expand to once copied into each of its messages (twice the request limit). */
const MAX_BATCH_CONTEXT_COPIES_BYTES = 2 * SEGMENT_MAX_REQUEST_BYTES;

/**
 * A batch's own `context` applies to each of its messages and is stored with each: it is checked as a message's
 * context is, and bounded as what it expands to (a 370 KB context on 2,500 messages made 900 MB of events, which
 * no drain could write; its tenant's queue stopped behind it).
 */
function checkBatchContext(context: unknown, messageCount: number): void {
  if (context === undefined) return;
  const refused = refusedContentAt(context, 'context');
  if (refused) throw new AppError(400, 'invalid_request', `Invalid request: ${refusalReason(refused)}`, [{ field: refused.at, code: refused.code, message: refused.message }]);
  const bytes = Buffer.byteLength(JSON.stringify(context));
  if (bytes > SEGMENT_MAX_MESSAGE_BYTES) throw new AppError(400, 'payload_too_large', `The batch's context exceeds ${SEGMENT_MAX_MESSAGE_BYTES / 1024} KB`);
  if (bytes * messageCount > MAX_BATCH_CONTEXT_COPIES_BYTES) {
    throw new AppError(
      400,
      'payload_too_large',
      `The batch's context is stored with each of its ${messageCount} messages, ${Math.ceil((bytes * messageCount) / 1024)} KB in all (at most ${MAX_BATCH_CONTEXT_COPIES_BYTES / 1024}): send fewer messages per batch or the context with each message`,
    );
  }
}

/** Why one message of a request cannot be stored; `index` is its place in the request. */
interface MessageError {
  index: number;
  field: string;
  code: 'message_too_large' | 'invalid_message';
  message: string;
}

const tooLarge = () => new AppError(400, 'payload_too_large', `Request exceeds ${SEGMENT_MAX_REQUEST_BYTES / 1024} KB`);

/** Request bodies as received, for the queue. */
const rawBodies = new WeakMap<FastifyRequest, string>();

/** Indexes of the messages over Segment's 32 KB, measured on the body as received where it can be. */
function oversizedMessages(req: FastifyRequest, messages: unknown[], forcedType: SegmentType | undefined): number[] {
  const measured = () => messages.flatMap((m, i) => (Buffer.byteLength(JSON.stringify(m)) > SEGMENT_MAX_MESSAGE_BYTES ? [i] : []));
  const raw = rawBodies.get(req);
  if (raw === undefined) return measured();
  // A body no larger than one message's limit cannot hold an oversized message.
  if (Buffer.byteLength(raw) <= SEGMENT_MAX_MESSAGE_BYTES) return [];
  if (forcedType) return [0];
  return oversizedBatchMessages(raw, SEGMENT_MAX_MESSAGE_BYTES, messages.length) ?? measured();
}

/**
 * Segment-compatible tracking API (`/v1/track`, `/identify`, `/page`, `/screen`, `/group`, `/alias`, `/batch`), so
 * Segment and RudderStack SDKs work by changing their host. Answers `{"success": true}` only once the events are
 * durably queued (the fast path). A batch's invalid messages are left out with their reasons and the rest stored; a
 * request with nothing valid, or with a message over 32 KB, is refused whole (400) and stores nothing.
 */
export interface TrackingOptions extends ApiDeps {
  /** Serve only `/batch`: RudderStack's SDK sends its beacons to `{dataPlaneUrl}/beacon/v1/batch?writeKey=…`. */
  beaconOnly?: boolean;
}

export const trackingRoutes: FastifyPluginAsyncZod<TrackingOptions> = async (app, { db, queue, beaconOnly = false }) => {
  app.addHook('onRoute', needsFeature('cdp'));
  // Browsers post from customers' sites: open CORS, no cookies involved. Whatever headers a preflight asks for are
  // allowed (the default): RudderStack's SDK adds its own (`AnonymousId`, `Rsa-Retry-Attempt`…) and was blocked.
  await app.register(cors, {
    origin: '*',
    methods: ['GET', 'POST'],
    exposedHeaders: ['retry-after'],
    maxAge: 86_400,
  });
  // The body is kept as received: the queue stores it as it came (one row per request), so the acknowledgement
  // never re-serialises the messages.
  const parseJson = app.getDefaultJsonParser('ignore', 'ignore'); // as the app's parser (see main.ts)
  const jsonBody = (req: FastifyRequest, body: string | Buffer, done: (err: Error | null, value?: unknown) => void) => {
    // The onRequest check reads Content-Length; a chunked body has none, so its size is checked once received.
    if (Buffer.byteLength(body) > SEGMENT_MAX_REQUEST_BYTES) return done(tooLarge());
    rawBodies.set(req, body as string);
    void parseJson(req, body as string, (err, value) => (err ? done(new AppError(400, 'invalid_json', 'Body is not valid JSON')) : done(null, value)));
  };
  // Whatever the declared type, the body is read as JSON, as Segment's and RudderStack's servers do: sendBeacon sends
  // text/plain, RudderStack's Node SDK posts its gzipped JSON as application/x-www-form-urlencoded.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, jsonBody);
  app.addHook('onRequest', async (req) => {
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > SEGMENT_MAX_REQUEST_BYTES) throw tooLarge();
  });
  // Server SDKs may compress (RudderStack's gzips by default); the limit holds on the decoded body.
  app.addHook('preParsing', decodeCompressedBodies({ limit: () => SEGMENT_MAX_REQUEST_BYTES, tooLarge }));

  // Pages on customers' sites read these answers (CORS above); without this, the platform's same-origin policy makes
  // the browser refuse every beacon's answer and log an error on the customer's page.
  app.addHook('onSend', async (_req, reply) => {
    reply.header('cross-origin-resource-policy', 'cross-origin');
  });

  // Segment answers a request it cannot take with 400 (its SDKs retry other codes), not the platform's 422.
  app.setErrorHandler((err) => {
    const invalid = validationErrors(err);
    if (invalid) throw new AppError(400, 'invalid_request', `Invalid request: ${invalid.map((e) => `${e.field ?? 'body'}: ${e.message}`).join('; ')}`, invalid);
    if (err instanceof AppError && err.status === 422) throw new AppError(400, 'invalid_request', `Invalid request: ${err.message}`, err.errors);
    throw err;
  });

  // The key is checked once the body is parsed (it may carry the key) but before it is validated, so an
  // unauthenticated caller learns nothing about what a valid request looks like.
  app.addHook('preValidation', async (req) => {
    const source = await authenticateSourceKey(db, writeKeyOf(req), 'A valid write key is required: the source key as the HTTP Basic user, or writeKey in the body');
    req.ctx = { ...req.ctx, tenantId: source.tenantId, ingestSourceId: source.sourceId };
    await requireFeatures(db, req);
  });

  /**
   * Messages not stored are noted for the live debugger, where a developer setting up an SDK looks: each invalid one
   * with its reason and, when the whole request was refused, the others with the reason they were not stored either.
   */
  async function noteRejections(
    tenantId: string,
    sourceId: string | null,
    messages: unknown[],
    errors: MessageError[],
    forcedType: SegmentType | undefined,
    wholeRequest: boolean,
  ) {
    const noted = wholeRequest ? messages.map((_, index) => index) : errors.map((e) => e.index);
    // The noted messages count against the tenant's quota as stored ones do: notes are writes too.
    await consumeLeasedIngestQuota(db, tenantId, noted.length, (await cdpSettings(db, tenantId)).ingestEventsPerMinute);
    const reasons = new Map(errors.map((e) => [e.index, e.message]));
    const others = `not stored: ${errors.length} other message(s) of its request were invalid`;
    const receivedAt = new Date().toISOString();
    const rows = noted.map((index) => ({
      source_id: sourceId,
      received_at: receivedAt,
      event_name: storableEventName(segmentEventNameOf(messages[index], forcedType)),
      reason: reasons.get(index) ?? others,
      reason_code: reasons.has(index) ? ('invalid_message' as const) : ('request_refused' as const),
    }));
    await inScope(db, tenantScope(tenantId), (tx) => insertRejections(tx, tenantId, rows));
  }

  async function track(req: FastifyRequest, messages: unknown[], forcedType?: SegmentType) {
    if (!forcedType) checkBatchContext((req.body as { context?: unknown }).context, messages.length);
    const errors: MessageError[] = [];
    const oversized = new Set(oversizedMessages(req, messages, forcedType));
    // As the drain will read the times (see messagesOf): the batch's sentAt, and this moment give or take the queue.
    const times = { batchSentAt: segmentTimeSchema.safeParse((req.body as { sentAt?: unknown }).sentAt).data, receivedAt: new Date() };
    messages.forEach((message, index) => {
      if (oversized.has(index)) {
        errors.push({ index, field: `batch.${index}`, code: 'message_too_large', message: `Message exceeds ${SEGMENT_MAX_MESSAGE_BYTES / 1024} KB` });
        return;
      }
      const result = checkSegmentMessage(message, forcedType, times);
      if (!result.ok) errors.push({ index, field: `batch.${index}`, code: 'invalid_message', message: result.error });
    });
    const tenantId = req.ctx.tenantId!;
    const sourceId = req.ctx.ingestSourceId ?? null;
    const shown = (list: MessageError[]) => list.map(({ field, code, message }) => ({ field, code, message }));
    // As Segment: an oversized message refuses its request (400); otherwise a batch's invalid messages are left out
    // and the rest kept, so one bad call does not take its batch-mates down with it (SDKs do not resend after a 400).
    if (errors.length && (oversized.size > 0 || errors.length === messages.length)) {
      await noteRejections(tenantId, sourceId, messages, errors, forcedType, true);
      throw new AppError(400, 'invalid_messages', `${errors.length} invalid message(s); nothing was stored`, shown(errors.slice(0, 20)));
    }
    if (errors.length) await noteRejections(tenantId, sourceId, messages, errors, forcedType, false);
    const left = new Set(errors.map((e) => e.index));
    const kept = errors.length ? messages.filter((_, index) => !left.has(index)) : messages;
    // Fast path: acknowledged once durably queued; mapping and identity resolution follow within moments. A batch
    // with messages left out is written anew (its top-level sentAt and context still apply to the rest).
    const payload = errors.length
      ? queuedPayload(undefined, { ...(req.body as Record<string, unknown>), batch: kept }, undefined)
      : queuedPayload(rawBodies.get(req), req.body, forcedType);
    await enqueueRawEvents(db, { tenantId, sourceId }, { format: 'segment', payload, messageCount: kept.length, forcedType, requestIp: req.ip }, SEVEN_DAYS_HOURS);
    queue.kick(tenantId);
    return errors.length ? { success: true as const, rejected: shown(errors) } : { success: true as const };
  }

  const routeConfig = { access: 'public' as const, auditExempt: AUDIT_EXEMPT, itemsCheckedOneByOne: true };
  const batchRoute = (path: string) =>
    app.post(
      path,
      { config: routeConfig, schema: { tags: ['tracking'], body: segmentBatchSchema, response: { 200: trackingAckSchema } } },
      async (req) => track(req, req.body.batch),
    );
  if (beaconOnly) {
    batchRoute('/batch');
    return;
  }
  // Segment's analytics.js posts to the same API under one-letter paths (`/v1/t`, `/v1/i`… and `/v1/b` when it
  // batches), so each route answers under both names.
  for (const type of SEGMENT_TYPES) {
    for (const path of [`/${type}`, `/${type.charAt(0)}`]) {
      app.post(
        path,
        { config: routeConfig, schema: { tags: ['tracking'], body: z.record(z.string(), z.unknown()), response: { 200: trackingAckSchema } } },
        async (req) => track(req, [req.body], type),
      );
    }
  }
  batchRoute('/batch');
  batchRoute('/b');

  // analytics.js reads its settings from `{cdnURL}/v1/projects/{writeKey}/settings` before it sends anything; with
  // `cdnURL` pointed here, these settings send its events back to this API (the preValidation hook has checked
  // the key). They name no destination and switch its usage metrics off, so nothing goes to Segment. Stratum's SDK
  // reads the same document for the tenant's consent requirement; browsers may keep it a minute.
  app.get(
    '/projects/:writeKey/settings',
    { config: { access: 'public' }, schema: { tags: ['tracking'], params: z.object({ writeKey: z.string() }), response: { 200: sourceSettingsSchema } } },
    async (req, reply) => {
      const { requireConsent } = await cdpSettings(db, req.ctx.tenantId!);
      // The host and scheme as Fastify reads them: from X-Forwarded-Host/-Proto only behind a proxy named by
      // TRUST_PROXY. Believed from anyone, a forged header would name another host here, and a shared cache could
      // hand that answer to real visitors, whose SDKs would then send their events there.
      void reply.header('Cache-Control', 'max-age=60').header('Vary', 'Host, X-Forwarded-Host, X-Forwarded-Proto');
      const protocol: 'http' | 'https' = req.protocol === 'https' ? 'https' : 'http';
      return {
        integrations: { 'Segment.io': { apiKey: req.params.writeKey, apiHost: `${req.host}/v1`, protocol } },
        plan: {},
        metrics: { sampleRate: 0 },
        remotePlugins: [],
        stratum: { requireConsent },
      };
    },
  );

  // RudderStack's JavaScript SDK reads its source's configuration from `{configUrl}/sourceConfig/`; with `configUrl`
  // at `{origin}/v1` it is this one, which names no destination, so the SDK sends everything to its data plane here.
  app.get(
    '/sourceConfig',
    { config: { access: 'public' }, schema: { tags: ['tracking'], response: { 200: rudderSourceConfigSchema } } },
    async (req, reply) => {
      void reply.header('Cache-Control', 'max-age=60');
      return {
        source: { id: req.ctx.ingestSourceId!, name: 'Stratum', writeKey: writeKeyOf(req)!, enabled: true as const, config: {}, destinations: [] },
        updatedAt: new Date().toISOString(),
      };
    },
  );
};
