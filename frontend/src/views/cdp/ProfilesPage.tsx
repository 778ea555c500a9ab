import { useState } from 'react';
import { Search, UsersRound } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { LIFECYCLE_STAGES, type LifecycleStage } from '@stratum/contracts';
import { useProfiles } from '@/api/cdpProfiles';
import { ProfilesTable } from '@/components/cdp/ProfilesTable';
import { RevealToggle } from '@/components/cdp/RevealToggle';
import { EmptyState } from '@/components/common/EmptyState';
import { ErrorState } from '@/components/common/ErrorState';
import { LoadingSpinner } from '@/components/common/LoadingSpinner';
import { PageHeader } from '@/components/common/PageHeader';
import { Pagination } from '@/components/common/Pagination';
import { SearchField } from '@/components/common/SearchField';
import { RequireActiveTenant } from '@/components/layout/RouteGuards';
import { Card } from '@/components/ui/card';
import { Select } from '@/components/ui/input';
import { useAuth } from '@/contexts/AuthContext';
import { useDebouncedValue } from '@/hooks/useDebouncedValue';
import { tenantCurrency } from '@/lib/cdp';

const PAGE_SIZE = 25;

export function ProfilesPage() {
  return (
    <RequireActiveTenant>
      <ProfilesDirectory />
    </RequireActiveTenant>
  );
}

function ProfilesDirectory() {
  const { t } = useTranslation();
  const { hasPermission, activeTenant } = useAuth();
  const [search, setSearch] = useState('');
  const [stage, setStage] = useState<LifecycleStage | ''>('');
  const [page, setPage] = useState(1);
  const [revealed, setRevealed] = useState(false);
  const q = useDebouncedValue(search.trim());
  const profiles = useProfiles({ q: q || undefined, lifecycle_stage: stage || undefined, page, page_size: PAGE_SIZE });
  // PII readers get clear identities from the API; they stay masked on screen until revealed.
  const clear = hasPermission('cdp:pii:read');
  const filtered = q !== '' || stage !== '';

  return (
    <>
      <PageHeader title={t('profiles.title')} description={t('profiles.subtitle')} />
      <Card>
        <div className="flex flex-col gap-3 border-b border-zinc-100 p-4 sm:flex-row sm:items-center dark:border-zinc-800">
          <SearchField
            className="flex-1"
            aria-label={t('profiles.search')}
            placeholder={t('profiles.searchPlaceholder')}
            value={search}
            onChange={(event) => {
              setSearch(event.target.value);
              setPage(1);
            }}
            data-testid="profile-search"
          />
          <Select
            aria-label={t('profiles.lifecycleFilter')}
            className="sm:w-48"
            value={stage}
            onChange={(event) => {
              setStage(event.target.value as LifecycleStage | '');
              setPage(1);
            }}
          >
            <option value="">{t('profiles.allStages')}</option>
            {LIFECYCLE_STAGES.map((value) => (
              <option key={value} value={value}>
                {t(`cdp.lifecycle.${value}`)}
              </option>
            ))}
          </Select>
          {clear ? <RevealToggle revealed={revealed} onChange={setRevealed} /> : null}
        </div>
        {profiles.isPending ? (
          <LoadingSpinner block />
        ) : profiles.isError ? (
          <ErrorState title={t('profiles.loadError')} error={profiles.error} onRetry={() => void profiles.refetch()} />
        ) : profiles.data.items.length === 0 ? (
          filtered ? (
            <EmptyState icon={Search} title={t('profiles.emptyFiltered')} description={t('profiles.emptyFilteredDescription')} />
          ) : (
            <EmptyState icon={UsersRound} title={t('profiles.empty')} description={t('profiles.emptyDescription')} />
          )
        ) : (
          <>
            <ProfilesTable
              profiles={profiles.data.items}
              currency={tenantCurrency(activeTenant?.settings)}
              clear={clear}
              revealed={revealed}
            />
            <Pagination page={page} pageSize={PAGE_SIZE} total={profiles.data.total} totalCapped={profiles.data.total_capped} onPageChange={setPage} />
          </>
        )}
      </Card>
    </>
  );
}
