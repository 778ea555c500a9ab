import type { FastifyInstance } from 'fastify';
import { invalid } from '../core/errors';
import { UNSTORABLE_TEXT, unstorableTextAt } from '../core/storable-text';

/**
 * Refuses, with a 422 naming the field, a request whose query, path or body carries text PostgreSQL cannot store
 * (see core/storable-text): otherwise the statement it reaches fails as a server error.
 */
export function registerStorableTextGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    const at =
      unstorableTextAt(req.params, 'path') ??
      unstorableTextAt(req.query, 'query') ??
      (req.routeOptions.config.itemsCheckedOneByOne ? null : unstorableTextAt(req.body, 'body'));
    if (at) throw invalid(at, 'unstorable_text', `${at}: ${UNSTORABLE_TEXT}`);
  });
}
