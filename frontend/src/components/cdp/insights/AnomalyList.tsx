import { CheckCircle2, TrendingDown, TrendingUp } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { Anomaly } from '@stratum/contracts';
import { EmptyState } from '@/components/common/EmptyState';
import { Badge, type BadgeProps } from '@/components/ui/badge';
import { useLocale } from '@/hooks/useLocale';
import { cn, formatDate, formatNumber, formatRelative } from '@/lib/utils';
import { useSourceLabel } from './useSourceLabel';

const SEVERITY_TONES: Record<Anomaly['severity'], NonNullable<BadgeProps['tone']>> = {
  high: 'danger',
  medium: 'warning',
  low: 'neutral',
};

/**
 * Volume anomalies, newest first: what, where, when, how far off, and how bad. The hour is shown in the tenant's
 * time zone, the one the server compared it in ("the same hour on the days before"), with the zone named.
 */
export function AnomalyList({ anomalies, timeZone }: { anomalies: Anomaly[]; timeZone: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const sourceLabel = useSourceLabel();

  if (anomalies.length === 0) {
    return (
      <EmptyState icon={CheckCircle2} title={t('dashboard.anomalies.empty')} description={t('dashboard.anomalies.emptyDescription')} className="py-10" />
    );
  }

  return (
    <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="anomaly-list">
      {anomalies.map((anomaly) => {
        const spike = anomaly.direction === 'spike';
        const Direction = spike ? TrendingUp : TrendingDown;
        const deviation = formatNumber(Math.abs(anomaly.deviation), locale, { maximumFractionDigits: 1 });
        return (
          <li
            key={`${anomaly.event_name}|${anomaly.source_id ?? ''}|${anomaly.hour}`}
            className="flex items-start gap-3 px-5 py-3.5"
            data-testid="anomaly-row"
            data-severity={anomaly.severity}
            data-direction={anomaly.direction}
          >
            <span
              className={cn(
                'mt-0.5 flex size-8 shrink-0 items-center justify-center rounded-lg',
                spike
                  ? 'bg-red-50 text-red-600 dark:bg-red-500/10 dark:text-red-400'
                  : 'bg-sky-50 text-sky-600 dark:bg-sky-500/10 dark:text-sky-400',
              )}
              title={t(`dashboard.anomalies.direction.${anomaly.direction}`)}
            >
              <Direction className="size-4" aria-hidden />
              <span className="sr-only">{t(`dashboard.anomalies.direction.${anomaly.direction}`)}</span>
            </span>
            <div className="min-w-0 flex-1">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-medium text-zinc-900 dark:text-zinc-100" data-testid="anomaly-event">
                  {anomaly.event_name}
                </span>
                <Badge tone={SEVERITY_TONES[anomaly.severity]} data-testid="anomaly-severity">
                  {t(`dashboard.anomalies.severity.${anomaly.severity}`)}
                </Badge>
                <span className="text-xs text-zinc-500 dark:text-zinc-400">{sourceLabel(anomaly)}</span>
              </div>
              <p className="mt-0.5 text-sm text-zinc-600 tabular-nums dark:text-zinc-400">
                {t('dashboard.anomalies.observed', {
                  observed: formatNumber(anomaly.observed, locale),
                  expected: formatNumber(anomaly.expected, locale, { maximumFractionDigits: 1 }),
                })}
              </p>
            </div>
            <div className="shrink-0 text-end">
              <time
                dateTime={anomaly.hour}
                className="block text-xs text-zinc-700 dark:text-zinc-300"
                title={formatDate(anomaly.hour, locale, { dateStyle: 'medium', timeStyle: 'short', timeZone })}
              >
                {formatDate(anomaly.hour, locale, { weekday: 'short', hour: 'numeric', minute: '2-digit', timeZone, timeZoneName: 'short' })}
              </time>
              <span className="block text-[11px] text-zinc-500 dark:text-zinc-400">{formatRelative(anomaly.hour, locale)}</span>
              <span
                className="mt-1 inline-block rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-[11px] text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300"
                title={t('dashboard.anomalies.deviationLabel', { value: deviation })}
                dir="ltr"
              >
                {spike ? '+' : '−'}
                {t('dashboard.anomalies.deviation', { value: deviation })}
              </span>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
