import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiDeps } from './deps';

const statusSchema = z.object({ status: z.enum(['ok', 'unavailable']), database: z.string().optional() });

/** Liveness and readiness for load balancers and orchestration; outside the envelope on purpose. */
export const healthRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, { db, database }) => {
  app.get(
    '/health',
    { config: { access: 'public' }, schema: { tags: ['health'], response: { 200: statusSchema } } },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/ready',
    { config: { access: 'public' }, schema: { tags: ['health'], response: { 200: statusSchema, 503: statusSchema } } },
    async (_req, reply) => {
      try {
        await db.execute(sql`select 1 from tenants limit 1`);
        return { status: 'ok' as const, database: database.kind };
      } catch {
        return reply.status(503).send({ status: 'unavailable' as const, database: database.kind });
      }
    },
  );
};
