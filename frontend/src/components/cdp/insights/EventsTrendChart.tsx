import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipProps } from 'recharts';
import type { EventTrend } from '@stratum/contracts';
import { useLocale } from '@/hooks/useLocale';
import { formatDate, formatNumber } from '@/lib/utils';
import { useChartTheme } from './chartTheme';

interface EventsTrendChartProps {
  trend: EventTrend;
}

type Buckets = Pick<EventTrend, 'interval' | 'time_zone'>;

/**
 * Daily buckets are the tenant's days (midnight in its time zone): they are labelled in that zone, so a reader
 * elsewhere still sees the day they count. Hourly buckets are instants and are shown in the reader's time zone.
 */
function bucketLabel(bucket: string, { interval, time_zone: timeZone }: Buckets, locale: string, long: boolean): string {
  if (interval === 'day') {
    return formatDate(bucket, locale, long ? { dateStyle: 'medium', timeZone } : { month: 'short', day: 'numeric', timeZone });
  }
  return formatDate(bucket, locale, long ? { dateStyle: 'medium', timeStyle: 'short' } : { hour: 'numeric' });
}

/** Events and purchases per bucket as an area chart; time runs toward the inline end (right to left in Arabic). */
export function EventsTrendChart({ trend }: EventsTrendChartProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const theme = useChartTheme();
  const gradientId = useId().replace(/:/g, '');
  const compact = (value: number) => formatNumber(value, locale, { notation: 'compact', maximumFractionDigits: 1 });

  return (
    <figure className="m-0">
      <div className="h-64" aria-hidden data-testid="trend-chart">
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 640, height: 256 }}>
          <AreaChart data={trend.points} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
            <defs>
              <linearGradient id={`${gradientId}-events`} x1="0" y1="0" x2="0" y2="1">
                <stop offset="0%" stopColor={theme.events} stopOpacity={theme.dark ? 0.35 : 0.25} />
                <stop offset="100%" stopColor={theme.events} stopOpacity={0} />
              </linearGradient>
              <linearGradient id={`${gradientId}-purchases`} x1="0" y1="0" x2="0" y2="1">
                <stop offset="0%" stopColor={theme.purchases} stopOpacity={theme.dark ? 0.35 : 0.25} />
                <stop offset="100%" stopColor={theme.purchases} stopOpacity={0} />
              </linearGradient>
            </defs>
            <CartesianGrid stroke={theme.grid} strokeDasharray="3 3" vertical={false} />
            <XAxis
              dataKey="bucket"
              reversed={theme.rtl}
              tickFormatter={(bucket: string) => bucketLabel(bucket, trend, locale, false)}
              tick={{ fill: theme.axis, fontSize: 11 }}
              tickLine={false}
              axisLine={{ stroke: theme.grid }}
              minTickGap={24}
            />
            <YAxis
              orientation={theme.rtl ? 'right' : 'left'}
              allowDecimals={false}
              tickFormatter={compact}
              tick={{ fill: theme.axis, fontSize: 11 }}
              tickLine={false}
              axisLine={false}
              width={44}
            />
            <Tooltip
              cursor={{ stroke: theme.cursor }}
              content={(props: TooltipProps<number, string>) => <TrendTooltip {...props} buckets={trend} />}
            />
            <Area
              type="monotone"
              dataKey="events"
              name={t('dashboard.trend.events')}
              stroke={theme.events}
              strokeWidth={2}
              fill={`url(#${gradientId}-events)`}
              isAnimationActive={false}
            />
            <Area
              type="monotone"
              dataKey="purchases"
              name={t('dashboard.trend.purchases')}
              stroke={theme.purchases}
              strokeWidth={2}
              fill={`url(#${gradientId}-purchases)`}
              isAnimationActive={false}
            />
          </AreaChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="mt-3 flex flex-wrap gap-4 text-xs text-zinc-500 dark:text-zinc-400">
        <Legend colour={theme.events} label={t('dashboard.trend.events')} />
        <Legend colour={theme.purchases} label={t('dashboard.trend.purchases')} />
      </figcaption>
      <table className="sr-only" data-testid="trend-table">
        <caption>{t('dashboard.trend.tableLabel')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dashboard.trend.period')}</th>
            <th scope="col">{t('dashboard.trend.events')}</th>
            <th scope="col">{t('dashboard.trend.purchases')}</th>
          </tr>
        </thead>
        <tbody>
          {trend.points.map((point) => (
            <tr key={point.bucket}>
              <th scope="row">{bucketLabel(point.bucket, trend, locale, true)}</th>
              <td>{formatNumber(point.events, locale)}</td>
              <td>{formatNumber(point.purchases, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

function Legend({ colour, label }: { colour: string; label: string }) {
  return (
    <span className="inline-flex items-center gap-1.5">
      <span className="size-2.5 rounded-full" style={{ backgroundColor: colour }} aria-hidden />
      {label}
    </span>
  );
}

function TrendTooltip({ active, payload, label, buckets }: TooltipProps<number, string> & { buckets: Buckets }) {
  const locale = useLocale();
  if (!active || !payload?.length || typeof label !== 'string') return null;
  return (
    <div className="rounded-lg border border-zinc-200 bg-white px-3 py-2 text-xs shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
      <p className="mb-1 font-medium text-zinc-900 dark:text-zinc-100">{bucketLabel(label, buckets, locale, true)}</p>
      {payload.map((entry) => (
        <p key={String(entry.dataKey)} className="flex items-center gap-2 text-zinc-600 dark:text-zinc-300">
          <span className="size-2 rounded-full" style={{ backgroundColor: entry.color }} aria-hidden />
          <span>{entry.name}</span>
          <span className="ms-auto ps-3 font-semibold tabular-nums text-zinc-900 dark:text-zinc-50">
            {formatNumber(Number(entry.value ?? 0), locale)}
          </span>
        </p>
      ))}
    </div>
  );
}
