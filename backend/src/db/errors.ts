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
