import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { featureEnabled, type GatedFeature } from '@stratum/contracts';
import { AppError } from '../core/errors';
import type { Db } from '../db/client';
import { cdpSettings } from '../services/cdp/tenant-cdp-settings';

/**
 * An `onRoute` hook for a scope whose routes all belong to a feature: added to what each route declares itself, so
 * a route mounted there cannot forget it.
 */
export const needsFeature = (feature: GatedFeature) => (route: RouteOptions) => {
  const declared = route.config?.features ?? [];
  route.config = { ...route.config, features: declared.includes(feature) ? declared : [feature, ...declared] };
};

/**
 * Refuses a request to a feature its tenant has switched off (`feature_flags`, set by a superadmin) with 403
 * `feature_disabled`. Runs once the tenant is known — from the token, or from a source key the route's own
 * `onRequest` checked — and before the body is validated, so a switched-off tenant learns nothing more. A scope
 * that learns the tenant later (the tracking API reads the key from the body) calls requireFeatures itself.
 */
export function registerFeatureGate(app: FastifyInstance, db: Db): void {
  app.addHook('preValidation', (req) => requireFeatures(db, req));
}

export async function requireFeatures(db: Db, req: FastifyRequest): Promise<void> {
  const features = req.routeOptions.config.features;
  const tenantId = req.ctx.tenantId;
  if (!features?.length || !tenantId) return;
  const flags = (await cdpSettings(db, tenantId)).featureFlags;
  const off = features.find((feature) => !featureEnabled(flags, feature));
  if (off) throw new AppError(403, 'feature_disabled', `This workspace does not have this feature switched on (${off})`);
}
