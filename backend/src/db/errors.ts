/** PostgreSQL's unique_violation, from either driver (postgres.js and PGlite both expose `code`). */
export function isUniqueViolation(err: unknown): boolean {
  return pgCode(err) === '23505';
}

export function pgCode(err: unknown): string | undefined {
  let current: unknown = err;
  // Drizzle wraps driver errors; the SQLSTATE sits on the cause.
  for (let depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * SQLSTATE classes of errors caused by the values written: data exception (22), integrity constraint (23, once
 * withRetry has given up on a race), program limit (54, e.g. a value too deep or too large).
 */
const DATA_DEPENDENT = new Set(['22', '23', '54']);

/** The SQLSTATE when the database refused the values themselves (retried as they are, they fail again), else null. */
export const dataDependentCode = (err: unknown): string | null => {
  const code = pgCode(err);
  return code && DATA_DEPENDENT.has(code.slice(0, 2)) ? code : null;
};

/**
 * SQLSTATE classes of a database that is unavailable for a moment: connection exception (08), insufficient
 * resources (53: too many connections, disk full), operator intervention (57: shut down, connection terminated,
 * statement cancelled or timed out), plus a race withRetry gave up on (40001, 40P01).
 */
const TRANSIENT_CLASSES = new Set(['08', '53', '57']);
const TRANSIENT_CODES = new Set(['40001', '40P01']);
/** How the drivers and Node name a connection lost or never made (postgres.js keeps no SQLSTATE for these). */
const CONNECTION_LOST = new Set(['CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'CONNECTION_ENDED', 'CONNECT_TIMEOUT', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

/** The work failed because the database was unavailable, not because of what it was asked: the same work may succeed later. */
export function isTransient(err: unknown): boolean {
  const code = pgCode(err);
  if (code) return TRANSIENT_CLASSES.has(code.slice(0, 2)) || TRANSIENT_CODES.has(code);
  let current: unknown = err;
  for (let depth = 0; current && depth < 4; depth++) {
    const named = (current as { code?: unknown }).code;
    if (typeof named === 'string' && CONNECTION_LOST.has(named)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
