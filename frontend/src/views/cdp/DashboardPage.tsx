import { useMemo, useState, type ReactNode } from 'react';
import { useIsFetching, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { Activity, BarChart3, Fingerprint, Gauge, HeartPulse, RefreshCw, Users } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import {
  insightKeys,
  useAnomalies,
  useAnomalySummary,
  useDataHealth,
  useEmqInsights,
  useEventStatistics,
  useEventTrend,
  useProfileStatistics,
} from '@/api/cdpInsights';
import { AnomalyList } from '@/components/cdp/insights/AnomalyList';
import { DataHealthDetails, GateBadge } from '@/components/cdp/insights/DataHealthDetails';
import { DateRangePicker } from '@/components/cdp/insights/DateRangePicker';
import { EmqDistribution } from '@/components/cdp/insights/EmqDistribution';
import { EventsTrendChart } from '@/components/cdp/insights/EventsTrendChart';
import { FirstEventGuide } from '@/components/cdp/insights/FirstEventGuide';
import { LifecycleChart } from '@/components/cdp/insights/LifecycleChart';
import { SourceBreakdown } from '@/components/cdp/insights/SourceBreakdown';
import { TopEventsTable } from '@/components/cdp/insights/TopEventsTable';
import { SectionCard } from '@/components/cdp/SectionCard';
import { ErrorState } from '@/components/common/ErrorState';
import { LoadingSpinner } from '@/components/common/LoadingSpinner';
import { PageHeader } from '@/components/common/PageHeader';
import { RequireActiveTenant } from '@/components/layout/RouteGuards';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { KPIWidget } from '@/components/widgets/KPIWidget';
import { useAuth } from '@/contexts/AuthContext';
import { useLocale } from '@/hooks/useLocale';
import { EMQ_BAND_CLASSES, emqBand, tenantCurrency, tenantTimeZone, wholeScore } from '@/lib/cdp';
import {
  dayKpiRanges,
  kpiTrendQuery,
  percentChange,
  resolveInsightRange,
  trendIntervalFor,
  weekKpis,
  type DateRangeValue,
} from '@/lib/insights';
import { cn, formatCurrency, formatDate, formatNumber, formatPercent } from '@/lib/utils';

const ANOMALY_WINDOW = { hours: 24 } as const;

/** The CDP home: volume, identity, match quality, data health and anomalies of the active tenant. */
export function DashboardPage() {
  return (
    <RequireActiveTenant>
      <CdpDashboard />
    </RequireActiveTenant>
  );
}

function CdpDashboard() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { activeTenant } = useAuth();
  const queryClient = useQueryClient();
  const currency = tenantCurrency(activeTenant?.settings);
  const timeZone = tenantTimeZone(activeTenant?.settings);
  const [rangeValue, setRangeValue] = useState<DateRangeValue>({ preset: '7d' });
  // "Now" for relative ranges; moved forward by a refresh so a long-open page does not keep an old window.
  const [anchor, setAnchor] = useState(() => Date.now());
  const range = useMemo(() => resolveInsightRange(rangeValue, anchor, timeZone), [rangeValue, anchor, timeZone]);
  const trendQuery = useMemo(() => ({ ...range, interval: trendIntervalFor(range, anchor) }), [range, anchor]);

  const statistics = useEventStatistics(range);
  const trend = useEventTrend(trendQuery);
  const kpiTrend = useEventTrend(useMemo(() => kpiTrendQuery(anchor), [anchor]));
  const dayRanges = useMemo(() => dayKpiRanges(anchor, timeZone), [anchor, timeZone]);
  const today = useEventStatistics(dayRanges.today);
  const yesterdaySoFar = useEventStatistics(dayRanges.yesterdaySoFar);
  const profiles = useProfileStatistics();
  const emq = useEmqInsights();
  const health = useDataHealth();
  const anomalies = useAnomalies(ANOMALY_WINDOW);
  const anomalySummary = useAnomalySummary(ANOMALY_WINDOW);
  const refreshing = useIsFetching({ queryKey: insightKeys.all }) > 0;

  async function refresh() {
    setAnchor(Date.now());
    await queryClient.refetchQueries({ queryKey: insightKeys.all, type: 'active' });
  }

  const refreshButton = (
    <Button variant="secondary" size="sm" onClick={() => void refresh()} disabled={refreshing} data-testid="dashboard-refresh">
      <RefreshCw className={cn(refreshing && 'animate-spin')} aria-hidden />
      {refreshing ? t('dashboard.refreshing') : t('dashboard.refresh')}
    </Button>
  );
  const updatedAt = statistics.dataUpdatedAt || profiles.dataUpdatedAt;
  const header = (actions: ReactNode) => (
    <PageHeader title={t('dashboard.title')} description={t('dashboard.subtitle', { tenant: activeTenant?.name ?? '' })} actions={actions} />
  );

  if (profiles.data?.total_profiles === 0) {
    return (
      <>
        {header(refreshButton)}
        <FirstEventGuide />
      </>
    );
  }

  return (
    <>
      {header(
        <div className="flex flex-wrap items-center justify-end gap-2">
          {updatedAt ? (
            <span className="hidden text-xs text-zinc-500 md:inline dark:text-zinc-400" data-testid="dashboard-updated">
              {t('dashboard.updated', { time: formatDate(updatedAt, locale, { timeStyle: 'short' }) })}
            </span>
          ) : null}
          <DateRangePicker value={rangeValue} onChange={setRangeValue} timeZone={timeZone} />
          {refreshButton}
        </div>,
      )}
      <div className="space-y-6">
        <KpiRow kpiTrend={kpiTrend} today={today} yesterdaySoFar={yesterdaySoFar} profiles={profiles} emq={emq} health={health} />

        <div className="grid gap-6 lg:grid-cols-3">
          <SectionCard
            className="lg:col-span-2"
            title={t('dashboard.trend.title')}
            description={trendQuery.interval === 'hour' ? t('dashboard.trend.hourly') : t('dashboard.trend.daily')}
            actions={
              statistics.data ? (
                <span className="hidden text-xs text-zinc-500 tabular-nums sm:inline dark:text-zinc-400" data-testid="range-summary">
                  {t('dashboard.trend.summary', {
                    events: formatNumber(statistics.data.total_events, locale),
                    purchases: formatNumber(statistics.data.total_purchases, locale),
                    revenue: formatCurrency(statistics.data.total_revenue, currency, locale),
                  })}
                </span>
              ) : null
            }
            data-testid="trend-card"
          >
            <Loaded query={trend} errorTitle={t('dashboard.trend.loadError')}>
              {(data) => <EventsTrendChart trend={data} />}
            </Loaded>
          </SectionCard>
          <SectionCard title={t('dashboard.lifecycle.title')} description={t('dashboard.lifecycle.description')} data-testid="lifecycle-card">
            <Loaded query={profiles} errorTitle={t('dashboard.loadError')}>
              {(data) => <LifecycleChart statistics={data} />}
            </Loaded>
          </SectionCard>
        </div>

        <div className="grid gap-6 lg:grid-cols-3">
          <SectionCard
            className="lg:col-span-2"
            title={t('dashboard.topEvents.title')}
            description={t('dashboard.topEvents.description')}
            contentClassName="p-0"
            data-testid="top-events-card"
          >
            <Loaded query={statistics} errorTitle={t('dashboard.loadError')}>
              {(data) => <TopEventsTable statistics={data} currency={currency} />}
            </Loaded>
          </SectionCard>
          <SectionCard title={t('dashboard.emq.title')} description={t('dashboard.emq.description')} data-testid="emq-card">
            <Loaded query={emq} errorTitle={t('dashboard.loadError')}>
              {(data) => <EmqDistribution emq={data} />}
            </Loaded>
          </SectionCard>
        </div>

        <div className="grid gap-6 lg:grid-cols-3">
          <SectionCard
            className="lg:col-span-2"
            title={t('dashboard.anomalies.title')}
            description={t('dashboard.anomalies.description')}
            contentClassName="p-0"
            actions={
              anomalySummary.data && anomalySummary.data.total > 0 ? (
                <div className="flex items-center gap-1.5" data-testid="anomaly-summary">
                  <Badge tone="neutral">{t('dashboard.anomalies.count', { value: formatNumber(anomalySummary.data.total, locale) })}</Badge>
                  {anomalySummary.data.by_severity.high > 0 ? (
                    <Badge tone="danger">
                      {formatNumber(anomalySummary.data.by_severity.high, locale)} {t('dashboard.anomalies.severity.high')}
                    </Badge>
                  ) : null}
                </div>
              ) : null
            }
            data-testid="anomalies-card"
          >
            <Loaded query={anomalies} errorTitle={t('dashboard.loadError')}>
              {(data) => <AnomalyList anomalies={data} timeZone={timeZone} />}
            </Loaded>
          </SectionCard>
          <SectionCard title={t('dashboard.sources.title')} description={t('dashboard.sources.description')} data-testid="sources-card">
            <Loaded query={statistics} errorTitle={t('dashboard.loadError')}>
              {(data) => <SourceBreakdown statistics={data} />}
            </Loaded>
          </SectionCard>
        </div>
      </div>
    </>
  );
}

interface KpiRowProps {
  kpiTrend: ReturnType<typeof useEventTrend>;
  /** Since the tenant's midnight, and yesterday up to this time of day (see dayKpiRanges). */
  today: ReturnType<typeof useEventStatistics>;
  yesterdaySoFar: ReturnType<typeof useEventStatistics>;
  profiles: ReturnType<typeof useProfileStatistics>;
  emq: ReturnType<typeof useEmqInsights>;
  health: ReturnType<typeof useDataHealth>;
}

function KpiRow({ kpiTrend, today, yesterdaySoFar, profiles, emq, health }: KpiRowProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const week = kpiTrend.data ? weekKpis(kpiTrend.data.points) : null;
  const days = today.data && yesterdaySoFar.data ? { today: today.data.total_events, yesterday: yesterdaySoFar.data.total_events } : null;
  const todayChange = days ? percentChange(days.today, days.yesterday) : undefined;
  const weekChange = week ? percentChange(week.week, week.previousWeek) : undefined;
  const failed = t('dashboard.loadError');
  const comparison = (shown: unknown, change: number | undefined) => (shown && change === undefined ? t('dashboard.kpi.noComparison') : undefined);
  const emqAverage = emq.data?.average_7d ?? null;
  const band = emqAverage === null ? null : emqBand(emqAverage);
  const profileData = profiles.data;

  return (
    <section className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3 2xl:grid-cols-6" aria-label={t('dashboard.kpi.label')}>
      <KPIWidget
        title={t('dashboard.kpi.eventsToday')}
        value={today.data?.total_events}
        change={todayChange}
        changeLabel={t('dashboard.kpi.vsYesterday')}
        caption={today.isError || yesterdaySoFar.isError ? failed : comparison(days, todayChange)}
        icon={Activity}
        loading={today.isPending}
        data-testid="kpi-events-today"
      />
      <KPIWidget
        title={t('dashboard.kpi.eventsWeek')}
        value={week?.week}
        change={weekChange}
        changeLabel={t('dashboard.kpi.vsPreviousWeek')}
        caption={kpiTrend.isError ? failed : comparison(week, weekChange)}
        icon={BarChart3}
        loading={kpiTrend.isPending}
        data-testid="kpi-events-week"
      />
      <KPIWidget
        title={t('dashboard.kpi.profiles')}
        value={profileData?.total_profiles}
        caption={
          profiles.isError
            ? failed
            : profileData
              ? t('dashboard.kpi.profilesCaption', {
                  identifiers: formatNumber(profileData.identifiers_per_profile, locale, { maximumFractionDigits: 1 }),
                })
              : undefined
        }
        icon={Users}
        loading={profiles.isPending}
        data-testid="kpi-profiles"
      />
      <KPIWidget
        title={t('dashboard.kpi.identified')}
        value={profileData ? formatPercent(profileData.identified_share / 100, locale) : null}
        caption={
          profiles.isError
            ? failed
            : profileData
              ? t('dashboard.kpi.identifiedCaption', {
                  value: formatNumber(profileData.by_lifecycle.known + profileData.by_lifecycle.customer, locale),
                })
              : undefined
        }
        icon={Fingerprint}
        loading={profiles.isPending}
        data-testid="kpi-identified"
      />
      <KPIWidget
        title={t('dashboard.kpi.emq')}
        value={emqAverage === null ? null : wholeScore(emqAverage)}
        valueClassName={band ? EMQ_BAND_CLASSES[band].text : undefined}
        badge={
          band ? (
            <span className={cn('rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset', EMQ_BAND_CLASSES[band].badge)}>
              {t(`cdp.emqBands.${band}`)}
            </span>
          ) : null
        }
        caption={emq.isError ? failed : emq.data && emqAverage === null ? t('dashboard.kpi.emqNoEvents') : undefined}
        icon={Gauge}
        loading={emq.isPending}
        data-testid="kpi-emq"
        data-band={band ?? undefined}
      />
      <KPIWidget
        title={t('dashboard.kpi.health')}
        value={health.data ? wholeScore(health.data.score) : null}
        badge={health.data ? <GateBadge gate={health.data.gate} /> : null}
        caption={health.isError ? failed : health.data ? t(`dashboard.health.gateHints.${health.data.gate}`) : undefined}
        extra={health.data ? <DataHealthDetails health={health.data} /> : null}
        icon={HeartPulse}
        loading={health.isPending}
        data-testid="kpi-health"
      />
    </section>
  );
}

/** A card body for one query: a spinner while it loads, the error with a retry, else the content. */
function Loaded<T>({
  query,
  errorTitle,
  children,
}: {
  query: UseQueryResult<T>;
  errorTitle: string;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <LoadingSpinner block />;
  if (query.isError) return <ErrorState title={errorTitle} error={query.error} onRetry={() => void query.refetch()} className="py-8" />;
  return <>{children(query.data)}</>;
}
