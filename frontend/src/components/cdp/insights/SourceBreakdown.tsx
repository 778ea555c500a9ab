import { useTranslation } from 'react-i18next';
import type { EventStatistics } from '@stratum/contracts';
import { useLocale } from '@/hooks/useLocale';
import { formatNumber, formatPercent } from '@/lib/utils';
import { useSourceLabel } from './useSourceLabel';

/** Events of the range per source, as labelled bars that fill from the inline start. */
export function SourceBreakdown({ statistics }: { statistics: EventStatistics }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const sourceLabel = useSourceLabel();
  const total = statistics.total_events;
  if (statistics.by_source.length === 0 || total === 0) {
    return <p className="py-10 text-center text-sm text-zinc-500 dark:text-zinc-400">{t('dashboard.sources.empty')}</p>;
  }
  return (
    <ul className="space-y-3" data-testid="source-breakdown">
      {statistics.by_source.slice(0, 6).map((source) => {
        const share = source.events / total;
        return (
          <li key={source.source_id ?? 'none'}>
            <div className="mb-1 flex items-baseline gap-2 text-sm">
              <span className="min-w-0 truncate text-zinc-700 dark:text-zinc-300">{sourceLabel(source)}</span>
              <span className="ms-auto font-medium tabular-nums text-zinc-900 dark:text-zinc-100">{formatNumber(source.events, locale)}</span>
              <span className="w-12 text-end text-xs tabular-nums text-zinc-500 dark:text-zinc-400">{formatPercent(share, locale)}</span>
            </div>
            <div className="h-1.5 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800" aria-hidden>
              <div className="h-full rounded-full bg-indigo-500 dark:bg-indigo-400" style={{ width: `${share * 100}%` }} />
            </div>
          </li>
        );
      })}
    </ul>
  );
}
