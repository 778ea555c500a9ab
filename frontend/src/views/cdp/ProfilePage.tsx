import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { Activity, ArrowLeft, Download, Eraser, GitMerge, MousePointerClick, ShoppingBag, UserRoundX, Wallet } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { Profile } from '@stratum/contracts';
import { useEraseProfile, useExportProfile, useIdentityGraph, useProfile, useProfileEvents } from '@/api/cdpProfiles';
import { ConsentPanel } from '@/components/cdp/ConsentPanel';
import { EmqChart } from '@/components/cdp/EmqChart';
import { EraseProfileDialog } from '@/components/cdp/EraseProfileDialog';
import { EventTimeline } from '@/components/cdp/EventTimeline';
import { ProfileIdentifiers } from '@/components/cdp/ProfileIdentifiers';
import { IdentityGraph } from '@/components/cdp/IdentityGraph';
import { IdentityConflicts } from '@/components/cdp/IdentityConflicts';
import { MergeHistory } from '@/components/cdp/MergeHistory';
import { RevealToggle } from '@/components/cdp/RevealToggle';
import { SectionCard } from '@/components/cdp/SectionCard';
import { TraitsTable } from '@/components/cdp/TraitsTable';
import { LifecycleBadge } from '@/components/cdp/badges';
import { identifierStyle } from '@/components/cdp/identifierStyle';
import { ConfirmDialog } from '@/components/common/ConfirmDialog';
import { EmptyState } from '@/components/common/EmptyState';
import { ErrorState } from '@/components/common/ErrorState';
import { LoadingSpinner } from '@/components/common/LoadingSpinner';
import { RequireActiveTenant } from '@/components/layout/RouteGuards';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { KPIWidget } from '@/components/widgets/KPIWidget';
import { useAuth } from '@/contexts/AuthContext';
import { useIdentifierTypeLabel } from '@/hooks/useCdpLabels';
import { useLocale } from '@/hooks/useLocale';
import { useToast } from '@/hooks/useToast';
import { useIdentityText } from '@/i18n/identityText';
import { usePrivacyText } from '@/i18n/privacyText';
import { downloadJson, shownIdentifier, tenantCurrency } from '@/lib/cdp';
import { formatCurrency, formatDate, formatNumber } from '@/lib/utils';

/** How many recent events the EMQ chart shows. */
const EMQ_WINDOW = 20;

export function ProfilePage() {
  return (
    <RequireActiveTenant>
      <ProfileLoader />
    </RequireActiveTenant>
  );
}

function BackLink() {
  const { t } = useTranslation();
  return (
    <Link
      to="/cdp/profiles"
      className="mb-4 inline-flex items-center gap-1.5 text-sm font-medium text-zinc-500 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
    >
      <ArrowLeft className="size-4 rtl:rotate-180" aria-hidden />
      {t('profile.back')}
    </Link>
  );
}

function ProfileLoader() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const profile = useProfile(id);
  // A merged-away profile's address answers with its survivor: show the survivor under its own address.
  const landed = profile.data?.id;
  useEffect(() => {
    if (landed && landed !== id) navigate(`/cdp/profiles/${landed}`, { replace: true, state: { mergedFrom: id } });
  }, [landed, id, navigate]);

  if (profile.isPending) return <LoadingSpinner block />;
  if (profile.isError) {
    // An erased, foreign or malformed id: the API answers 404 (422 for a malformed one).
    const missing = profile.error.status === 404 || profile.error.status === 422;
    return (
      <>
        <BackLink />
        <Card>
          {missing ? (
            <EmptyState icon={UserRoundX} title={t('profile.notFound')} description={t('profile.notFoundDescription')} />
          ) : (
            <ErrorState title={t('profile.loadError')} error={profile.error} onRetry={() => void profile.refetch()} />
          )}
        </Card>
      </>
    );
  }
  return <ProfileDetails profile={profile.data} />;
}

function ProfileDetails({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const toast = useToast();
  const navigate = useNavigate();
  const mergedFrom = (useLocation().state as { mergedFrom?: string } | null)?.mergedFrom;
  const typeLabel = useIdentifierTypeLabel();
  const { hasPermission, activeTenant } = useAuth();
  const [revealed, setRevealed] = useState(false);
  const [erasing, setErasing] = useState(false);
  const [confirmingExport, setConfirmingExport] = useState(false);
  const privacyText = usePrivacyText();
  const exportProfile = useExportProfile();
  const eraseProfile = useEraseProfile();
  const currency = tenantCurrency(activeTenant?.settings);
  // The API sent clear values iff the caller may read PII; the identifiers say so themselves.
  const clear = profile.identifiers.length > 0 ? profile.identifiers.some((i) => !i.masked) : hasPermission('cdp:pii:read');
  const show = (type: string, value: string) => shownIdentifier(type, value, { clear, revealed });
  const canonical = profile.canonical_identity;
  const canonicalId = canonical ? (profile.identifiers.find((i) => i.type === canonical.type && i.value === canonical.value)?.id ?? null) : null;
  const AvatarIcon = identifierStyle(canonical?.type ?? 'anonymous_id').icon;

  const downloadExport = () =>
    exportProfile.mutate(profile.id, {
      onSuccess: (document) => {
        const file = `profile-${profile.id}.json`;
        downloadJson(file, document);
        setConfirmingExport(false);
        toast.success(t('profile.exported', { file }));
      },
      onError: (error) => toast.apiError(error),
    });

  const erase = () =>
    eraseProfile.mutate(profile.id, {
      onSuccess: (result) => {
        toast.success(
          t('profile.erased'),
          t('profile.erasedDetail', { events: formatNumber(result.events, locale), suppressed: formatNumber(result.suppressed, locale) }),
        );
        navigate('/cdp/profiles', { replace: true });
      },
      onError: (error) => toast.apiError(error),
    });

  return (
    <>
      <BackLink />
      {mergedFrom ? (
        <p
          role="status"
          className="mb-4 flex items-center gap-2 rounded-lg border border-indigo-200 bg-indigo-50 px-3 py-2 text-sm text-indigo-900 dark:border-indigo-900 dark:bg-indigo-950 dark:text-indigo-100"
          data-testid="merged-notice"
        >
          <GitMerge className="size-4 shrink-0" aria-hidden />
          {t('profile.mergedNotice')}
        </p>
      ) : null}
      <header className="mb-6 flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="flex min-w-0 items-start gap-4">
          <span className="flex size-12 shrink-0 items-center justify-center rounded-full bg-indigo-600 text-white shadow-sm">
            <AvatarIcon className="size-5" aria-hidden />
          </span>
          <div className="min-w-0">
            <div className="flex flex-wrap items-center gap-2">
              <h1 className="truncate text-xl font-semibold tracking-tight text-zinc-900 dark:text-zinc-50" data-testid="profile-identity">
                {canonical ? <span dir="ltr">{show(canonical.type, canonical.value)}</span> : t('cdp.anonymousVisitor')}
              </h1>
              <LifecycleBadge stage={profile.lifecycle_stage} />
            </div>
            <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
              {canonical ? `${typeLabel(canonical.type)} · ` : null}
              {t('profile.firstSeen', { date: formatDate(profile.first_seen_at, locale, { dateStyle: 'medium' }) })}
              {' · '}
              {t('profile.lastSeen', { date: formatDate(profile.last_seen_at, locale) })}
            </p>
            <p className="mt-1 text-xs text-zinc-400 dark:text-zinc-500">
              {t('profile.profileId')}{' '}
              <code dir="ltr" className="font-mono">
                {profile.id}
              </code>
            </p>
          </div>
        </div>
        <div className="flex shrink-0 items-center gap-2">
          <Button variant="secondary" onClick={() => setConfirmingExport(true)} disabled={exportProfile.isPending} data-testid="export-profile">
            <Download aria-hidden />
            {exportProfile.isPending ? t('profile.exporting') : t('profile.export')}
          </Button>
          {hasPermission('cdp:admin') ? (
            <Button variant="danger" onClick={() => setErasing(true)} data-testid="erase-profile">
              <Eraser aria-hidden />
              {t('profile.erase')}
            </Button>
          ) : null}
        </div>
      </header>

      <section className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4" aria-label={t('profile.counters')}>
        <KPIWidget title={t('profile.events')} value={profile.total_events} icon={Activity} data-testid="kpi-events" />
        <KPIWidget title={t('profile.sessions')} value={profile.total_sessions} icon={MousePointerClick} data-testid="kpi-sessions" />
        <KPIWidget title={t('profile.purchases')} value={profile.total_purchases} icon={ShoppingBag} data-testid="kpi-purchases" />
        <KPIWidget
          title={t('profile.revenue')}
          value={formatCurrency(profile.total_revenue, currency, locale)}
          icon={Wallet}
          data-testid="kpi-revenue"
        />
      </section>

      {/* Columns that may shrink below their content (the graph scrolls inside its card): on a phone the page's
          width, not the graph's. */}
      <div className="mt-6 grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6">
          <SectionCard
            title={
              <>
                {t('profile.identifiers')}
                <Badge tone="neutral" className="tabular-nums" data-testid="identifier-count">
                  {formatNumber(profile.identifiers_total, locale)}
                </Badge>
              </>
            }
            description={clear ? undefined : t('cdp.maskedNotice')}
            actions={clear ? <RevealToggle revealed={revealed} onChange={setRevealed} /> : null}
            data-testid="identifiers-card"
          >
            <ProfileIdentifiers profile={profile} revealed={revealed} canonicalId={canonicalId} />
          </SectionCard>
          <SectionCard title={t('profile.traits')} data-testid="traits-card">
            <TraitsTable traits={profile.traits} />
          </SectionCard>
          <SectionCard title={t('profile.consent')} description={t('profile.consentDescription')} data-testid="consent-card">
            <ConsentPanel profileId={profile.id} canWrite={hasPermission('cdp:write')} />
          </SectionCard>
        </div>
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <SectionCard title={t('profile.graph')} description={t('profile.graphDescription')} data-testid="graph-card">
            <ProfileIdentityGraph profileId={profile.id} show={show} canonicalId={canonicalId} />
          </SectionCard>
          <SectionCard
            title={t('profile.emq')}
            description={t('profile.emqDescription', { total: formatNumber(EMQ_WINDOW, locale) })}
            data-testid="emq-card"
          >
            <RecentEmq profileId={profile.id} />
          </SectionCard>
          <SectionCard title={t('profile.timeline')} description={t('profile.timelineDescription')} contentClassName="p-0" data-testid="timeline-card">
            <EventTimeline profileId={profile.id} />
          </SectionCard>
          <SectionCard title={t('profile.merges')} description={t('profile.mergesDescription')} data-testid="merges-card">
            <MergeHistory profileId={profile.id} canUndo={hasPermission('cdp:admin')} />
          </SectionCard>
          <IdentityConflicts profileId={profile.id} canChangeLimits={hasPermission('cdp:admin')} />
        </div>
      </div>

      <ConfirmDialog
        open={confirmingExport}
        onOpenChange={setConfirmingExport}
        title={privacyText('exportConfirm.title')}
        description={privacyText('exportConfirm.description')}
        confirmLabel={privacyText('exportConfirm.button')}
        pendingLabel={t('profile.exporting')}
        pending={exportProfile.isPending}
        confirmVariant="primary"
        onConfirm={downloadExport}
      />
      <EraseProfileDialog open={erasing} onOpenChange={setErasing} onConfirm={erase} pending={eraseProfile.isPending} />
    </>
  );
}

interface ProfileIdentityGraphProps {
  profileId: string;
  show: (type: string, value: string) => string;
  canonicalId: string | null;
}

function ProfileIdentityGraph({ profileId, show, canonicalId }: ProfileIdentityGraphProps) {
  const { t } = useTranslation();
  const identityText = useIdentityText();
  const locale = useLocale();
  const graph = useIdentityGraph(profileId);
  if (graph.isPending) return <LoadingSpinner block />;
  if (graph.isError) return <ErrorState title={t('profile.graphLoadError')} error={graph.error} onRetry={() => void graph.refetch()} />;
  if (graph.data.nodes.length === 0) return <p className="text-sm text-zinc-500 dark:text-zinc-400">{t('profile.graphEmpty')}</p>;
  return (
    <>
      <IdentityGraph graph={graph.data} canonicalId={canonicalId} displayValue={(node) => show(node.type, node.value)} />
      {graph.data.total_nodes > graph.data.nodes.length ? (
        <p className="mt-3 text-center text-xs text-zinc-500 dark:text-zinc-400" data-testid="graph-partial">
          {identityText('graph.shown', {
            shown: formatNumber(graph.data.nodes.length, locale),
            total: formatNumber(graph.data.total_nodes, locale),
          })}
        </p>
      ) : null}
    </>
  );
}

function RecentEmq({ profileId }: { profileId: string }) {
  const { t } = useTranslation();
  const events = useProfileEvents(profileId, { page: 1, page_size: EMQ_WINDOW });
  if (events.isPending) return <LoadingSpinner block />;
  if (events.isError) return <ErrorState title={t('profile.emqLoadError')} error={events.error} onRetry={() => void events.refetch()} />;
  if (events.data.items.length === 0) return <p className="text-sm text-zinc-500 dark:text-zinc-400">{t('profile.noEvents')}</p>;
  return <EmqChart events={events.data.items} />;
}
