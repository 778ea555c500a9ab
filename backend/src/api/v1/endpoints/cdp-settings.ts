import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { cdpSettingsSchema, cdpSettingsUpdateSchema, envelope } from '@stratum/contracts';
import type { ApiDeps } from '../../deps';
import { ok } from '../respond';
import { readCdpSettings, updateCdpSettings } from '../../../services/cdp/settings/manage-cdp-settings';

const tags = ['cdp settings'];

export const cdpSettingsRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, { db }) => {
  app.get(
    '/cdp/settings',
    { config: { access: 'cdp:read' }, schema: { tags, response: { 200: envelope(cdpSettingsSchema) } } },
    async (req) => ok(await readCdpSettings(db, req.ctx)),
  );
  app.put(
    '/cdp/settings',
    { config: { access: 'cdp:admin' }, schema: { tags, body: cdpSettingsUpdateSchema, response: { 200: envelope(cdpSettingsSchema) } } },
    async (req) => ok(await updateCdpSettings(db, req.ctx, req.body), 'Settings saved'),
  );
};
