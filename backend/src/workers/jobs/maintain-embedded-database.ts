import type { EmbeddedQueryable } from '../../db/embedded-client';

export const EMBEDDED_MAINTENANCE_QUEUE = 'maintenance.embedded-database';
/** Every ten minutes, on the embedded database only (a PostgreSQL server runs autovacuum itself). */
export const EMBEDDED_MAINTENANCE_CRON = '*/10 * * * *';

/**
 * PGlite runs PostgreSQL in single-user mode, where autovacuum never runs: the planner never gets statistics (so
 * plans stay those of empty tables as they grow), rows deleted from churned tables (the collection queue,
 * idempotency keys, rate windows) are never reclaimed, and transaction ids are never frozen (PostgreSQL stops
 * taking writes before they wrap around). This does that job: `VACUUM (ANALYZE)` of the whole database, when
 * anything was written since the last run. After the first run it is cheap: vacuum skips pages already known
 * all-visible, and analyze reads a bounded sample of each table. It takes the one connection for that time.
 */
export async function maintainEmbeddedDatabase(
  pglite: EmbeddedQueryable,
  state: { lastNextXid?: string } = {},
): Promise<{ ran: boolean; ms: number }> {
  const started = performance.now();
  // The next transaction id moves with every write; reading it consumes none.
  const nextXid = async () => String((await pglite.query<{ xid: string }>('select pg_snapshot_xmax(pg_current_snapshot())::text as xid')).rows[0]!.xid);
  const before = await nextXid();
  if (state.lastNextXid === before) return { ran: false, ms: performance.now() - started };
  await pglite.exec('VACUUM (ANALYZE)');
  state.lastNextXid = await nextXid();
  return { ran: true, ms: performance.now() - started };
}
