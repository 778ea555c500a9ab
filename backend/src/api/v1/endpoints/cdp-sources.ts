import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  envelope,
  idParamsSchema,
  type LiveSkip,
  setAsideParamsSchema,
  setAsideRequestListSchema,
  sourceCreateSchema,
  sourceListSchema,
  sourceSchema,
  sourceUpdateSchema,
  sourceWithKeySchema,
} from '@stratum/contracts';
import type { ApiDeps } from '../../deps';
import { contextFor } from '../../../auth/authenticate';
import { AppError } from '../../../core/errors';
import { ok } from '../respond';
import {
  createSource,
  deleteSource,
  getSource,
  listSources,
  rotateSourceKey,
  updateSource,
} from '../../../services/cdp/sources/manage-sources';
import { discardSetAsideRequest, listSetAsideRequests, retrySetAsideRequest } from '../../../services/cdp/ingest/set-aside-requests';
import { resumeLiveCursor } from '../../../services/cdp/events/live-cursor';
import { LiveFeed } from '../../../services/cdp/events/live-feed';
import { canReadPii } from '../../../services/cdp/profiles/profile-view';

const tags = ['cdp sources'];

export const cdpSourceRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, { db, queue }) => {
  app.post(
    '/cdp/sources',
    { config: { access: 'cdp:admin' }, schema: { tags, body: sourceCreateSchema, response: { 201: envelope(sourceWithKeySchema) } } },
    async (req, reply) => reply.status(201).send(ok(await createSource(db, req.ctx, req.body), 'Source created; copy the key now, it is shown only once')),
  );
  app.get(
    '/cdp/sources',
    { config: { access: 'cdp:read' }, schema: { tags, response: { 200: envelope(sourceListSchema) } } },
    async (req) => ok(await listSources(db, req.ctx)),
  );
  app.get(
    '/cdp/sources/:id',
    { config: { access: 'cdp:read' }, schema: { tags, params: idParamsSchema, response: { 200: envelope(sourceSchema) } } },
    async (req) => ok(await getSource(db, req.ctx, req.params.id)),
  );
  app.patch(
    '/cdp/sources/:id',
    {
      config: { access: 'cdp:admin' },
      schema: { tags, params: idParamsSchema, body: sourceUpdateSchema, response: { 200: envelope(sourceSchema) } },
    },
    async (req) => ok(await updateSource(db, req.ctx, req.params.id, req.body)),
  );
  app.delete(
    '/cdp/sources/:id',
    { config: { access: 'cdp:admin' }, schema: { tags, params: idParamsSchema, response: { 200: envelope(z.null()) } } },
    async (req) => {
      await deleteSource(db, req.ctx, req.params.id);
      return ok(null, 'Source deleted');
    },
  );
  app.post(
    '/cdp/sources/:id/rotate-key',
    { config: { access: 'cdp:admin' }, schema: { tags, params: idParamsSchema, response: { 200: envelope(sourceWithKeySchema) } } },
    async (req) => ok(await rotateSourceKey(db, req.ctx, req.params.id), 'Key rotated; the previous key no longer works'),
  );

  app.get(
    '/cdp/sources/:id/set-aside',
    { config: { access: 'cdp:read' }, schema: { tags, params: idParamsSchema, response: { 200: envelope(setAsideRequestListSchema) } } },
    async (req) => ok(await listSetAsideRequests(db, req.ctx, req.params.id)),
  );
  app.post(
    '/cdp/sources/:id/set-aside/:requestId/retry',
    { config: { access: 'cdp:admin' }, schema: { tags, params: setAsideParamsSchema, response: { 200: envelope(z.null()) } } },
    async (req) => {
      await retrySetAsideRequest(db, req.ctx, req.params.id, req.params.requestId);
      queue.kick(req.ctx.tenantId!);
      return ok(null, 'Request queued again');
    },
  );
  app.delete(
    '/cdp/sources/:id/set-aside/:requestId',
    { config: { access: 'cdp:admin' }, schema: { tags, params: setAsideParamsSchema, response: { 200: envelope(z.null()) } } },
    async (req) => {
      await discardSetAsideRequest(db, req.ctx, req.params.id, req.params.requestId);
      return ok(null, 'Request discarded');
    },
  );
};

const POLL_MS = 1000;
const HEARTBEAT_MS = 15_000;
/** A new stream shows the last minute; a reconnection resumes where it stopped, up to ten minutes back. */
const REPLAY_MS = 60_000;
const RESUME_MAX_MS = 600_000;

/**
 * The live event debugger: Server-Sent Events of a source's accepted and refused events, from one minute ago on,
 * or from the client's `Last-Event-ID`. The console reads it with fetch (so the bearer token travels in a header,
 * never in the URL). Each poll's last message carries the stream position as its id: a client cut off resumes
 * from there and sees some events twice (their own ids tell them apart), never a gap. A source sending more than
 * the debugger shows gets its newest events and an `event: skipped` saying how many were passed over.
 */
export const cdpLiveEventRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, { db, config }) => {
  app.get(
    '/cdp/sources/:id/live',
    { config: { access: 'cdp:read' }, schema: { tags, params: idParamsSchema } },
    async (req, reply) => {
      await getSource(db, req.ctx, req.params.id); // 404 for unknown or foreign sources, before the stream opens
      const tenantId = req.ctx.tenantId!;
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      reply.raw.write(': connected\n\n');
      const lastEventId = req.headers['last-event-id'];
      const feed = new LiveFeed(
        db,
        tenantId,
        req.params.id,
        resumeLiveCursor(typeof lastEventId === 'string' ? lastEventId : undefined, new Date(Date.now() - REPLAY_MS), new Date(Date.now() - RESUME_MAX_MS)),
        canReadPii(req.ctx),
      );
      let closed = false;
      let lastWrite = Date.now();
      // The viewer's access is checked again before every poll, as every request checks it: a stream outlives its
      // token, and a user disabled or demoted meanwhile must stop receiving events (or their personal data) at once.
      // Ending the stream is enough: the console reconnects from its last position with a refreshed token.
      const stillAllowed = async () => {
        try {
          feed.showPersonalData(canReadPii(await contextFor(db, config.jwt, req, 'cdp:read')));
          return true;
        } catch (err) {
          if (!(err instanceof AppError) || (err.status !== 401 && err.status !== 403)) throw err;
          reply.raw.end(`event: closed\ndata: ${JSON.stringify({ code: err.code, message: err.message })}\n\n`);
          closed = true;
          return false;
        }
      };
      const tick = async () => {
        if (closed) return;
        try {
          if (!(await stillAllowed())) return;
          const batch = await feed.poll();
          const messages = [
            ...(batch.omitted ? [{ event: 'skipped', data: { omitted: batch.omitted, at_least: !batch.omittedExactly } satisfies LiveSkip }] : []),
            ...batch.events.map((event) => ({ event: event.kind, data: event })),
          ];
          messages.forEach(({ event, data }, index) => {
            const id = index === messages.length - 1 ? `id: ${batch.cursor}\n` : '';
            reply.raw.write(`event: ${event}\n${id}data: ${JSON.stringify(data)}\n\n`);
          });
          if (messages.length) lastWrite = Date.now();
          else if (Date.now() - lastWrite > HEARTBEAT_MS) {
            reply.raw.write(': heartbeat\n\n');
            lastWrite = Date.now();
          }
        } catch (err) {
          req.log.error({ err }, 'live event stream poll failed');
        }
        if (!closed) timer = setTimeout(() => void tick(), POLL_MS);
      };
      let timer = setTimeout(() => void tick(), 0);
      req.raw.on('close', () => {
        closed = true;
        clearTimeout(timer);
      });
    },
  );
};
