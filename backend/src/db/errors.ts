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
