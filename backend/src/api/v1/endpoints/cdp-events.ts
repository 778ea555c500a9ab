import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  cdpHealthSchema,
  countedAheadPaginated,
  envelope,
  eventListQuerySchema,
  ingestBatchSchema,
  ingestResultSchema,
  storedEventSchema,
} from '@stratum/contracts';
import { forbidden } from '../../../core/errors';
import type { ApiDeps } from '../../deps';
import { ok } from '../respond';
import { requireTenant } from '../../../auth/context';
import { authenticateSourceKey } from '../../../services/cdp/sources/authenticate-source-key';
import { ingestEvents } from '../../../services/cdp/ingest/ingest-events';
import { listEvents } from '../../../services/cdp/events/list-events';

const tags = ['cdp events'];
const INGEST_AUDIT_EXEMPTION = 'data-plane ingestion: the stored events are their own record';
export const CDP_VERSION = '1.0.0';

const sourceKeyHeader = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export const cdpEventRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, { db, config }) => {
  /** For signed-in users and tools; a source key, when given, must belong to the same tenant. */
  app.post(
    '/cdp/events',
    {
      config: { access: 'cdp:write', auditExempt: INGEST_AUDIT_EXEMPTION, itemsCheckedOneByOne: true },
      schema: { tags, body: ingestBatchSchema, response: { 201: envelope(ingestResultSchema) } },
    },
    async (req, reply) => {
      const tenantId = requireTenant(req.ctx);
      const key = sourceKeyHeader(req.headers['x-source-key']);
      let sourceId: string | null = null;
      if (key) {
        const source = await authenticateSourceKey(db, key);
        if (source.tenantId !== tenantId) throw forbidden('This source key belongs to another tenant');
        sourceId = source.sourceId;
      }
      const result = await ingestEvents(db, config, { tenantId, sourceId }, req.body.events);
      return reply.status(201).send(ok(result));
    },
  );

  /** For servers and server-side GTM: the source key alone authenticates and names the tenant. */
  app.post(
    '/cdp/ingest',
    {
      config: { access: 'public', auditExempt: INGEST_AUDIT_EXEMPTION, itemsCheckedOneByOne: true },
      schema: { tags, body: ingestBatchSchema, response: { 201: envelope(ingestResultSchema) } },
      // The key is checked before the body is validated, so an unauthenticated caller learns nothing.
      onRequest: async (req) => {
        const source = await authenticateSourceKey(db, sourceKeyHeader(req.headers['x-source-key']));
        req.ctx = { ...req.ctx, tenantId: source.tenantId, ingestSourceId: source.sourceId };
      },
    },
    async (req, reply) => {
      const result = await ingestEvents(db, config, { tenantId: req.ctx.tenantId!, sourceId: req.ctx.ingestSourceId ?? null }, req.body.events);
      return reply.status(201).send(ok(result));
    },
  );

  app.get(
    '/cdp/events',
    { config: { access: 'cdp:read' }, schema: { tags, querystring: eventListQuerySchema, response: { 200: envelope(countedAheadPaginated(storedEventSchema)) } } },
    async (req) => ok(await listEvents(db, req.ctx, req.query)),
  );

  app.get(
    '/cdp/health',
    { config: { access: 'cdp:read' }, schema: { tags, response: { 200: cdpHealthSchema } } },
    async () => ({ status: 'healthy' as const, module: 'cdp' as const, version: CDP_VERSION }),
  );
};
