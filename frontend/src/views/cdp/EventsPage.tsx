import { useMemo, useState } from 'react';
import { Database, Search } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { StoredEvent } from '@stratum/contracts';
import { useEvents } from '@/api/cdpEvents';
import { useEventStatistics } from '@/api/cdpInsights';
import { useSources } from '@/api/cdpSources';
import { EventFilters, EMPTY_EVENT_FILTERS, type EventFilterValues } from '@/components/cdp/EventFilters';
import { EventJsonDialog } from '@/components/cdp/EventJsonDialog';
import { EventsTable } from '@/components/cdp/EventsTable';
import { EmptyState } from '@/components/common/EmptyState';
import { ErrorState } from '@/components/common/ErrorState';
import { LoadingSpinner } from '@/components/common/LoadingSpinner';
import { PageHeader } from '@/components/common/PageHeader';
import { Pagination } from '@/components/common/Pagination';
import { RequireActiveTenant } from '@/components/layout/RouteGuards';
import { Card } from '@/components/ui/card';
import { useAuth } from '@/contexts/AuthContext';
import { useDebouncedValue } from '@/hooks/useDebouncedValue';
import { tenantTimeZone } from '@/lib/cdp';
import { dayEndIn, dayStartIn } from '@/lib/insights';

const PAGE_SIZE = 25;
const SUGGESTED_NAMES_DAYS = 30;

export function EventsPage() {
  return (
    <RequireActiveTenant>
      <EventExplorer />
    </RequireActiveTenant>
  );
}

function EventExplorer() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<EventFilterValues>(EMPTY_EVENT_FILTERS);
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<StoredEvent | null>(null);
  const applied = useDebouncedValue(filters);
  const timeZone = tenantTimeZone(useAuth().activeTenant?.settings);
  const sources = useSources();
  // The names to suggest come from the hourly rollups (cheap at any volume); the range is fixed at mount so its
  // query is fetched once.
  const [namesSince] = useState(() => new Date(Date.now() - SUGGESTED_NAMES_DAYS * 86_400_000).toISOString());
  const recentNames = useEventStatistics({ from: namesSince });
  const eventNames = useMemo(() => recentNames.data?.by_event_name.map((row) => row.event_name) ?? [], [recentNames.data]);
  const events = useEvents({
    event_name: applied.eventName.trim() || undefined,
    source_id: applied.sourceId || undefined,
    // The tenant's days, as the dashboard counts them, whatever the browser's zone: a day's events here are the
    // day's bar there.
    from: applied.from ? new Date(dayStartIn(timeZone, applied.from)).toISOString() : undefined,
    to: applied.to ? new Date(dayEndIn(timeZone, applied.to)).toISOString() : undefined,
    page,
    page_size: PAGE_SIZE,
  });
  const sourceItems = useMemo(() => sources.data?.items ?? [], [sources.data]);
  const sourceNames = useMemo(() => new Map(sourceItems.map((source) => [source.id, source.name])), [sourceItems]);
  const filtered = Object.values(applied).some((value) => value !== '');

  return (
    <>
      <PageHeader title={t('events.title')} description={t('events.subtitle')} />
      <Card>
        <EventFilters
          value={filters}
          sources={sourceItems}
          eventNames={eventNames}
          timeZone={timeZone}
          onChange={(next) => {
            setFilters(next);
            setPage(1);
          }}
        />
        {events.isPending ? (
          <LoadingSpinner block />
        ) : events.isError ? (
          <ErrorState title={t('events.loadError')} error={events.error} onRetry={() => void events.refetch()} />
        ) : events.data.items.length === 0 ? (
          filtered ? (
            <EmptyState icon={Search} title={t('events.emptyFiltered')} description={t('events.emptyFilteredDescription')} />
          ) : (
            <EmptyState icon={Database} title={t('events.empty')} description={t('events.emptyDescription')} />
          )
        ) : (
          <>
            <EventsTable events={events.data.items} sourceNames={sourceNames} onView={setOpen} timeZone={timeZone} />
            <Pagination page={page} pageSize={PAGE_SIZE} total={events.data.total} totalCapped={events.data.total_capped} onPageChange={setPage} />
          </>
        )}
      </Card>
      <EventJsonDialog event={open} onClose={() => setOpen(null)} />
    </>
  );
}
