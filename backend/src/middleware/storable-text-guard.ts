import type { FastifyInstance } from 'fastify';
import { invalid } from '../core/errors';
import { refusedContentAt, refusalReason } from '../core/storable-text';

/**
 * Refuses, with a 422 naming the field, a request whose query, path or body carries text PostgreSQL cannot store
 * (otherwise the statement it reaches fails as a server error) or a `__proto__` key (see core/storable-text).
 */
export function registerStorableTextGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    const refused =
      refusedContentAt(req.params, 'path') ??
      refusedContentAt(req.query, 'query') ??
      (req.routeOptions.config.itemsCheckedOneByOne ? null : refusedContentAt(req.body, 'body'));
    if (refused) throw invalid(refused.at, refused.code, refusalReason(refused));
  });
}
