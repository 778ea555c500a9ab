import { sql } from 'drizzle-orm';
import type { EmqInsights, EventStatistics, EventTrend, trendQuerySchema } from '@stratum/contracts';
import type { z } from 'zod';
import { requireTenant, type RequestContext } from '../../../auth/context';
import { queryRows, type Db } from '../../../db/client';
import { inScope, tenantScope } from '../../../db/scope';
import { NO_SOURCE_ID } from '../../../models';
import { cdpSettings } from '../tenant-cdp-settings';
import { countedEvents } from './counted-events';
import { resolveRange } from './insight-range';

const sourceOrNull = (id: string) => (id === NO_SOURCE_ID ? null : id);
const DAY = 86_400_000;

/** Totals by event name and by source over exactly the range (see countedEvents). */
export async function eventStatistics(db: Db, ctx: RequestContext, query: { from?: string; to?: string }): Promise<EventStatistics> {
  const tenantId = requireTenant(ctx);
  const { from, to } = resolveRange(query);
  return inScope(db, tenantScope(tenantId), async (tx) => {
    const counted = countedEvents({ tenantId, from, to });
    const byName = await queryRows<{ event_name: string; events: number; purchases: number; revenue: string }>(
      tx,
      sql`select c.event_name, sum(c.events)::int as events, sum(c.purchases)::int as purchases, sum(c.revenue)::text as revenue
          from (${counted}) c group by c.event_name order by events desc, c.event_name`,
    );
    const bySource = await queryRows<{ source_id: string; source_name: string | null; events: number }>(
      tx,
      sql`select c.source_id, s.name as source_name, sum(c.events)::int as events
          from (${counted}) c left join cdp_sources s on s.tenant_id = ${tenantId} and s.id = c.source_id
          group by c.source_id, s.name order by events desc`,
    );
    const by_event_name = byName.map((r) => ({ event_name: r.event_name, events: r.events, purchases: r.purchases, revenue: Number(r.revenue) }));
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      total_events: by_event_name.reduce((s, r) => s + r.events, 0),
      total_purchases: by_event_name.reduce((s, r) => s + r.purchases, 0),
      total_revenue: Math.round(by_event_name.reduce((s, r) => s + r.revenue, 0) * 100) / 100,
      by_event_name,
      by_source: bySource.map((r) => ({ source_id: sourceOrNull(r.source_id), source_name: r.source_name, events: r.events })),
    };
  });
}

/**
 * An hourly or daily series with every bucket present (zero when nothing happened). Days are the tenant's: they
 * start at midnight in its time zone (at half past an hour in India), stepped on the local calendar so a
 * daylight-saving change does not shift them. Hours are UTC hours. Events count from exactly `from` to `to`, as in
 * the statistics of the same range: the first day's bucket holds only the part of that day inside the range, and
 * `to` itself is outside it (no empty bucket starting there when the range ends at midnight).
 */
export async function eventTrend(db: Db, ctx: RequestContext, query: z.output<typeof trendQuerySchema>): Promise<EventTrend> {
  const tenantId = requireTenant(ctx);
  const { from, to } = resolveRange(query, query.interval === 'hour' ? 2 : 30);
  const zone = query.interval === 'hour' ? 'UTC' : (await cdpSettings(db, tenantId)).timeZone;
  const step = query.interval === 'hour' ? sql.raw(`'1 hour'`) : sql.raw(`'1 day'`);
  const unit = sql.raw(`'${query.interval}'`);
  const first = sql`date_trunc(${unit}, ${from.toISOString()}::timestamptz, ${zone}::text)`;
  return inScope(db, tenantScope(tenantId), async (tx) => {
    const rows = await queryRows<{ bucket: string | Date; events: number; purchases: number }>(
      tx,
      sql`select b.bucket, coalesce(sum(r.events), 0)::int as events, coalesce(sum(r.purchases), 0)::int as purchases
          from generate_series(${first} at time zone ${zone}::text, (${to.toISOString()}::timestamptz - interval '1 microsecond') at time zone ${zone}::text,
                               ${step}::interval) as s(local)
          cross join lateral (select s.local at time zone ${zone}::text as bucket) b
          left join (${countedEvents({ tenantId, from, to, bucket: { unit: query.interval, zone }, eventName: query.event_name, sourceId: query.source_id })}) r
            on r.bucket = b.bucket
          group by b.bucket order by b.bucket`,
    );
    return {
      interval: query.interval,
      time_zone: zone,
      points: rows.map((r) => ({ bucket: new Date(r.bucket).toISOString(), events: r.events, purchases: r.purchases })),
    };
  });
}

/**
 * EMQ over the last 7 days: average, band shares, per source, and a daily trend (the tenant's days, cut exactly as
 * the event trend cuts them). The hours run up to the current one: an event sent with a time up to a day ahead is
 * not yet in them.
 */
export async function emqInsights(db: Db, ctx: RequestContext): Promise<EmqInsights> {
  const tenantId = requireTenant(ctx);
  const { timeZone } = await cdpSettings(db, tenantId);
  const now = new Date();
  const since = new Date(Math.floor((now.getTime() - 7 * DAY) / 3_600_000) * 3_600_000);
  return inScope(db, tenantScope(tenantId), async (tx) => {
    const window = sql`r.tenant_id = ${tenantId} and r.hour >= ${since.toISOString()}::timestamptz and r.hour <= ${now.toISOString()}::timestamptz`;
    const [totals] = await queryRows<{ events: number; emq_sum: string; excellent: number; good: number; fair: number; poor: number }>(
      tx,
      sql`select coalesce(sum(events), 0)::int as events, coalesce(sum(emq_sum), 0)::text as emq_sum,
                 coalesce(sum(emq_excellent), 0)::int as excellent, coalesce(sum(emq_good), 0)::int as good,
                 coalesce(sum(emq_fair), 0)::int as fair, coalesce(sum(emq_poor), 0)::int as poor
          from cdp_event_rollups_hourly r where ${window}`,
    );
    const bySource = await queryRows<{ source_id: string; source_name: string | null; events: number; emq_sum: string }>(
      tx,
      sql`select r.source_id, s.name as source_name, sum(r.events)::int as events, sum(r.emq_sum)::text as emq_sum
          from cdp_event_rollups_hourly r left join cdp_sources s on s.tenant_id = r.tenant_id and s.id = r.source_id
          where ${window} group by r.source_id, s.name order by events desc`,
    );
    const trend = await queryRows<{ day: string | Date; events: number; emq_sum: string }>(
      tx,
      sql`select c.bucket as day, sum(c.events)::int as events, sum(c.emq_sum)::text as emq_sum
          from (${countedEvents({ tenantId, from: since, to: new Date(Math.floor(now.getTime() / 3_600_000 + 1) * 3_600_000), bucket: { unit: 'day', zone: timeZone } })}) c
          group by 1 order by 1`,
    );
    const events = totals?.events ?? 0;
    const share = (n: number) => (events ? Math.round((n / events) * 10_000) / 100 : 0);
    const avg = (sum: string, n: number) => (n ? Math.round((Number(sum) / n) * 100) / 100 : null);
    return {
      average_7d: avg(totals?.emq_sum ?? '0', events),
      events_7d: events,
      bands: { excellent: share(totals?.excellent ?? 0), good: share(totals?.good ?? 0), fair: share(totals?.fair ?? 0), poor: share(totals?.poor ?? 0) },
      by_source: bySource.map((r) => ({ source_id: sourceOrNull(r.source_id), source_name: r.source_name, events: r.events, average: avg(r.emq_sum, r.events) ?? 0 })),
      trend: trend.map((r) => ({ day: new Date(r.day).toISOString(), events: r.events, average: avg(r.emq_sum, r.events) })),
      time_zone: timeZone,
    };
  });
}
