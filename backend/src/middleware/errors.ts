import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { ApiError, ErrorEnvelope } from '@stratum/contracts';
import { AppError } from '../core/errors';

const fail = (message: string, errors: ApiError[]): ErrorEnvelope => ({
  success: false,
  data: null,
  message,
  errors,
});

/** `/body/items/0/email` → `items.0.email`: the field path a form can attach its message to. */
function fieldPath(instancePath: string): string | undefined {
  const path = instancePath.replace(/^\//, '').replace(/\//g, '.');
  return path === '' ? undefined : path;
}

/** A request's schema validation failure as field errors; null for any other error. */
export function validationErrors(err: unknown): ApiError[] | null {
  if (!hasZodFastifySchemaValidationErrors(err)) return null;
  return err.validation.map((v) => {
    const issue = (v.params as { issue?: { path?: PropertyKey[]; code?: string } }).issue;
    const field = issue?.path?.length ? issue.path.map(String).join('.') : fieldPath(v.instancePath);
    return { field, code: issue?.code ?? v.keyword, message: v.message ?? 'Invalid value' };
  });
}

/**
 * Maps every failure to the envelope: validation → 422 with field paths, our AppErrors → their status,
 * Fastify's own client errors (bad JSON, body too large…) → their 4xx, anything else → 500 with only a request id.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const invalid = validationErrors(err);
    if (invalid) return reply.status(422).send(fail('Validation failed', invalid));
    if (err instanceof AppError) {
      if (err.status >= 500) req.log.error({ err }, 'service error');
      return reply
        .status(err.status)
        .headers(err.headers)
        .send(fail(err.message, err.errors.length ? err.errors : [{ code: err.code, message: err.message }]));
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500 && !isResponseSerializationError(err)) {
      const code = (err.code ?? 'bad_request').toLowerCase();
      return reply.status(status).send(fail(err.message, [{ code, message: err.message }]));
    }
    req.log.error({ err }, 'unhandled error');
    const message = `Internal server error (request id ${req.id})`;
    return reply.status(500).send(fail(message, [{ code: 'internal_error', message }]));
  });
}

export function notFoundEnvelope(req: FastifyRequest): ErrorEnvelope {
  return fail(`No route ${req.method} ${req.url.split('?')[0]}`, [{ code: 'not_found', message: 'Route not found' }]);
}

/**
 * Errors the router raises before any route or hook runs (a malformed percent-encoding, an over-long path
 * parameter), as the same envelope as every other error, without echoing the URL.
 */
export function sendFrameworkError(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
  const message = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'A path parameter is too long' : 'The URL is not valid';
  void reply.status(status).send(fail(message, [{ code: (err.code ?? 'bad_url').toLowerCase(), message }]));
}
