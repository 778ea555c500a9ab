import { useEffect, useId, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { ArrowLeft, BookOpen, PlugZap, Radio } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { Source } from '@stratum/contracts';
import { useSource } from '@/api/cdpSources';
import { LiveEventsPanel } from '@/components/cdp/collection/LiveEventsPanel';
import { SetAsideRequestsPanel } from '@/components/cdp/collection/SetAsideRequestsPanel';
import { SourceSetup } from '@/components/cdp/collection/SourceSetup';
import { EmptyState } from '@/components/common/EmptyState';
import { ErrorState } from '@/components/common/ErrorState';
import { LoadingSpinner } from '@/components/common/LoadingSpinner';
import { RequireActiveTenant } from '@/components/layout/RouteGuards';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { useAuth } from '@/contexts/AuthContext';
import { TabList, TabPanel } from '@/components/ui/tabs';
import { useLocale } from '@/hooks/useLocale';
import { formatDate, formatNumber, formatRelative } from '@/lib/utils';
import { useRevealedKeysStore } from '@/stores/revealedKeys';

type SourceTab = 'setup' | 'live';

export function SourceDetailPage() {
  return (
    <RequireActiveTenant>
      <SourceLoader />
    </RequireActiveTenant>
  );
}

function BackLink() {
  const { t } = useTranslation();
  return (
    <Link
      to="/cdp/sources"
      className="mb-4 inline-flex items-center gap-1.5 text-sm font-medium text-zinc-500 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
    >
      <ArrowLeft className="size-4 rtl:rotate-180" aria-hidden />
      {t('collection.source.back')}
    </Link>
  );
}

function SourceLoader() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const source = useSource(id);

  if (source.isPending) return <LoadingSpinner block />;
  if (source.isError) {
    const missing = source.error.status === 404 || source.error.status === 422;
    return (
      <>
        <BackLink />
        <Card>
          {missing ? (
            <EmptyState icon={PlugZap} title={t('collection.source.notFound')} description={t('collection.source.notFoundDescription')} />
          ) : (
            <ErrorState title={t('collection.source.loadError')} error={source.error} onRetry={() => void source.refetch()} />
          )}
        </Card>
      </>
    );
  }
  // Keyed by id: another source's page starts over (its own tab, no key carried over).
  return <SourceDetails key={source.data.id} source={source.data} />;
}

/**
 * Takes the key the reveal dialog handed over (if any) and drops it from the store, so it lives only as long as
 * this page. Read in the state initialiser, removed in an effect: StrictMode's double effects cannot lose it.
 */
function useHandedOverKey(sourceId: string): string | null {
  const [key] = useState(() => useRevealedKeysStore.getState().keys[sourceId] ?? null);
  useEffect(() => {
    useRevealedKeysStore.getState().forget(sourceId);
  }, [sourceId]);
  return key;
}

/** How often the header's event count and last-event time refresh while the live tab is open. */
const LIVE_COUNTERS_REFRESH_MS = 5000;

function SourceDetails({ source: loaded }: { source: Source }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const idPrefix = useId();
  const fullKey = useHandedOverKey(loaded.id);
  const [params, setParams] = useSearchParams();
  const tab: SourceTab = params.get('tab') === 'live' ? 'live' : 'setup';
  const selectTab = (next: SourceTab) => setParams(next === 'setup' ? {} : { tab: next }, { replace: true });
  // The live stream starts when its tab is first opened and then keeps running behind the Setup tab, so a
  // developer can copy a snippet, send an event and come back to find it.
  const [liveStarted, setLiveStarted] = useState(tab === 'live');
  if (tab === 'live' && !liveStarted) setLiveStarted(true);
  const refetchInterval = tab === 'live' ? LIVE_COUNTERS_REFRESH_MS : false;
  const source = useSource(loaded.id, { refetchInterval }).data ?? loaded;
  const { hasPermission } = useAuth();

  return (
    <>
      <BackLink />
      <header className="mb-6 flex flex-col gap-3">
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-xl font-semibold tracking-tight text-zinc-900 dark:text-zinc-50">{source.name}</h1>
          <Badge tone="accent">{t(`cdp.sourceTypes.${source.source_type}`)}</Badge>
          <Badge tone={source.is_active ? 'success' : 'neutral'}>{source.is_active ? t('common.active') : t('common.inactive')}</Badge>
        </div>
        <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm text-zinc-500 dark:text-zinc-400">
          <div className="flex gap-1.5">
            <dt>{t('sources.key')}:</dt>
            <dd>
              <code dir="ltr" className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300" data-testid="source-key-prefix">
                {source.key_prefix}…
              </code>
            </dd>
          </div>
          <div className="flex gap-1.5">
            <dt>{t('sources.events')}:</dt>
            <dd className="tabular-nums text-zinc-700 dark:text-zinc-300" data-testid="source-event-count">
              {formatNumber(source.event_count, locale)}
            </dd>
          </div>
          <div className="flex gap-1.5">
            <dt>{t('sources.lastEvent')}:</dt>
            <dd className="text-zinc-700 dark:text-zinc-300">
              {source.last_event_at ? (
                <time dateTime={source.last_event_at} title={formatDate(source.last_event_at, locale)}>
                  {formatRelative(source.last_event_at, locale)}
                </time>
              ) : (
                t('common.never')
              )}
            </dd>
          </div>
        </dl>
      </header>

      <SetAsideRequestsPanel sourceId={source.id} canManage={hasPermission('cdp:admin')} refetchInterval={refetchInterval} />
      <TabList
        idPrefix={idPrefix}
        label={t('collection.source.tabs')}
        value={tab}
        onValueChange={selectTab}
        tabs={[
          { value: 'setup', label: t('collection.source.setup'), icon: BookOpen },
          { value: 'live', label: t('collection.source.live'), icon: Radio },
        ]}
        className="mb-6"
      />
      <TabPanel idPrefix={idPrefix} value="setup" hidden={tab !== 'setup'}>
        <SourceSetup source={source} fullKey={fullKey} />
      </TabPanel>
      <TabPanel idPrefix={idPrefix} value="live" hidden={tab !== 'live'}>
        {liveStarted ? <LiveEventsPanel sourceId={source.id} onOpenSetup={() => selectTab('setup')} /> : null}
      </TabPanel>
    </>
  );
}
