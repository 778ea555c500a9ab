import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';

const SDK_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../packages/sdk/dist/stratum.js');

/** `GET /sdk.js`: the browser SDK, built by `npm run build`; 404 with a hint until it has been built. */
export const sdkScriptRoute: FastifyPluginAsync = async (app) => {
  app.get('/sdk.js', { config: { access: 'public' } }, async (_req, reply) => {
    if (!existsSync(SDK_FILE)) return reply.status(404).type('text/plain').send('SDK not built: run `npm run build`');
    return reply
      .type('application/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .header('access-control-allow-origin', '*')
      .header('cross-origin-resource-policy', 'cross-origin')
      .send(readFileSync(SDK_FILE));
  });
};
