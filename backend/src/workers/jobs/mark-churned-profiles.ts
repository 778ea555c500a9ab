import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import { unseenFor } from '../../services/cdp/tenant-cdp-settings';

export const MARK_CHURNED_QUEUE = 'cdp.mark-churned';
/** Daily, at a quiet hour. */
export const MARK_CHURNED_CRON = '23 3 * * *';

/**
 * Profiles not seen for the tenant's churn window (settings.cdp.churn_days, default 90) become `churned`; their
 * next event brings them back (ingestion recomputes the stage). Runs across tenants on the platform connection.
 */
export async function markChurnedProfiles(db: Db): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`with changed as (
          update cdp_profiles p set lifecycle_stage = 'churned', updated_at = now()
          from tenants t
          where t.id = p.tenant_id and p.merged_into_id is null and p.lifecycle_stage <> 'churned'
            and ${unseenFor(
              sql`p.last_seen_at`,
              sql`coalesce(case when t.settings->'cdp'->>'churn_days' ~ '^[0-9]{1,5}$' then (t.settings->'cdp'->>'churn_days')::int end, 90)`,
            )}
          returning 1)
        select count(*)::int as n from changed`,
  );
  return rows[0]?.n ?? 0;
}
