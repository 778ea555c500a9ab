import { errorCodes, type FastifyPluginAsync } from 'fastify';
import { decodeCompressedBodies } from '../../middleware/request-decoding';
import type { ApiDeps } from '../deps';
import { auditLogRoutes } from './endpoints/audit-logs';
import { cdpEventRoutes } from './endpoints/cdp-events';
import { cdpLiveEventRoutes, cdpSourceRoutes } from './endpoints/cdp-sources';
import { cdpProfileRoutes } from './endpoints/cdp-profiles';
import { cdpInsightRoutes } from './endpoints/cdp-insights';
import { cdpImportRoutes } from './endpoints/cdp-imports';
import { cdpSettingsRoutes } from './endpoints/cdp-settings';
import { authRoutes } from './endpoints/auth';
import { tenantRoutes } from './endpoints/tenants';
import { userRoutes } from './endpoints/users';
import { needsFeature } from '../../middleware/feature-gate';

/** Router aggregation: every feature's routes, mounted under /api/v1. */
export const apiV1: FastifyPluginAsync<ApiDeps> = async (app, { db, database, config, queue, imports }) => {
  const deps: ApiDeps = { db, database, config, queue, imports };
  // A compressed body is held to the route's limit once decoded, as an uncompressed one is.
  app.addHook(
    'preParsing',
    decodeCompressedBodies({ limit: (req) => req.routeOptions.bodyLimit ?? config.bodyLimit, tooLarge: () => new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE() }),
  );
  await app.register(authRoutes, deps);
  await app.register(tenantRoutes, deps);
  await app.register(userRoutes, deps);
  await app.register(auditLogRoutes, deps);
  await app.register(async (cdp) => {
    cdp.addHook('onRoute', needsFeature('cdp'));
    await cdp.register(cdpSourceRoutes, deps);
    await cdp.register(cdpLiveEventRoutes, deps);
    await cdp.register(cdpEventRoutes, deps);
    await cdp.register(cdpProfileRoutes, deps);
    await cdp.register(cdpInsightRoutes, deps);
    await cdp.register(cdpImportRoutes, deps);
    await cdp.register(cdpSettingsRoutes, deps);
  });
};
