import { sql } from 'drizzle-orm';
import { AppError } from '../../../core/errors';
import { queryRows, type Executor } from '../../../db/client';

/**
 * Per-tenant ingest quota in fixed one-minute windows, counted in the database so every API process shares it.
 * A refused batch does not consume quota.
 */
/** Takes the quota inside the caller's transaction, so a refused batch rolls back with everything else. */
export async function consumeIngestQuotaIn(tx: Executor, tenantId: string, events: number, perMinute: number): Promise<void> {
  const now = Date.now();
  const retryAfter = String(Math.max(1, Math.ceil((60_000 - (now % 60_000)) / 1000)));
  const refuse = () =>
    new AppError(429, 'rate_limited', `Ingest limit of ${perMinute} events per minute reached`, [], { 'retry-after': retryAfter });
  if (events > perMinute) throw refuse();
  const windowStart = new Date(now - (now % 60_000)).toISOString();
  const rows = await queryRows<{ events: number }>(
    tx,
    sql`insert into cdp_rate_windows (tenant_id, window_start, events) values (${tenantId}, ${windowStart}, ${events})
        on conflict (tenant_id, window_start) do update set events = cdp_rate_windows.events + excluded.events
        where cdp_rate_windows.events + excluded.events <= ${perMinute}
        returning events`,
  );
  if (rows.length === 0) throw refuse();
}
