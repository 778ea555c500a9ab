import { z } from 'zod';
import { uuidInputSchema } from './uuid-input';
import { isoInstantSchema } from './instant';
import { lifecycleStageSchema } from './cdp-profiles';

/** A date range; both ends optional (default: the last 7 days up to now). */
export const dateRangeQuerySchema = z.object({
  from: isoInstantSchema.optional(),
  to: isoInstantSchema.optional(),
});

export const eventStatisticsSchema = z.object({
  from: z.string(),
  to: z.string(),
  total_events: z.number().int(),
  total_purchases: z.number().int(),
  total_revenue: z.number(),
  by_event_name: z.array(z.object({ event_name: z.string(), events: z.number().int(), purchases: z.number().int(), revenue: z.number() })),
  by_source: z.array(z.object({ source_id: z.uuid().nullable(), source_name: z.string().nullable(), events: z.number().int() })),
});
export type EventStatistics = z.infer<typeof eventStatisticsSchema>;

export const trendQuerySchema = dateRangeQuerySchema.extend({
  interval: z.enum(['hour', 'day']).default('day'),
  event_name: z.string().max(255).optional(),
  source_id: uuidInputSchema.optional(),
});
export const eventTrendSchema = z.object({
  interval: z.enum(['hour', 'day']),
  /** Daily buckets start at midnight in this zone (the tenant's); hourly buckets are instants, given in UTC. */
  time_zone: z.string(),
  points: z.array(z.object({ bucket: z.string(), events: z.number().int(), purchases: z.number().int() })),
});
export type EventTrend = z.infer<typeof eventTrendSchema>;

export const profileStatisticsSchema = z.object({
  total_profiles: z.number().int(),
  by_lifecycle: z.record(lifecycleStageSchema, z.number().int()),
  identified_share: z.number(),
  identifiers_per_profile: z.number(),
  merges_total: z.number().int(),
  /** The last 30 days' merges (undone ones left out); days start at midnight in the tenant's time zone. */
  merges_by_day: z.array(z.object({ day: z.string(), merges: z.number().int() })),
});
export type ProfileStatistics = z.infer<typeof profileStatisticsSchema>;

export const EMQ_BANDS = ['excellent', 'good', 'fair', 'poor'] as const;
export const emqInsightsSchema = z.object({
  average_7d: z.number().nullable(),
  events_7d: z.number().int(),
  /** Share of the last 7 days' events in each band, in percent. */
  bands: z.record(z.enum(EMQ_BANDS), z.number()),
  by_source: z.array(z.object({ source_id: z.uuid().nullable(), source_name: z.string().nullable(), average: z.number(), events: z.number().int() })),
  /** Days start at midnight in `time_zone`, the tenant's. */
  trend: z.array(z.object({ day: z.string(), average: z.number().nullable(), events: z.number().int() })),
  time_zone: z.string(),
});
export type EmqInsights = z.infer<typeof emqInsightsSchema>;

const componentSchema = z.object({ value: z.number(), score: z.number(), weight: z.number() });
export const TRUST_GATES = ['pass', 'hold', 'block'] as const;
export const dataHealthSchema = z.object({
  score: z.number(),
  gate: z.enum(TRUST_GATES),
  components: z.object({ emq: componentSchema, identity: componentSchema, recency: componentSchema, consent: componentSchema }),
});
export type DataHealth = z.infer<typeof dataHealthSchema>;

export const ANOMALY_SEVERITIES = ['low', 'medium', 'high'] as const;
export const anomalySchema = z.object({
  event_name: z.string(),
  source_id: z.uuid().nullable(),
  source_name: z.string().nullable(),
  hour: z.string(),
  observed: z.number().int(),
  expected: z.number(),
  deviation: z.number(),
  severity: z.enum(ANOMALY_SEVERITIES),
  direction: z.enum(['spike', 'drop']),
});
export type Anomaly = z.infer<typeof anomalySchema>;

export const anomalyQuerySchema = z.object({
  hours: z.coerce.number().int().min(1).max(168).default(24),
  min_severity: z.enum(ANOMALY_SEVERITIES).default('low'),
});
export const anomalySummarySchema = z.object({
  window_hours: z.number().int(),
  total: z.number().int(),
  by_severity: z.record(z.enum(ANOMALY_SEVERITIES), z.number().int()),
  spikes: z.number().int(),
  drops: z.number().int(),
  latest: anomalySchema.nullable(),
});
export type AnomalySummary = z.infer<typeof anomalySummarySchema>;

export const roiInputsSchema = z.object({
  match_rate: z.number(),
  conversion_rate: z.number(),
  monthly_sessions: z.number().int(),
  average_order_value: z.number(),
  currency: z.string(),
  based_on: z.object({ profiles: z.number().int(), sessions: z.number().int(), purchases: z.number().int() }),
});
export type TenantRoiInputs = z.infer<typeof roiInputsSchema>;
