import { useState } from 'react';
import { ChevronRight } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { StoredEvent } from '@stratum/contracts';
import { useProfileEvents } from '@/api/cdpProfiles';
import { ErrorState } from '@/components/common/ErrorState';
import { LoadingSpinner } from '@/components/common/LoadingSpinner';
import { Pagination } from '@/components/common/Pagination';
import { useIdentifierTypeLabel } from '@/hooks/useCdpLabels';
import { useLocale } from '@/hooks/useLocale';
import { formatDate, formatList, formatRelative } from '@/lib/utils';
import { EmqBadge } from './badges';
import { EventJsonDialog } from './EventJsonDialog';

const PAGE_SIZE = 10;

/** A profile's events, newest first, a page at a time; each opens as JSON. */
export function EventTimeline({ profileId }: { profileId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const typeLabel = useIdentifierTypeLabel();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<StoredEvent | null>(null);
  const events = useProfileEvents(profileId, { page, page_size: PAGE_SIZE });

  if (events.isPending) return <LoadingSpinner block />;
  if (events.isError) {
    return <ErrorState title={t('profile.timelineLoadError')} error={events.error} onRetry={() => void events.refetch()} />;
  }
  if (events.data.items.length === 0) {
    return <p className="px-5 py-6 text-sm text-zinc-500 dark:text-zinc-400">{t('profile.noEvents')}</p>;
  }

  return (
    <>
      <ol className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="timeline">
        {events.data.items.map((event) => (
          <li key={event.id}>
            <button
              type="button"
              onClick={() => setOpen(event)}
              aria-label={t('events.viewJsonOf', { name: event.event_name, date: formatDate(event.event_time, locale) })}
              className="group flex w-full items-center gap-3 px-5 py-3 text-start transition-colors hover:bg-zinc-50 focus-visible:bg-zinc-50 dark:hover:bg-zinc-800/40 dark:focus-visible:bg-zinc-800/40"
              data-testid="timeline-event"
            >
              <span className="size-2 shrink-0 rounded-full bg-indigo-500 ring-4 ring-indigo-50 dark:ring-indigo-500/10" aria-hidden />
              <span className="min-w-0 flex-1">
                <span className="block truncate text-sm font-medium text-zinc-900 dark:text-zinc-100">{event.event_name}</span>
                <span className="mt-0.5 flex flex-wrap items-center gap-x-2 text-xs text-zinc-500 dark:text-zinc-400">
                  <time dateTime={event.event_time} title={formatDate(event.event_time, locale)}>
                    {formatRelative(event.event_time, locale)}
                  </time>
                  {event.identifier_types.length > 0 ? (
                    <span aria-hidden>·</span>
                  ) : null}
                  {formatList(event.identifier_types.map((type) => typeLabel(type)), locale)}
                </span>
              </span>
              <EmqBadge score={event.emq_score} />
              <ChevronRight className="size-4 shrink-0 text-zinc-300 group-hover:text-zinc-500 rtl:rotate-180" aria-hidden />
            </button>
          </li>
        ))}
      </ol>
      <Pagination page={page} pageSize={PAGE_SIZE} total={events.data.total} totalCapped={events.data.total_capped} onPageChange={setPage} />
      <EventJsonDialog event={open} onClose={() => setOpen(null)} />
    </>
  );
}
