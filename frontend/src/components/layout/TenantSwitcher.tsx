import { Building2 } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useTenants } from '@/api/tenants';
import { Select } from '@/components/ui/input';
import { useAuth } from '@/contexts/AuthContext';
import { useTenantStore } from '@/stores/tenant';

/**
 * Superadmins act in one tenant at a time; the choice is sent as X-Tenant-ID and persisted.
 * Lists the first 100 tenants (the API's page limit), which covers the platform today.
 */
export function TenantSwitcher() {
  const { t } = useTranslation();
  const { selectTenant } = useAuth();
  const selectedTenantId = useTenantStore((state) => state.selectedTenantId);
  const tenants = useTenants({ page: 1, page_size: 100 });
  const items = tenants.data?.items ?? [];

  return (
    <div className="flex items-center gap-2">
      <Building2 className="size-4 text-zinc-400" aria-hidden />
      <Select
        aria-label={t('topbar.tenant')}
        data-testid="tenant-switcher"
        className="h-8 w-48 text-sm"
        value={selectedTenantId ?? ''}
        disabled={tenants.isPending}
        onChange={(event) => void selectTenant(event.target.value || null)}
      >
        <option value="">{t('topbar.chooseTenant')}</option>
        {items.map((tenant) => (
          <option key={tenant.id} value={tenant.id}>
            {tenant.name}
          </option>
        ))}
      </Select>
    </div>
  );
}
