import { useCallback } from 'react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Anomaly,
  AnomalySummary,
  DataHealth,
  EmqInsights,
  Envelope,
  EventStatistics,
  EventTrend,
  ProfileStatistics,
  TenantRoiInputs,
  anomalyQuerySchema,
} from '@stratum/contracts';
import { apiClient, cleanParams, unwrap } from './client';

/** A range of GET /cdp/events/statistics; `to` left out means "up to now" on the server. */
export interface InsightRange {
  from?: string;
  to?: string;
}

/** Query of GET /cdp/events/trends (contracts `trendQuerySchema`). */
export interface TrendQuery extends InsightRange {
  interval: EventTrend['interval'];
  event_name?: string;
  source_id?: string;
}

export type AnomalyQuery = Partial<z.input<typeof anomalyQuerySchema>>;

/**
 * Every insight sits under `all`, so the dashboard's refresh button refetches them with one call. Switching tenant
 * resets them with the rest of the tenant-scoped cache (AuthContext).
 */
export const insightKeys = {
  all: ['cdp-insights'] as const,
  eventStatistics: (range: InsightRange) => [...insightKeys.all, 'event-statistics', range] as const,
  eventTrend: (query: TrendQuery) => [...insightKeys.all, 'event-trend', query] as const,
  profileStatistics: () => [...insightKeys.all, 'profile-statistics'] as const,
  emq: () => [...insightKeys.all, 'emq'] as const,
  dataHealth: () => [...insightKeys.all, 'data-health'] as const,
  anomalies: (query: AnomalyQuery) => [...insightKeys.all, 'anomalies', query] as const,
  anomalySummary: (query: AnomalyQuery) => [...insightKeys.all, 'anomaly-summary', query] as const,
  roiInputs: () => [...insightKeys.all, 'roi-inputs'] as const,
};

export function fetchEventStatistics(range: InsightRange): Promise<EventStatistics> {
  return unwrap(apiClient.get<Envelope<EventStatistics>>('/cdp/events/statistics', { params: cleanParams(range) }));
}

export function useEventStatistics(range: InsightRange) {
  return useQuery({
    queryKey: insightKeys.eventStatistics(range),
    queryFn: () => fetchEventStatistics(range),
    placeholderData: keepPreviousData,
  });
}

export function fetchEventTrend(query: TrendQuery): Promise<EventTrend> {
  return unwrap(apiClient.get<Envelope<EventTrend>>('/cdp/events/trends', { params: cleanParams(query) }));
}

/** A zero-filled series; the previous series stays on screen while another range loads. */
export function useEventTrend(query: TrendQuery) {
  return useQuery({
    queryKey: insightKeys.eventTrend(query),
    queryFn: () => fetchEventTrend(query),
    placeholderData: keepPreviousData,
  });
}

export function useProfileStatistics() {
  return useQuery({
    queryKey: insightKeys.profileStatistics(),
    queryFn: () => unwrap(apiClient.get<Envelope<ProfileStatistics>>('/cdp/profiles/statistics')),
  });
}

/** Event match quality over the last 7 days. */
export function useEmqInsights() {
  return useQuery({
    queryKey: insightKeys.emq(),
    queryFn: () => unwrap(apiClient.get<Envelope<EmqInsights>>('/cdp/emq')),
  });
}

/** The data health score behind the trust gate. */
export function useDataHealth() {
  return useQuery({
    queryKey: insightKeys.dataHealth(),
    queryFn: () => unwrap(apiClient.get<Envelope<DataHealth>>('/cdp/data-health')),
  });
}

/** Volume anomalies of the last `hours` complete hours, newest first. */
export function useAnomalies(query: AnomalyQuery = {}) {
  return useQuery({
    queryKey: insightKeys.anomalies(query),
    queryFn: () => unwrap(apiClient.get<Envelope<Anomaly[]>>('/cdp/anomalies/events', { params: cleanParams(query) })),
  });
}

export function useAnomalySummary(query: AnomalyQuery = {}) {
  return useQuery({
    queryKey: insightKeys.anomalySummary(query),
    queryFn: () => unwrap(apiClient.get<Envelope<AnomalySummary>>('/cdp/anomalies/summary', { params: cleanParams(query) })),
  });
}

/** The tenant's own match rate, conversion rate and order value, for the ROI calculator's "use my data". */
export function fetchRoiInputs(): Promise<TenantRoiInputs> {
  return unwrap(apiClient.get<Envelope<TenantRoiInputs>>('/cdp/roi/inputs'));
}

/** Loads the ROI inputs on demand (when "use my data" is switched on), through the cache. */
export function useLoadRoiInputs(): () => Promise<TenantRoiInputs> {
  const queryClient = useQueryClient();
  return useCallback(
    () => queryClient.fetchQuery({ queryKey: insightKeys.roiInputs(), queryFn: fetchRoiInputs, staleTime: 60_000 }),
    [queryClient],
  );
}
