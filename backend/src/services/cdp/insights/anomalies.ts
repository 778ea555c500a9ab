import { sql } from 'drizzle-orm';
import { ANOMALY_SEVERITIES, type Anomaly, type AnomalySummary, type anomalyQuerySchema } from '@stratum/contracts';
import type { z } from 'zod';
import { requireTenant, type RequestContext } from '../../../auth/context';
import { queryRows, type Db } from '../../../db/client';
import { inScope, tenantScope } from '../../../db/scope';
import { NO_SOURCE_ID } from '../../../models';
import { cdpSettings } from '../tenant-cdp-settings';
import { BASELINE_DAYS, detectAnomalies } from './detect-anomalies';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Anomalies in the last `hours` complete hours, per event name and source, against a 28-day baseline. */
export async function findAnomalies(db: Db, ctx: RequestContext, query: z.output<typeof anomalyQuerySchema>, now = Date.now()): Promise<Anomaly[]> {
  const tenantId = requireTenant(ctx);
  const { timeZone } = await cdpSettings(db, tenantId);
  const end = Math.floor(now / HOUR) * HOUR; // the current, incomplete hour is not judged
  const hours = Array.from({ length: query.hours }, (_, i) => end - (i + 1) * HOUR);
  // One day more than the baseline: the tenant's days around a daylight-saving change are 23 or 25 hours long.
  const since = new Date(end - query.hours * HOUR - (BASELINE_DAYS + 1) * DAY).toISOString();
  return inScope(db, tenantScope(tenantId), async (tx) => {
    const rows = await queryRows<{ hour: string | Date; event_name: string; source_id: string; events: number; source_name: string | null }>(
      tx,
      sql`select r.hour, r.event_name, r.source_id, r.events, s.name as source_name
          from cdp_event_rollups_hourly r left join cdp_sources s on s.tenant_id = r.tenant_id and s.id = r.source_id
          where r.tenant_id = ${tenantId} and r.hour >= ${since}::timestamptz and r.hour < ${new Date(end).toISOString()}::timestamptz`,
    );
    const series = new Map<string, { key: { eventName: string; sourceId: string | null }; counts: Map<number, number>; name: string | null }>();
    for (const r of rows) {
      const id = `${r.event_name}|${r.source_id}`;
      let entry = series.get(id);
      if (!entry) {
        entry = { key: { eventName: r.event_name, sourceId: r.source_id === NO_SOURCE_ID ? null : r.source_id }, counts: new Map(), name: r.source_name };
        series.set(id, entry);
      }
      entry.counts.set(new Date(r.hour).getTime(), r.events);
    }
    const names = new Map([...series.values()].map((s) => [s.key.sourceId, s.name]));
    const floor = ANOMALY_SEVERITIES.indexOf(query.min_severity);
    return detectAnomalies({ series: [...series.values()], hours, timeZone })
      .filter((a) => ANOMALY_SEVERITIES.indexOf(a.severity) >= floor)
      .map((a) => ({ ...a, source_name: names.get(a.source_id) ?? null }));
  });
}

export async function anomalySummary(db: Db, ctx: RequestContext, query: z.output<typeof anomalyQuerySchema>): Promise<AnomalySummary> {
  const anomalies = await findAnomalies(db, ctx, query);
  return {
    window_hours: query.hours,
    total: anomalies.length,
    by_severity: Object.fromEntries(ANOMALY_SEVERITIES.map((s) => [s, anomalies.filter((a) => a.severity === s).length])) as AnomalySummary['by_severity'],
    spikes: anomalies.filter((a) => a.direction === 'spike').length,
    drops: anomalies.filter((a) => a.direction === 'drop').length,
    latest: anomalies[0] ?? null,
  };
}
