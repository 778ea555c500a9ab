import { useTranslation } from 'react-i18next';
import type { EmqInsights } from '@stratum/contracts';
import { EmqBadge } from '@/components/cdp/badges';
import { useLocale } from '@/hooks/useLocale';
import { EMQ_BAND_CLASSES, EMQ_BANDS, wholeScore } from '@/lib/cdp';
import { cn, formatNumber, formatPercent } from '@/lib/utils';
import { useSourceLabel } from './useSourceLabel';

/**
 * The last 7 days' events per EMQ band as one segmented bar (it fills from the inline start, so it mirrors in
 * Arabic by itself), a legend with the shares, and the average per source.
 */
export function EmqDistribution({ emq }: { emq: EmqInsights }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const sourceLabel = useSourceLabel();

  if (emq.events_7d === 0 || emq.average_7d === null) {
    return <p className="py-10 text-center text-sm text-zinc-500 dark:text-zinc-400">{t('dashboard.emq.empty')}</p>;
  }

  return (
    <div className="space-y-5">
      <div className="flex items-center gap-3">
        <span className="text-sm text-zinc-500 dark:text-zinc-400">{t('dashboard.emq.average')}</span>
        <EmqBadge score={wholeScore(emq.average_7d)} className="text-sm" />
        <span className="ms-auto text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
          {t('dashboard.trend.events')}: {formatNumber(emq.events_7d, locale)}
        </span>
      </div>
      <div className="flex h-3 w-full overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800" aria-hidden>
        {EMQ_BANDS.map((band) =>
          emq.bands[band] > 0 ? (
            <div key={band} className={cn('h-full', EMQ_BAND_CLASSES[band].bar)} style={{ width: `${emq.bands[band]}%` }} />
          ) : null,
        )}
      </div>
      <ul className="grid grid-cols-2 gap-x-4 gap-y-2" aria-label={t('dashboard.emq.description')} data-testid="emq-bands">
        {EMQ_BANDS.map((band) => (
          <li key={band} className="flex items-center gap-2 text-sm" data-band={band}>
            <span className={cn('size-2.5 shrink-0 rounded-sm', EMQ_BAND_CLASSES[band].bar)} aria-hidden />
            <span className="text-zinc-700 dark:text-zinc-300">{t(`cdp.emqBands.${band}`)}</span>
            <span className="ms-auto font-medium tabular-nums text-zinc-900 dark:text-zinc-100">
              {formatPercent((emq.bands[band] ?? 0) / 100, locale)}
            </span>
          </li>
        ))}
      </ul>
      {emq.by_source.length > 0 ? (
        <div>
          <h3 className="mb-2 text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">{t('dashboard.emq.bySource')}</h3>
          <ul className="space-y-1.5">
            {emq.by_source.slice(0, 5).map((source) => (
              <li key={source.source_id ?? 'none'} className="flex items-center gap-2 text-sm">
                <span className="min-w-0 truncate text-zinc-700 dark:text-zinc-300">{sourceLabel(source)}</span>
                <span className="ms-auto text-xs text-zinc-400 tabular-nums">{formatNumber(source.events, locale)}</span>
                <EmqBadge score={wholeScore(source.average)} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
