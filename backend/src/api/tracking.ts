import cors from '@fastify/cors';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  SEGMENT_MAX_MESSAGE_BYTES,
  SEGMENT_MAX_REQUEST_BYTES,
  SEGMENT_TYPES,
  segmentBatchSchema,
  trackingAckSchema,
  type SegmentType,
} from '@stratum/contracts';
import { z } from 'zod';
import { AppError } from '../core/errors';
import { authenticateSourceKey } from '../services/cdp/sources/authenticate-source-key';
import { enqueueRawEvents } from '../services/cdp/ingest/raw-event-queue';
import { segmentToEvent, type MappedEvent } from '../services/cdp/tracking/segment-to-event';
import type { ApiDeps } from './deps';

const SEVEN_DAYS_HOURS = 7 * 24;
const AUDIT_EXEMPT = 'data-plane tracking: the stored events are their own record';

/** The write key: HTTP Basic user (Segment's convention) or `writeKey` in the body (sendBeacon cannot set headers). */
function writeKeyOf(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  const basic = header ? /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header) : null;
  if (basic?.[1]) return Buffer.from(basic[1], 'base64').toString('utf8').split(':')[0];
  const body = req.body as { writeKey?: unknown } | undefined;
  return typeof body?.writeKey === 'string' ? body.writeKey : undefined;
}

const tooLarge = (message: string) => new AppError(400, 'payload_too_large', message);

/**
 * Segment-compatible tracking API (`/v1/track`, `/identify`, `/page`, `/screen`, `/group`, `/alias`, `/batch`), so
 * Segment and RudderStack SDKs work by changing their host. Answers `{"success": true}` only once the events are
 * durably queued (the fast path); an invalid message fails the whole request (400) and stores nothing.
 */
export const trackingRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, { db, queue }) => {
  // Browsers post from customers' sites: open CORS, no cookies involved.
  await app.register(cors, {
    origin: '*',
    methods: ['POST'],
    allowedHeaders: ['authorization', 'content-type'],
    exposedHeaders: ['retry-after'],
    maxAge: 86_400,
  });
  // sendBeacon sends text/plain to avoid a preflight; the body is still JSON.
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new AppError(400, 'invalid_json', 'Body is not valid JSON'), undefined);
    }
  });
  app.addHook('onRequest', async (req) => {
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > SEGMENT_MAX_REQUEST_BYTES) throw tooLarge(`Request exceeds ${SEGMENT_MAX_REQUEST_BYTES / 1024} KB`);
  });

  // The key is checked once the body is parsed (it may carry the key) but before it is validated, so an
  // unauthenticated caller learns nothing about what a valid request looks like.
  app.addHook('preValidation', async (req) => {
    const source = await authenticateSourceKey(db, writeKeyOf(req));
    req.ctx = { ...req.ctx, tenantId: source.tenantId, ingestSourceId: source.sourceId };
  });

  async function track(req: FastifyRequest, messages: unknown[], forcedType?: SegmentType, batch?: { sentAt?: string; context?: Record<string, unknown> }) {
    const source = { tenantId: req.ctx.tenantId!, sourceId: req.ctx.ingestSourceId ?? null };
    const receivedAt = new Date();
    const mapped: MappedEvent[] = [];
    const errors: { field: string; code: string; message: string }[] = [];
    // A body no larger than one message's limit cannot hold an oversized message: skip measuring each one.
    const mayHoldLargeMessage = Number(req.headers['content-length'] ?? Infinity) > SEGMENT_MAX_MESSAGE_BYTES;
    messages.forEach((message, index) => {
      if (mayHoldLargeMessage && Buffer.byteLength(JSON.stringify(message)) > SEGMENT_MAX_MESSAGE_BYTES) {
        errors.push({ field: `batch.${index}`, code: 'message_too_large', message: `Message exceeds ${SEGMENT_MAX_MESSAGE_BYTES / 1024} KB` });
        return;
      }
      const result = segmentToEvent(message, { forcedType, batchSentAt: batch?.sentAt, batchContext: batch?.context, receivedAt, requestIp: req.ip });
      if (result.ok) mapped.push(result.event);
      else errors.push({ field: `batch.${index}`, code: 'invalid_message', message: result.error });
    });
    if (errors.length) throw new AppError(400, 'invalid_messages', `${errors.length} invalid message(s); nothing was stored`, errors.slice(0, 20));
    // Fast path: acknowledged once durably queued; identity resolution follows within moments.
    await enqueueRawEvents(db, { tenantId: source.tenantId, sourceId: source.sourceId }, mapped as unknown as Record<string, unknown>[], SEVEN_DAYS_HOURS);
    queue.kick(source.tenantId);
    return { success: true as const };
  }

  const routeConfig = { access: 'public' as const, auditExempt: AUDIT_EXEMPT };
  for (const type of SEGMENT_TYPES) {
    app.post(
      `/${type}`,
      { config: routeConfig, schema: { tags: ['tracking'], body: z.record(z.string(), z.unknown()), response: { 200: trackingAckSchema } } },
      async (req) => track(req, [req.body], type),
    );
  }
  app.post(
    '/batch',
    { config: routeConfig, schema: { tags: ['tracking'], body: segmentBatchSchema, response: { 200: trackingAckSchema } } },
    async (req) => track(req, req.body.batch, undefined, { sentAt: req.body.sentAt, context: req.body.context }),
  );
};
