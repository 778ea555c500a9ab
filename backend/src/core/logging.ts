import pino, { type LoggerOptions } from 'pino';

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

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    base: { service: 'stratum-api' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
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
