import { sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { json } from '../identity/identity-sql';

const numeric = (alias: string, key: string) =>
  sql.raw(`case when ${alias}.properties->>'${key}' ~ '^-?[0-9]+(\\.[0-9]+)?$' then (${alias}.properties->>'${key}')::numeric end`);

/** Whether an event (columns of `alias`) is a purchase, as ingestion counts it. */
export const isPurchaseSql = (alias: string) =>
  sql.raw(`lower(regexp_replace(${alias}.event_name, '[\\s_-]+', ' ', 'g')) in ('purchase', 'order completed')`);

/** What a purchase (columns of `alias`) counted as revenue when it arrived; older rows count their properties. */
export const purchaseRevenueSql = (alias: string) =>
  sql`coalesce(${sql.raw(alias)}.revenue, ${numeric(alias, 'total')}, ${numeric(alias, 'revenue')}, ${numeric(alias, 'value')})`;

/**
 * Counters rebuilt from the events a profile holds (after an unmerge), with the same rules as ingestion:
 * purchases are `Purchase` / `Order Completed`, a session breaks after 30 min. Revenue adds up what each purchase
 * counted when it arrived (in the tenant's currency); purchases stored before that was kept count their total,
 * revenue or value as they did then.
 */
export async function recomputeCounters(tx: Executor, tenantId: string, profileIds: string[]): Promise<void> {
  await tx.execute(sql`
    -- What retention removed still counts: the totals kept for each origin merged into the profile (itself included).
    with recursive tree(root, id) as (
      select x.id, x.id from (select (jsonb_array_elements_text(${json(profileIds)}))::uuid as id) x
      union all
      select t.root, p.id from cdp_profiles p join tree t on p.merged_into_id = t.id where p.tenant_id = ${tenantId}),
    expired as (
      select t.root as id, sum(x.events)::int as events, sum(x.sessions)::int as sessions, sum(x.purchases)::int as purchases,
             sum(x.revenue) as revenue, min(x.first_seen_at) as first_seen, max(x.last_seen_at) as last_seen
      from tree t join cdp_expired_event_totals x on x.tenant_id = ${tenantId} and x.origin_profile_id = t.id
      group by t.root)
    update cdp_profiles p
    set total_events = c.events + coalesce(xp.events, 0), total_purchases = c.purchases + coalesce(xp.purchases, 0),
        total_revenue = c.revenue + coalesce(xp.revenue, 0), total_sessions = c.sessions + coalesce(xp.sessions, 0),
        first_seen_at = coalesce(least(c.first_seen, xp.first_seen), p.first_seen_at),
        last_seen_at = coalesce(greatest(c.last_seen, xp.last_seen), p.last_seen_at),
        updated_at = now()
    from (
      select x.id,
             count(e.id)::int as events,
             (count(e.id) filter (where e.is_purchase))::int as purchases,
             coalesce(sum(case when e.is_purchase then ${purchaseRevenueSql('e')} end), 0) as revenue,
             (count(e.id) filter (where e.gap is null or e.gap > interval '30 minutes'))::int as sessions,
             min(e.event_time) as first_seen, max(e.event_time) as last_seen
      from (select (jsonb_array_elements_text(${json(profileIds)}))::uuid as id) x
      left join (
        select ev.*, ev.event_time - lag(ev.event_time) over (partition by ev.profile_id order by ev.event_time) as gap,
               ${isPurchaseSql('ev')} as is_purchase
        from cdp_events ev where ev.tenant_id = ${tenantId}
          and ev.profile_id in (select (jsonb_array_elements_text(${json(profileIds)}))::uuid)
      ) e on e.profile_id = x.id
      group by x.id
    ) c left join expired xp on xp.id = c.id
    where p.tenant_id = ${tenantId} and p.id = c.id`);
}
