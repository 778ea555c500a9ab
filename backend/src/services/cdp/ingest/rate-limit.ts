import { sql } from 'drizzle-orm';
import { AppError } from '../../../core/errors';
import { queryRows, type Db, type Executor } from '../../../db/client';
import { inScope, tenantScope } from '../../../db/scope';

/**
 * Per-tenant ingest quota in fixed one-minute windows, counted in the database so every API process shares it:
 * adds `events` to the window's count unless that would pass the limit (then 429, and nothing is counted).
 */
async function consumeIngestQuotaIn(tx: Executor, tenantId: string, events: number, perMinute: number): Promise<void> {
  const now = Date.now();
  const windowStart = new Date(now - (now % 60_000)).toISOString();
  const rows = await queryRows<{ events: number }>(
    tx,
    sql`insert into cdp_rate_windows (tenant_id, window_start, events) values (${tenantId}, ${windowStart}, ${events})
        on conflict (tenant_id, window_start) do update set events = cdp_rate_windows.events + excluded.events
        where cdp_rate_windows.events + excluded.events <= ${perMinute}
        returning events`,
  );
  if (rows.length === 0) throw quotaRefusal(perMinute);
}

/** A batch no minute can take: waiting would not help (a 429 would be retried for ever), so it is refused as such. */
function batchOverQuota(events: number, perMinute: number): AppError {
  return new AppError(413, 'batch_over_quota', `A batch of ${events} events exceeds the limit of ${perMinute} events per minute; send smaller batches`);
}

/** 429 with Retry-After: the seconds left in the current one-minute window. */
function quotaRefusal(perMinute: number): AppError {
  const retryAfter = String(Math.max(1, Math.ceil((60_000 - (Date.now() % 60_000)) / 1000)));
  return new AppError(429, 'rate_limited', `Ingest limit of ${perMinute} events per minute reached`, [], { 'retry-after': retryAfter });
}

/**
 * Takes a request's events from the tenant's quota, which is leased from the database: a process reserves a slice
 * of the minute's quota (1% of it, at least what the request needs) in its own short transaction and spends it
 * locally. Every request (tracking acknowledgements, API batches) would otherwise queue on the tenant's quota row
 * until the one before commits. A refused request takes nothing. The cost: a process may hold up to one unspent
 * lease when the minute ends.
 */
const LEASE_SHARE = 0.01;
const leases = new Map<string, { windowStart: number; remaining: number; refill?: Promise<void> }>();

export async function consumeLeasedIngestQuota(db: Db, tenantId: string, events: number, perMinute: number): Promise<void> {
  if (events > perMinute) throw batchOverQuota(events, perMinute);
  for (;;) {
    // One reading of the clock: two, a millisecond apart, named no minute's start, so the lease seemed to be of
    // another window and a fresh one was reserved (the tenant's quota spent by leases nobody used).
    const now = Date.now();
    const windowStart = now - (now % 60_000);
    let lease = leases.get(tenantId);
    if (!lease || lease.windowStart !== windowStart) {
      lease = { windowStart, remaining: 0 };
      leases.set(tenantId, lease);
    }
    if (lease.remaining >= events) {
      lease.remaining -= events;
      return;
    }
    // One refill at a time per tenant; the others wait for it and look again.
    if (lease.refill) {
      await lease.refill;
      continue;
    }
    const current = lease;
    current.refill = reserve(db, tenantId, events - current.remaining, perMinute)
      .then((granted) => {
        current.remaining += granted;
      })
      .finally(() => {
        current.refill = undefined;
      });
    await current.refill;
    if (current.remaining < events) throw quotaRefusal(perMinute);
  }
}

/** Reserves a lease, or exactly what is missing when a whole lease no longer fits; 0 when even that is refused. */
async function reserve(db: Db, tenantId: string, missing: number, perMinute: number): Promise<number> {
  const lease = Math.min(perMinute, Math.max(missing, Math.ceil(perMinute * LEASE_SHARE)));
  for (const size of lease > missing ? [lease, missing] : [missing]) {
    try {
      await inScope(db, tenantScope(tenantId), (tx) => consumeIngestQuotaIn(tx, tenantId, size, perMinute));
      return size;
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 429) throw err;
    }
  }
  return 0;
}
