import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  envelope,
  idParamsSchema,
  paginated,
  userCreateSchema,
  userListQuerySchema,
  userSchema,
  userUpdateSchema,
} from '@stratum/contracts';
import type { ApiDeps } from '../../deps';
import { ok } from '../respond';
import { createUser, deleteUser, getUser, listUsers, updateUser } from '../../../services/users/manage-users';

const tags = ['users'];

export const userRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, { db }) => {
  const access = 'users:manage' as const;

  app.get(
    '/users',
    { config: { access }, schema: { tags, querystring: userListQuerySchema, response: { 200: envelope(paginated(userSchema)) } } },
    async (req) => ok(await listUsers(db, req.ctx, req.query)),
  );

  app.post(
    '/users',
    { config: { access }, schema: { tags, body: userCreateSchema, response: { 201: envelope(userSchema) } } },
    async (req, reply) => reply.status(201).send(ok(await createUser(db, req.ctx, req.body), 'User created')),
  );

  app.get(
    '/users/:id',
    { config: { access }, schema: { tags, params: idParamsSchema, response: { 200: envelope(userSchema) } } },
    async (req) => ok(await getUser(db, req.ctx, req.params.id)),
  );

  app.patch(
    '/users/:id',
    {
      config: { access },
      schema: { tags, params: idParamsSchema, body: userUpdateSchema, response: { 200: envelope(userSchema) } },
    },
    async (req) => ok(await updateUser(db, req.ctx, req.params.id, req.body)),
  );

  app.delete(
    '/users/:id',
    { config: { access }, schema: { tags, params: idParamsSchema, response: { 200: envelope(z.null()) } } },
    async (req) => {
      await deleteUser(db, req.ctx, req.params.id);
      return ok(null, 'User deleted');
    },
  );
};
