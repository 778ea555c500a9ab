import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import { isPurchaseSql, purchaseRevenueSql } from '../../services/cdp/profiles/recompute-counters';

export const RETENTION_QUEUE = 'cdp.apply-retention';
/** Daily, after the churn marking. */
export const RETENTION_CRON = '41 3 * * *';
const DEFAULT_MONTHS = 13;
const CHUNK = 10_000;

/** The tenant's retention in months (settings.cdp.retention_months), for a row of `tenants` aliased `alias`. */
const retentionMonths = (alias: string) =>
  sql.raw(`coalesce(case when ${alias}.settings->'cdp'->>'retention_months' ~ '^[0-9]{1,3}$' then (${alias}.settings->'cdp'->>'retention_months')::int end, ${DEFAULT_MONTHS})`);

/**
 * Events older than the tenant's retention window (settings.cdp.retention_months, default 13) are deleted, in
 * chunks so no single transaction holds millions of row locks. Profiles keep their counters, and what the events
 * counted is kept per origin profile (cdp_expired_event_totals) so an undone merge, which rebuilds counters from
 * events, still counts them; rollups (aggregates without personal data) are kept for trends. An alias's note that
 * its previous id may turn up as a user id (cdp_aliased_user_ids) waits as long as events are kept, no longer.
 * Returns the number of events removed.
 */
export async function applyRetention(db: Db): Promise<number> {
  await db.execute(sql`
    delete from cdp_aliased_user_ids a using tenants t
    where t.id = a.tenant_id and a.created_at < now() - make_interval(months => ${retentionMonths('t')})`);
  let removed = 0;
  for (;;) {
    const [row] = await queryRows<{ n: number }>(
      db,
      sql`with old as (
            select e.id from cdp_events e join tenants t on t.id = e.tenant_id
            where e.event_time < now() - make_interval(months => ${retentionMonths('t')})
            limit ${CHUNK})
          , gone as (delete from cdp_events where id in (select id from old)
                     returning tenant_id, origin_profile_id, event_name, event_time, revenue, properties)
          , marked as (
            select g.*, ${isPurchaseSql('g')} as is_purchase,
                   g.event_time - lag(g.event_time) over (partition by g.tenant_id, g.origin_profile_id order by g.event_time) as gap
            from gone g)
          , kept as (
            insert into cdp_expired_event_totals as t (tenant_id, origin_profile_id, events, sessions, purchases, revenue, first_seen_at, last_seen_at)
            select m.tenant_id, m.origin_profile_id, count(*)::int, (count(*) filter (where m.gap is null or m.gap > interval '30 minutes'))::int,
                   (count(*) filter (where m.is_purchase))::int, coalesce(sum(case when m.is_purchase then ${purchaseRevenueSql('m')} end), 0),
                   min(m.event_time), max(m.event_time)
            from marked m
            -- An event whose first profile is gone (erased with it, in principle) has nothing to be kept for.
            where exists (select 1 from cdp_profiles p where p.tenant_id = m.tenant_id and p.id = m.origin_profile_id)
            group by m.tenant_id, m.origin_profile_id
            on conflict (tenant_id, origin_profile_id) do update
              set events = t.events + excluded.events, sessions = t.sessions + excluded.sessions, purchases = t.purchases + excluded.purchases,
                  revenue = t.revenue + excluded.revenue, first_seen_at = least(t.first_seen_at, excluded.first_seen_at),
                  last_seen_at = greatest(t.last_seen_at, excluded.last_seen_at))
          select count(*)::int as n from gone`,
    );
    removed += row?.n ?? 0;
    if ((row?.n ?? 0) < CHUNK) return removed;
  }
}
