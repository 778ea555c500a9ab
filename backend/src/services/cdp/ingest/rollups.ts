import { sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { NO_SOURCE_ID } from '../../../models';
import { emqBand } from '../emq/emq';
import { json } from '../identity/identity-sql';
import type { PreparedEvent } from './prepare-events';
import { REVENUE_NOT_COUNTED } from './purchase-revenue';
import type { EndedSessionStart } from './profile-deltas';

export interface RollupDelta {
  hour: string;
  event_name: string;
  source_id: string;
  events: number;
  emq_sum: number;
  excellent: number;
  good: number;
  fair: number;
  poor: number;
  purchases: number;
  /** Purchases whose amount was counted (see PreparedEvent.priced). */
  priced_purchases: number;
  revenue: number;
  sessions: number;
}

const HOUR_MS = 3_600_000;

/**
 * A batch's contribution to the hourly rollups, one row per hour × event name × source; `sessionStarts` are the ids
 * of the events that begin a session, `endedStarts` stored events that no longer do (see profileDeltas).
 */
export function rollupDeltas(
  events: PreparedEvent[],
  sourceId: string | null,
  sessionStarts: ReadonlySet<string>,
  endedStarts: readonly EndedSessionStart[] = [],
): RollupDelta[] {
  const rows = new Map<string, RollupDelta>();
  const rowOf = (at: number, eventName: string, source: string | null) => {
    const hour = new Date(Math.floor(at / HOUR_MS) * HOUR_MS).toISOString();
    const key = `${hour}|${eventName}|${source}`;
    let row = rows.get(key);
    if (!row) {
      row = { hour, event_name: eventName, source_id: source ?? NO_SOURCE_ID, events: 0, emq_sum: 0, excellent: 0, good: 0, fair: 0, poor: 0, purchases: 0, priced_purchases: 0, revenue: 0, sessions: 0 };
      rows.set(key, row);
    }
    return row;
  };
  for (const ended of endedStarts) rowOf(ended.at, ended.eventName, ended.sourceId).sessions--;
  for (const e of events) {
    const row = rowOf(e.eventTime.getTime(), e.event.event_name, sourceId);
    row.events++;
    row.emq_sum += e.emq;
    row[emqBand(e.emq)]++;
    if (e.revenue !== null) {
      row.purchases++;
      if (e.priced) row.priced_purchases++;
      row.revenue += e.revenue;
    }
    if (sessionStarts.has(e.id)) row.sessions++;
  }
  return [...rows.values()];
}

export async function addToRollups(tx: Executor, tenantId: string, rows: RollupDelta[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(sql`
    insert into cdp_event_rollups_hourly as r
      (tenant_id, hour, event_name, source_id, events, emq_sum, emq_excellent, emq_good, emq_fair, emq_poor, purchases, priced_purchases,
       revenue, sessions)
    select ${tenantId}, x.hour, x.event_name, x.source_id, x.events, x.emq_sum, x.excellent, x.good, x.fair, x.poor, x.purchases,
           x.priced_purchases, x.revenue, x.sessions
    from jsonb_to_recordset(${json(rows.map((r) => ({ ...r, revenue: r.revenue.toFixed(2) })))}) as x(hour timestamptz, event_name text,
         source_id uuid, events int, emq_sum bigint, excellent int, good int, fair int, poor int, purchases int, priced_purchases int,
         revenue numeric, sessions int)
    on conflict (tenant_id, hour, event_name, source_id) do update set
      events = r.events + excluded.events, emq_sum = r.emq_sum + excluded.emq_sum,
      emq_excellent = r.emq_excellent + excluded.emq_excellent, emq_good = r.emq_good + excluded.emq_good,
      emq_fair = r.emq_fair + excluded.emq_fair, emq_poor = r.emq_poor + excluded.emq_poor,
      purchases = r.purchases + excluded.purchases, priced_purchases = r.priced_purchases + excluded.priced_purchases,
      revenue = r.revenue + excluded.revenue, sessions = r.sessions + excluded.sessions`);
}

/** Whether a stored event (under `alias`) notes that its purchase amount was not counted (see PreparedEvent.priced). */
export const revenueNotCountedSql = (alias: string) =>
  sql`exists (select 1 from jsonb_array_elements_text(coalesce(${sql.raw(alias)}.processing_errors, '[]'::jsonb)) as note
              where note like ${`${REVENUE_NOT_COUNTED}:%`})`;

/** Events as they are stored, grouped by what the rollups key and band them by (see removeFromRollups). */
export interface StoredEventGroup {
  hour: string | Date;
  event_name: string;
  source_id: string;
  emq_score: number;
  events: number;
  purchases: number;
  priced_purchases: number;
  revenue: string;
  sessions: number;
}

/** Stored events' share of the rollups, banded by the same rule as at ingestion. */
export function storedRollupDeltas(groups: StoredEventGroup[]): RollupDelta[] {
  const rows = new Map<string, RollupDelta>();
  for (const g of groups) {
    const hour = new Date(g.hour).toISOString();
    const key = `${hour}|${g.event_name}|${g.source_id}`;
    let row = rows.get(key);
    if (!row) {
      row = { hour, event_name: g.event_name, source_id: g.source_id, events: 0, emq_sum: 0, excellent: 0, good: 0, fair: 0, poor: 0, purchases: 0, priced_purchases: 0, revenue: 0, sessions: 0 };
      rows.set(key, row);
    }
    row.events += g.events;
    row.emq_sum += g.emq_score * g.events;
    row[emqBand(g.emq_score)] += g.events;
    row.purchases += g.purchases;
    row.priced_purchases += g.priced_purchases;
    row.revenue += Number(g.revenue);
    row.sessions += g.sessions;
  }
  return [...rows.values()];
}

/**
 * Takes deleted events back out of the rollups (erasure), so every figure read from them still counts only the
 * events we hold. Rows left with no events go, as if those events had never arrived.
 */
export async function removeFromRollups(tx: Executor, tenantId: string, rows: RollupDelta[]): Promise<void> {
  if (rows.length === 0) return;
  const gone = json(rows.map((r) => ({ ...r, revenue: r.revenue.toFixed(2) })));
  await tx.execute(sql`
    update cdp_event_rollups_hourly r set
      events = r.events - x.events, emq_sum = r.emq_sum - x.emq_sum,
      emq_excellent = r.emq_excellent - x.excellent, emq_good = r.emq_good - x.good,
      emq_fair = r.emq_fair - x.fair, emq_poor = r.emq_poor - x.poor,
      purchases = r.purchases - x.purchases, priced_purchases = r.priced_purchases - x.priced_purchases,
      revenue = r.revenue - x.revenue,
      -- Sessions recounted from the stored events need not match what ingestion counted (a late event, a merge
      -- of two profiles' sessions): never below zero.
      sessions = greatest(r.sessions - x.sessions, 0)
    from jsonb_to_recordset(${gone}) as x(hour timestamptz, event_name text, source_id uuid, events int, emq_sum bigint,
         excellent int, good int, fair int, poor int, purchases int, priced_purchases int, revenue numeric, sessions int)
    where r.tenant_id = ${tenantId} and r.hour = x.hour and r.event_name = x.event_name and r.source_id = x.source_id`);
  await tx.execute(sql`
    delete from cdp_event_rollups_hourly r
    using jsonb_to_recordset(${gone}) as x(hour timestamptz, event_name text, source_id uuid)
    where r.tenant_id = ${tenantId} and r.hour = x.hour and r.event_name = x.event_name and r.source_id = x.source_id
      and r.events <= 0`);
}
