import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditLogQuerySchema, auditLogSchema, countedAheadPaginated, envelope } from '@stratum/contracts';
import type { ApiDeps } from '../../deps';
import { ok } from '../respond';
import { listAuditLogs } from '../../../services/audit/list-audit-logs';

export const auditLogRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, { db }) => {
  app.get(
    '/audit-logs',
    {
      config: { access: 'audit:read' },
      schema: { tags: ['audit'], querystring: auditLogQuerySchema, response: { 200: envelope(countedAheadPaginated(auditLogSchema)) } },
    },
    async (req) => ok(await listAuditLogs(db, req.ctx, req.query)),
  );
};
