import { useTranslation } from 'react-i18next';
import type { StoredEvent } from '@stratum/contracts';
import { useLocale } from '@/hooks/useLocale';
import { EMQ_BAND_CLASSES, EMQ_BANDS, emqBand, wholeScore } from '@/lib/cdp';
import { cn, formatDate, formatNumber } from '@/lib/utils';
import { EmqBadge } from './badges';

/** Band boundaries drawn as guide lines behind the bars. */
const GUIDES = [80, 60, 40] as const;

/**
 * Event match quality of recent events as a small bar chart, oldest first in reading order (so it runs right to
 * left in Arabic), each bar coloured by its band. Every bar is also a list item with its value in words.
 */
export function EmqChart({ events }: { events: StoredEvent[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  // The API lists newest first; a chart reads from old to new.
  const ordered = [...events].reverse();
  const average = wholeScore(ordered.reduce((sum, event) => sum + event.emq_score, 0) / Math.max(ordered.length, 1));

  return (
    <div className="space-y-4">
      <div className="flex items-center gap-3">
        <span className="text-sm text-zinc-500 dark:text-zinc-400">{t('profile.emqAverage')}</span>
        <EmqBadge score={average} className="text-sm" />
        <span className="text-sm font-medium text-zinc-700 dark:text-zinc-300">{t(`cdp.emqBands.${emqBand(average)}`)}</span>
      </div>
      <div className="relative h-36 ps-7">
        {GUIDES.map((value) => (
          <div
            key={value}
            className="pointer-events-none absolute inset-x-0 border-t border-dashed border-zinc-200 dark:border-zinc-800"
            style={{ bottom: `${value}%` }}
            aria-hidden
          >
            <span className="absolute -top-2 start-0 bg-white pe-1 text-[10px] leading-none text-zinc-400 tabular-nums dark:bg-zinc-900">
              {formatNumber(value, locale)}
            </span>
          </div>
        ))}
        <ol
          aria-label={t('profile.emqDescription', { total: formatNumber(ordered.length, locale) })}
          className="relative flex h-full items-end gap-1 border-b border-zinc-300 dark:border-zinc-700"
          data-testid="emq-chart"
        >
          {ordered.map((event) => {
            const band = emqBand(event.emq_score);
            const label = t('profile.emqBar', {
              event: event.event_name,
              date: formatDate(event.event_time, locale),
              score: formatNumber(event.emq_score, locale),
              band: t(`cdp.emqBands.${band}`),
            });
            return (
              <li key={event.id} className="flex h-full max-w-8 flex-1 items-end" title={label}>
                <div
                  className={cn('w-full rounded-t-sm transition-opacity hover:opacity-80', EMQ_BAND_CLASSES[band].bar)}
                  style={{ height: `${Math.max(event.emq_score, 2)}%` }}
                  data-testid="emq-bar"
                  data-band={band}
                  aria-hidden
                />
                <span className="sr-only">{label}</span>
              </li>
            );
          })}
        </ol>
      </div>
      <ul aria-label={t('profile.emqLegend')} className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-500 dark:text-zinc-400">
        {EMQ_BANDS.map((band) => (
          <li key={band} className="inline-flex items-center gap-1.5">
            <span className={cn('size-2.5 rounded-sm', EMQ_BAND_CLASSES[band].bar)} aria-hidden />
            <span className="font-medium text-zinc-700 dark:text-zinc-300">{t(`cdp.emqBands.${band}`)}</span>
            <span dir="ltr" className="tabular-nums">{t(`cdp.emqRanges.${band}`)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
