import { sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { json } from '../identity/identity-sql';

const numeric = (key: string) =>
  sql.raw(`case when e.properties->>'${key}' ~ '^-?[0-9]+(\\.[0-9]+)?$' then (e.properties->>'${key}')::numeric end`);

/**
 * Counters rebuilt from the events a profile holds (after an unmerge), with the same rules as ingestion:
 * purchases are `Purchase` / `Order Completed`, a session breaks after 30 min. Revenue adds up what each purchase
 * counted when it arrived (in the tenant's currency); purchases stored before that was kept count their total,
 * revenue or value as they did then.
 */
export async function recomputeCounters(tx: Executor, tenantId: string, profileIds: string[]): Promise<void> {
  await tx.execute(sql`
    update cdp_profiles p
    set total_events = c.events, total_purchases = c.purchases, total_revenue = c.revenue, total_sessions = c.sessions,
        first_seen_at = coalesce(c.first_seen, p.first_seen_at), last_seen_at = coalesce(c.last_seen, p.last_seen_at),
        updated_at = now()
    from (
      select x.id,
             count(e.id)::int as events,
             (count(e.id) filter (where e.is_purchase))::int as purchases,
             coalesce(sum(case when e.is_purchase then coalesce(e.revenue, ${numeric('total')}, ${numeric('revenue')}, ${numeric('value')}) end), 0) as revenue,
             (count(e.id) filter (where e.gap is null or e.gap > interval '30 minutes'))::int as sessions,
             min(e.event_time) as first_seen, max(e.event_time) as last_seen
      from (select (jsonb_array_elements_text(${json(profileIds)}))::uuid as id) x
      left join (
        select ev.*, ev.event_time - lag(ev.event_time) over (partition by ev.profile_id order by ev.event_time) as gap,
               lower(regexp_replace(ev.event_name, '[\\s_-]+', ' ', 'g')) in ('purchase', 'order completed') as is_purchase
        from cdp_events ev where ev.tenant_id = ${tenantId}
          and ev.profile_id in (select (jsonb_array_elements_text(${json(profileIds)}))::uuid)
      ) e on e.profile_id = x.id
      group by x.id
    ) c
    where p.tenant_id = ${tenantId} and p.id = c.id`);
}
