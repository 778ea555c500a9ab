import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';

export const RETENTION_QUEUE = 'cdp.apply-retention';
/** Daily, after the churn marking. */
export const RETENTION_CRON = '41 3 * * *';
const DEFAULT_MONTHS = 13;
const CHUNK = 10_000;

/**
 * Events older than the tenant's retention window (settings.cdp.retention_months, default 13) are deleted, in
 * chunks so no single transaction holds millions of row locks. Profiles keep their counters; rollups (aggregates
 * without personal data) are kept for trends. Returns the number of events removed.
 */
export async function applyRetention(db: Db): Promise<number> {
  let removed = 0;
  for (;;) {
    const [row] = await queryRows<{ n: number }>(
      db,
      sql`with old as (
            select e.id from cdp_events e join tenants t on t.id = e.tenant_id
            where e.event_time < now() - make_interval(months => coalesce(
                    case when t.settings->'cdp'->>'retention_months' ~ '^[0-9]{1,3}$' then (t.settings->'cdp'->>'retention_months')::int end,
                    ${DEFAULT_MONTHS}))
            limit ${CHUNK})
          , gone as (delete from cdp_events where id in (select id from old) returning 1)
          select count(*)::int as n from gone`,
    );
    removed += row?.n ?? 0;
    if ((row?.n ?? 0) < CHUNK) return removed;
  }
}
