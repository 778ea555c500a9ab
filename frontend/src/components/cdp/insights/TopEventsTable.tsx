import { useTranslation } from 'react-i18next';
import type { EventStatistics } from '@stratum/contracts';
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from '@/components/ui/table';
import { useLocale } from '@/hooks/useLocale';
import { formatCurrency, formatNumber, formatPercent } from '@/lib/utils';

const TOP = 8;

/** The busiest event names of the range, with purchases, revenue and their share of all events. */
export function TopEventsTable({ statistics, currency }: { statistics: EventStatistics; currency: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const rows = statistics.by_event_name.slice(0, TOP);
  if (rows.length === 0) {
    return <p className="px-5 py-10 text-center text-sm text-zinc-500 dark:text-zinc-400">{t('dashboard.topEvents.empty')}</p>;
  }
  return (
    <Table>
      <TableHead>
        <tr>
          <TableHeaderCell>{t('dashboard.topEvents.event')}</TableHeaderCell>
          <TableHeaderCell className="text-end">{t('dashboard.topEvents.events')}</TableHeaderCell>
          <TableHeaderCell className="hidden w-40 sm:table-cell">{t('dashboard.topEvents.share')}</TableHeaderCell>
          <TableHeaderCell className="text-end">{t('dashboard.topEvents.purchases')}</TableHeaderCell>
          <TableHeaderCell className="text-end">{t('dashboard.topEvents.revenue')}</TableHeaderCell>
        </tr>
      </TableHead>
      <TableBody>
        {rows.map((row) => {
          const share = statistics.total_events > 0 ? row.events / statistics.total_events : 0;
          return (
            <TableRow key={row.event_name} data-testid="top-event-row">
              <TableCell className="font-medium text-zinc-900 dark:text-zinc-100">{row.event_name}</TableCell>
              <TableCell className="text-end tabular-nums">{formatNumber(row.events, locale)}</TableCell>
              <TableCell className="hidden sm:table-cell">
                <div className="flex items-center gap-2">
                  <div className="h-1.5 flex-1 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800" aria-hidden>
                    <div className="h-full rounded-full bg-indigo-500 dark:bg-indigo-400" style={{ width: `${share * 100}%` }} />
                  </div>
                  <span className="w-12 text-end text-xs tabular-nums text-zinc-500 dark:text-zinc-400">{formatPercent(share, locale)}</span>
                </div>
              </TableCell>
              <TableCell className="text-end tabular-nums">{row.purchases ? formatNumber(row.purchases, locale) : '—'}</TableCell>
              <TableCell className="text-end tabular-nums">
                {row.revenue ? formatCurrency(row.revenue, currency, locale) : '—'}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
