import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  envelope,
  featureFlagsPatchSchema,
  idParamsSchema,
  paginated,
  tenantCreateSchema,
  tenantListQuerySchema,
  tenantOverviewSchema,
  tenantSchema,
  tenantUpdateSchema,
} from '@stratum/contracts';
import type { ApiDeps } from '../../deps';
import { ok } from '../respond';
import {
  createTenant,
  deleteTenant,
  getTenant,
  listTenants,
  patchFeatureFlags,
  updateTenant,
} from '../../../services/tenants/manage-tenants';
import { tenantOverview } from '../../../services/tenants/tenant-overview';

const tags = ['tenants'];

export const tenantRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, { db }) => {
  const access = 'tenants:manage' as const;

  app.get(
    '/tenants',
    { config: { access }, schema: { tags, querystring: tenantListQuerySchema, response: { 200: envelope(paginated(tenantSchema)) } } },
    async (req) => ok(await listTenants(db, req.query)),
  );

  app.post(
    '/tenants',
    { config: { access }, schema: { tags, body: tenantCreateSchema, response: { 201: envelope(tenantSchema) } } },
    async (req, reply) => reply.status(201).send(ok(await createTenant(db, req.ctx, req.body), 'Tenant created')),
  );

  app.get(
    '/tenants/:id',
    { config: { access }, schema: { tags, params: idParamsSchema, response: { 200: envelope(tenantSchema) } } },
    async (req) => ok(await getTenant(db, req.params.id)),
  );

  app.patch(
    '/tenants/:id',
    {
      config: { access },
      schema: { tags, params: idParamsSchema, body: tenantUpdateSchema, response: { 200: envelope(tenantSchema) } },
    },
    async (req) => ok(await updateTenant(db, req.ctx, req.params.id, req.body)),
  );

  app.patch(
    '/tenants/:id/feature-flags',
    {
      config: { access },
      schema: { tags, params: idParamsSchema, body: featureFlagsPatchSchema, response: { 200: envelope(tenantSchema) } },
    },
    async (req) => ok(await patchFeatureFlags(db, req.ctx, req.params.id, req.body)),
  );

  app.delete(
    '/tenants/:id',
    { config: { access }, schema: { tags, params: idParamsSchema, response: { 200: envelope(z.null()) } } },
    async (req) => {
      await deleteTenant(db, req.ctx, req.params.id);
      return ok(null, 'Tenant deleted');
    },
  );

  app.get(
    '/overview',
    { config: { access: 'tenant:read' }, schema: { tags, response: { 200: envelope(tenantOverviewSchema) } } },
    async (req) => ok(await tenantOverview(db, req.ctx)),
  );
};
