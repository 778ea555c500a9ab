import pino, { type LoggerOptions } from 'pino';
import { ipNetworkOf } from './ip-address';

/**
 * Paths pino blanks out wherever they appear in a log line. Bodies are never logged, but services log objects
 * and a credential must not slip through one of them.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-source-key"]',
  'password',
  'refresh_token',
  'access_token',
  'token',
  'email',
  'phone',
  '*.password',
  '*.refresh_token',
  '*.access_token',
  '*.token',
  '*.email',
  '*.phone',
];

/** Fields of a database error that name things, not values (its `detail` and `where` quote rows). */
const DATABASE_ERROR_FIELDS = ['code', 'severity', 'routine', 'table_name', 'column_name', 'constraint_name', 'table', 'column', 'constraint'];
const QUOTED = /"[^"]*"|'[^']*'/g;

/**
 * Errors as they are logged. A failed statement's error carries its parameters (Drizzle puts them in the message
 * and in `params`) and the database quotes the offending value in its message and detail: customer data, which
 * never goes to logs. Kept: the statement, the SQLSTATE and names, the message with quoted values blanked, frames.
 */
export function serializeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: typeof err };
  const e = err as Error & Record<string, unknown>;
  const fromDatabase = typeof e.severity === 'string' && typeof e.code === 'string';
  // PGlite's bundle minifies its class names.
  const out: Record<string, unknown> = { type: fromDatabase ? 'DatabaseError' : e.constructor.name };
  if (fromDatabase) out.message = e.message.replace(QUOTED, '"…"');
  else out.message = typeof e.query === 'string' ? 'Failed query' : e.message;
  if (typeof e.query === 'string') out.query = e.query;
  for (const field of fromDatabase ? DATABASE_ERROR_FIELDS : ['code', 'statusCode', 'status']) {
    if (e[field] !== undefined && typeof e[field] !== 'object') out[field] = e[field];
  }
  // The stack's first lines repeat the message: only the frames are kept.
  out.stack = (e.stack ?? '').split('\n').filter((line) => line.trimStart().startsWith('at ')).join('\n');
  if (e.cause !== undefined) out.cause = serializeError(e.cause);
  return out;
}

/**
 * Requests as they are logged: Fastify's fields, with the path but never the query string, which can carry
 * customer data (the profile search `?q=` takes an email or a phone number), and with the write key that Segment's
 * analytics.js puts in its settings path (`/v1/projects/{writeKey}/settings`) blanked like any other credential.
 */
function serializeRequest(req: { method?: string; url?: string; host?: string; ip?: string; socket?: { remotePort?: number } }) {
  return {
    method: req.method,
    url: req.url?.split('?')[0]!.replace(/^(\/v1\/projects\/)[^/]+/, '$1[redacted]'),
    host: req.host,
    // An address is personal data (SPEC: none in logs); its network still tells which client or proxy called.
    remoteAddress: req.ip ? (ipNetworkOf(req.ip) ?? '***') : undefined,
    remotePort: req.socket?.remotePort,
  };
}

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    base: { service: 'stratum-api' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { err: serializeError, req: serializeRequest },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
}

export function createLogger(level: string, destination?: pino.DestinationStream) {
  return destination ? pino(loggerOptions(level), destination) : pino(loggerOptions(level));
}

const SECRET_KEY = /pass(word)?|secret|token|api_?key|source_key|authorization/i;

/** Audit `changes` keep what changed but never a credential. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? '[redacted]' : redactSecrets(v)]),
    );
  }
  return value;
}
