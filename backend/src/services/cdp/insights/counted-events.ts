import { sql, type SQL } from 'drizzle-orm';
import { NO_SOURCE_ID } from '../../../models';

export interface CountedRange {
  tenantId: string;
  from: Date;
  to: Date;
  /** Buckets of the tenant's days (or UTC hours); none: the whole range is one bucket. */
  bucket?: { unit: 'hour' | 'day'; zone: string };
  eventName?: string;
  sourceId?: string;
}

/**
 * Rows `(bucket, event_name, source_id, events, purchases, revenue, emq_sum)` counting the events of exactly `[from, to)`,
 * each in its bucket. Whole hours come from the hourly rollups; an hour the range's ends or a bucket's edge cut
 * (a range from 04:40, a day starting at 18:30 UTC in India) is counted from its events instead, so an event is in
 * the range and in the day it happened in. An hour whose events are no longer all held (retention deleted them,
 * keeping the rollup) falls back to its rollup, in the bucket where the hour starts.
 */
export function countedEvents({ tenantId, from, to, bucket, eventName, sourceId }: CountedRange): SQL {
  const start = sql`${from.toISOString()}::timestamptz`;
  const end = sql`${to.toISOString()}::timestamptz`;
  const bucketOf = (at: SQL) => (bucket ? sql`date_trunc(${sql.raw(`'${bucket.unit}'`)}, ${at}, ${bucket.zone}::text)` : sql`${start}`);
  const rollupFilter = sql`${eventName ? sql`and r.event_name = ${eventName}` : sql``} ${sourceId ? sql`and r.source_id = ${sourceId}` : sql``}`;
  const eventFilter = sql`${eventName ? sql`and e.event_name = ${eventName}` : sql``} ${sourceId ? sql`and coalesce(e.source_id, ${NO_SOURCE_ID}::uuid) = ${sourceId}` : sql``}`;
  return sql`
    with hours as (
      select g.h, ${bucketOf(sql`g.h`)} as bucket,
             g.h >= ${start} and g.h + interval '1 hour' <= ${end}
               and ${bucketOf(sql`g.h`)} = ${bucketOf(sql`(g.h + interval '1 hour' - interval '1 microsecond')`)} as whole
      from generate_series(date_trunc('hour', ${start}, 'UTC'), ${end} - interval '1 microsecond', interval '1 hour') as g(h)
    ),
    rolled as (
      select hr.h, hr.bucket, hr.whole, r.event_name, r.source_id, r.events, r.purchases, r.revenue, r.emq_sum
      from hours hr join cdp_event_rollups_hourly r on r.tenant_id = ${tenantId} and r.hour = hr.h ${rollupFilter}
      -- The range again, on the rollups' own column: their index then reads only these hours.
      where r.hour >= date_trunc('hour', ${start}, 'UTC') and r.hour < ${end}
    ),
    held as (
      select cut.h from (select h, sum(events) as n from rolled where not whole group by h) cut
      where cut.n = (select count(*) from cdp_events e
                     where e.tenant_id = ${tenantId} and e.event_time >= cut.h and e.event_time < cut.h + interval '1 hour' ${eventFilter})
    )
    select bucket, event_name, source_id, events, purchases, revenue, emq_sum from rolled
    where whole or h not in (select h from held)
    union all
    select ${bucketOf(sql`e.event_time`)}, e.event_name, coalesce(e.source_id, ${NO_SOURCE_ID}::uuid), 1, (e.revenue is not null)::int, coalesce(e.revenue, 0),
           e.emq_score
    from held join cdp_events e on e.tenant_id = ${tenantId} and e.event_time >= held.h and e.event_time < held.h + interval '1 hour'
    where e.event_time >= ${start} and e.event_time < ${end} ${eventFilter}`;
}
