import { useState } from 'react';
import { Building2, Plus } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { Tenant } from '@stratum/contracts';
import { useTenants, useUpdateTenant } from '@/api/tenants';
import { ConfirmDialog } from '@/components/common/ConfirmDialog';
import { EmptyState } from '@/components/common/EmptyState';
import { ErrorState } from '@/components/common/ErrorState';
import { LoadingSpinner } from '@/components/common/LoadingSpinner';
import { PageHeader } from '@/components/common/PageHeader';
import { Pagination } from '@/components/common/Pagination';
import { SearchField } from '@/components/common/SearchField';
import { CreateTenantDialog } from '@/components/tenants/CreateTenantDialog';
import { FeatureFlagEditor } from '@/components/tenants/FeatureFlagEditor';
import { TenantsTable } from '@/components/tenants/TenantsTable';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Dialog } from '@/components/ui/dialog';
import { useDebouncedValue } from '@/hooks/useDebouncedValue';
import { useToast } from '@/hooks/useToast';

const PAGE_SIZE = 20;

export function TenantsPage() {
  const { t } = useTranslation();
  const toast = useToast();
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [flagsOf, setFlagsOf] = useState<Tenant | null>(null);
  const [deactivating, setDeactivating] = useState<Tenant | null>(null);
  const q = useDebouncedValue(search.trim());
  const tenants = useTenants({ q: q || undefined, page, page_size: PAGE_SIZE });
  const updateTenant = useUpdateTenant();

  const setActive = (tenant: Tenant, isActive: boolean) =>
    updateTenant.mutate(
      { id: tenant.id, changes: { is_active: isActive } },
      {
        onSuccess: () => {
          toast.success(isActive ? t('tenants.activated') : t('tenants.deactivated'));
          setDeactivating(null);
        },
        onError: (error) => toast.apiError(error),
      },
    );

  return (
    <>
      <PageHeader
        title={t('tenants.title')}
        description={t('tenants.subtitle')}
        actions={
          <Button onClick={() => setCreating(true)} data-testid="add-tenant">
            <Plus aria-hidden />
            {t('tenants.add')}
          </Button>
        }
      />
      <Card>
        <div className="border-b border-zinc-100 p-4 dark:border-zinc-800">
          <SearchField
            className="max-w-sm"
            aria-label={t('tenants.search')}
            placeholder={t('tenants.searchPlaceholder')}
            value={search}
            onChange={(event) => {
              setSearch(event.target.value);
              setPage(1);
            }}
          />
        </div>
        {tenants.isPending ? (
          <LoadingSpinner block />
        ) : tenants.isError ? (
          <ErrorState title={t('tenants.loadError')} error={tenants.error} onRetry={() => void tenants.refetch()} />
        ) : tenants.data.items.length === 0 ? (
          <EmptyState icon={Building2} title={t('tenants.empty')} description={t('tenants.emptyDescription')} />
        ) : (
          <>
            <TenantsTable
              tenants={tenants.data.items}
              onEditFlags={setFlagsOf}
              onToggleActive={(tenant) => (tenant.is_active ? setDeactivating(tenant) : setActive(tenant, true))}
            />
            <Pagination page={page} pageSize={PAGE_SIZE} total={tenants.data.total} onPageChange={setPage} />
          </>
        )}
      </Card>

      <CreateTenantDialog open={creating} onOpenChange={setCreating} />
      <Dialog
        open={flagsOf !== null}
        onOpenChange={(open) => {
          if (!open) setFlagsOf(null);
        }}
        title={flagsOf ? t('tenants.manageFlagsFor', { name: flagsOf.name }) : ''}
        description={t('tenants.flagsDescription')}
      >
        {flagsOf ? <FeatureFlagEditor key={flagsOf.id} tenant={flagsOf} /> : null}
      </Dialog>
      <ConfirmDialog
        open={deactivating !== null}
        onOpenChange={(open) => {
          if (!open) setDeactivating(null);
        }}
        title={t('tenants.deactivateTitle', { name: deactivating?.name ?? '' })}
        description={t('tenants.deactivateDescription')}
        confirmLabel={t('tenants.deactivate')}
        pending={updateTenant.isPending}
        onConfirm={() => {
          if (deactivating) setActive(deactivating, false);
        }}
      />
    </>
  );
}
