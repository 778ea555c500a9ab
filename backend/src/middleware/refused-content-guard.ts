import type { FastifyInstance } from 'fastify';
import { invalid } from '../core/errors';
import { refusedContentAt, refusedTopLevelKey, refusalReason } from '../core/refused-content';

/**
 * Refuses, with a 422 naming the field, a request whose query, path or body carries what we do not store (see
 * core/refused-content): text PostgreSQL cannot store, a `__proto__` key, JSON nested too deep, a number JSON cannot
 * hold. Otherwise the
 * statement it reaches fails as a server error. Runs before validation, so no schema walks such a body. A query
 * parameter given twice (`?page=1&page=2`) is refused as such: no query takes a list, and a schema would call it
 * "not a number".
 */
export function registerRefusedContentGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    const repeated = Object.entries((req.query ?? {}) as Record<string, unknown>).find(([, value]) => Array.isArray(value));
    if (repeated) throw invalid(repeated[0], 'repeated_parameter', `Query parameter ${repeated[0]} is given more than once`);
    const refused =
      refusedContentAt(req.params, 'path') ??
      refusedContentAt(req.query, 'query') ??
      (req.routeOptions.config.itemsCheckedOneByOne ? refusedTopLevelKey(req.body, 'body') : refusedContentAt(req.body, 'body'));
    if (refused) throw invalid(refused.at, refused.code, refusalReason(refused));
  });
}
