import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { apiV1 } from './api/v1';
import { healthRoutes } from './api/health';
import { trackingRoutes } from './api/tracking';
import { sdkScriptRoute } from './api/sdk-script';
import type { ApiDeps } from './api/deps';
import { anonymousContext, contextFor } from './auth/authenticate';
import type { RouteSummary } from './auth/route-permission';
import type { AppConfig } from './core/config';
import type { DatabaseHandle } from './db/client';
import { registerAuditGuard } from './middleware/audit';
import { registerFeatureGate } from './middleware/feature-gate';
import { notFoundEnvelope, registerErrorHandling, sendFrameworkError } from './middleware/errors';
import { registerRefusedContentGuard } from './middleware/refused-content-guard';
import { DrainScheduler } from './services/cdp/ingest/drain-scheduler';
import { DRAIN_CHUNK, EMBEDDED_DRAIN_CHUNK } from './services/cdp/ingest/raw-event-queue';
import { ImportRunner } from './services/cdp/imports/run-import';

export interface AppOptions {
  config: AppConfig;
  database: DatabaseHandle;
  /** A pino logger; omitted in tests, where Fastify logs nothing. */
  logger?: Logger;
  /** How often to look for queued events left by other processes (0: only drain what this process queues). */
  queuePollMs?: number;
  /** Drain queued events in this process as they arrive (default); false leaves it all to workers. */
  drainInProcess?: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route as registered, with the access rule it declared itself (before any default is applied). */
    registeredRoutes: RouteSummary[];
    /** The collection queue's drainer: `whenIdle()` waits until queued events have reached their profiles. */
    eventQueue: DrainScheduler;
    /** Background file imports: `whenIdle()` waits for the running ones. */
    importRunner: ImportRunner;
  }
}

const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;

/** The app factory: everything wired, nothing listening. `server.ts` starts it; tests `inject` into it. */
export async function buildApp({ config, database, logger, queuePollMs = 0, drainInProcess = true }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger | undefined,
    bodyLimit: config.bodyLimit,
    // A number of hops is given to Fastify as the function it would make of it (its types leave numbers out).
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    // JSON with a `__proto__` or `constructor.prototype` key is valid JSON: parsed as plain data (as JSON.parse does)
    // and refused with a reason naming the field (see core/refused-content), not as "Body is not valid JSON".
    onProtoPoisoning: 'ignore',
    onConstructorPoisoning: 'ignore',
    genReqId: () => randomUUID(),
    logController: new LogController({ requestIdLogLabel: 'request_id' }),
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors: sendFrameworkError,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const registeredRoutes: RouteSummary[] = [];
  app.decorate('registeredRoutes', registeredRoutes);
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    registeredRoutes.push({
      method: route.method,
      url: route.url,
      access,
      // Read when asked: the scopes' own onRoute hooks (needsFeature) run after this one.
      get features() {
        return route.config?.features ?? [];
      },
    });
    // Static files, the docs UI and CORS preflights come from plugins that cannot state a rule; they are public
    // by nature. Everything under /api/v1 must state its own.
    if (access === undefined && !route.url.startsWith('/api/v1')) {
      route.config = { ...route.config, access: 'public' };
    }
  });

  registerErrorHandling(app);
  registerRefusedContentGuard(app);

  const queue = new DrainScheduler(database.db, config, {
    log: app.log,
    drainHere: drainInProcess,
    chunkMessages: database.kind === 'pglite' ? EMBEDDED_DRAIN_CHUNK : DRAIN_CHUNK,
  });
  if (queuePollMs) queue.startPolling(queuePollMs);
  app.decorate('eventQueue', queue);
  const imports = new ImportRunner(database.db, config, app.log);
  if (queuePollMs) imports.startPolling(queuePollMs * 5);
  app.decorate('importRunner', imports);
  app.addHook('onClose', () => Promise.all([queue.stop(), imports.stop()]).then(() => undefined));
  const deps: ApiDeps = { db: database.db, database, config, queue, imports };
  // Before the authentication hook, whose refusals (401, 403) end the request before later hooks run.
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
      },
    },
  });

  app.decorateRequest('ctx', null as never);
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
    // API answers hold tenants' data (profiles, exports): no shared or browser cache keeps them.
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    req.ctx = anonymousContext(req);
    if (req.routeOptions.url === undefined) return; // no such route: the not-found handler answers
    req.ctx = await contextFor(deps.db, config.jwt, req, req.routeOptions.config.access);
    // The request's lines carry the tenant and user ids, the completion line (the reply's logger) too.
    req.log = req.ctx.log;
    reply.log = req.ctx.log;
  });
  registerAuditGuard(app);
  registerFeatureGate(app, database.db);

  await app.register(swagger, {
    openapi: {
      info: { title: 'Stratum CDP API', version: '0.1.0' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  await app.register(healthRoutes, deps);
  await app.register(apiV1, { prefix: '/api/v1', ...deps });
  await app.register(trackingRoutes, { prefix: '/v1', ...deps });
  await app.register(trackingRoutes, { prefix: '/beacon/v1', ...deps, beaconOnly: true });
  await app.register(sdkScriptRoute);

  const dist = config.frontendDist ?? defaultFrontendDist();
  const hasConsole = existsSync(path.join(dist, 'index.html'));
  if (hasConsole) await app.register(fastifyStatic, { root: dist, wildcard: false, index: ['index.html'] });

  app.setNotFoundHandler(async (req, reply) => {
    const wantsPage = req.method === 'GET' && !req.url.startsWith('/api/') && (req.headers.accept ?? '').includes('text/html');
    // Client-side routes of the console (e.g. /users) are answered with the app shell.
    if (hasConsole && wantsPage) return reply.type('text/html').sendFile('index.html');
    return reply.status(404).send(notFoundEnvelope(req));
  });

  return app;
}

function defaultFrontendDist(): string {
  return path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../frontend/dist');
}
