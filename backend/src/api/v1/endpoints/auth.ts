import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { envelope, loginRequestSchema, meSchema, passwordChangeSchema, refreshRequestSchema, tokenPairSchema } from '@stratum/contracts';
import type { ApiDeps } from '../../deps';
import { ok } from '../respond';
import { login } from '../../../services/auth/login';
import { logout, refreshSession } from '../../../services/auth/refresh-session';
import { currentUser } from '../../../services/auth/current-user';
import { changeOwnPassword } from '../../../services/auth/change-password';

export const authRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, { db, config }) => {
  app.post(
    '/auth/login',
    {
      config: { access: 'public' },
      schema: { tags: ['auth'], body: loginRequestSchema, response: { 200: envelope(tokenPairSchema) } },
    },
    async (req) => ok(await login(db, config, req.ctx, req.body)),
  );

  app.post(
    '/auth/refresh',
    {
      config: { access: 'public' },
      schema: { tags: ['auth'], body: refreshRequestSchema, response: { 200: envelope(tokenPairSchema) } },
    },
    async (req) => ok(await refreshSession(db, config, req.ctx, req.body.refresh_token)),
  );

  app.post(
    '/auth/logout',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], body: refreshRequestSchema, response: { 200: envelope(z.null()) } },
    },
    async (req) => {
      await logout(db, req.ctx, req.body.refresh_token);
      return ok(null, 'Signed out');
    },
  );

  // A POST, like sign-in: passwords travel in bodies, never in URLs or logs.
  app.post(
    '/auth/password',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], body: passwordChangeSchema, response: { 200: envelope(tokenPairSchema) } },
    },
    async (req) => ok(await changeOwnPassword(db, config, req.ctx, req.body), 'Password changed; other sessions ended'),
  );

  app.get(
    '/auth/me',
    { config: { access: 'authenticated' }, schema: { tags: ['auth'], response: { 200: envelope(meSchema) } } },
    async (req) => ok(await currentUser(db, req.ctx)),
  );
};
