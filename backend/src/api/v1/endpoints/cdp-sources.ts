import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  envelope,
  idParamsSchema,
  sourceCreateSchema,
  sourceListSchema,
  sourceSchema,
  sourceUpdateSchema,
  sourceWithKeySchema,
} from '@stratum/contracts';
import type { ApiDeps } from '../../deps';
import { ok } from '../respond';
import {
  createSource,
  deleteSource,
  getSource,
  listSources,
  rotateSourceKey,
  updateSource,
} from '../../../services/cdp/sources/manage-sources';

const tags = ['cdp sources'];

export const cdpSourceRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, { db }) => {
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
};
