import { sameLocalTimeDaysBefore, type Anomaly } from '@stratum/contracts';

/**
 * Volume anomalies with robust statistics: an hour's count is compared with the same hour of the tenant's day on
 * each of the previous 28 days (missing hours count as zero), so a daylight-saving change does not compare 9 am
 * with 10 am for weeks. Median and MAD resist the very outliers we look for; the
 * deviation is a robust z-score, (observed − median) / (1.4826 · MAD).
 */
export const BASELINE_DAYS = 28;
const MIN_ABSOLUTE_CHANGE = 5;
const THRESHOLD = 3;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface SeriesKey {
  eventName: string;
  sourceId: string | null;
}

export interface DetectionInput {
  /** Hourly counts per series, keyed by the hour's epoch milliseconds. */
  series: { key: SeriesKey; counts: Map<number, number> }[];
  /** The hours to judge (epoch ms, whole hours). */
  hours: number[];
  /** The tenant's IANA time zone, whose days the baseline steps through (UTC when absent). */
  timeZone?: string;
}

export function severityOf(z: number): Anomaly['severity'] {
  const size = Math.abs(z);
  if (size >= 10) return 'high';
  if (size >= 6) return 'medium';
  return 'low';
}

export function detectAnomalies(input: DetectionInput): Omit<Anomaly, 'source_name'>[] {
  const found: Omit<Anomaly, 'source_name'>[] = [];
  const zone = input.timeZone ?? 'UTC';
  const baselineHours = new Map(input.hours.map((hour) => [hour, Array.from({ length: BASELINE_DAYS }, (_, d) => sameLocalTimeDaysBefore(hour, d + 1, zone))]));
  for (const { key, counts } of input.series) {
    for (const hour of input.hours) {
      const observed = counts.get(hour) ?? 0;
      const baseline = baselineHours.get(hour)!.map((earlier) => counts.get(earlier) ?? 0);
      const expected = median(baseline);
      const mad = median(baseline.map((v) => Math.abs(v - expected)));
      // A flat baseline has no spread; fall back to a Poisson-like scale so one extra event is not an anomaly.
      const scale = Math.max(1.4826 * mad, Math.sqrt(Math.max(expected, 1)));
      const z = (observed - expected) / scale;
      if (Math.abs(z) < THRESHOLD || Math.abs(observed - expected) < MIN_ABSOLUTE_CHANGE) continue;
      found.push({
        event_name: key.eventName,
        source_id: key.sourceId,
        hour: new Date(hour).toISOString(),
        observed,
        expected,
        deviation: Math.round(z * 100) / 100,
        severity: severityOf(z),
        direction: z > 0 ? 'spike' : 'drop',
      });
    }
  }
  return found.sort((a, b) => b.hour.localeCompare(a.hour) || Math.abs(b.deviation) - Math.abs(a.deviation));
}
