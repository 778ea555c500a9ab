import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { Me } from '@stratum/contracts';

export type ActiveTenant = NonNullable<Me['active_tenant']>;

/**
 * Which tenant the console acts in.
 * `selectedTenantId` is a superadmin's choice from the tenant switcher; it is sent as X-Tenant-ID and persisted.
 * `activeTenant` mirrors `active_tenant` of /auth/me (with its feature flags) so any component can read the flags
 * without another request. Tenant users never set `selectedTenantId`: the backend takes their tenant from the token.
 */
interface TenantState {
  selectedTenantId: string | null;
  activeTenant: ActiveTenant | null;
  selectTenant: (tenantId: string | null) => void;
  setActiveTenant: (tenant: ActiveTenant | null) => void;
  reset: () => void;
}

export const TENANT_STORAGE_KEY = 'stratum.tenant';

export const useTenantStore = create<TenantState>()(
  persist(
    (set) => ({
      selectedTenantId: null,
      activeTenant: null,
      selectTenant: (selectedTenantId) => set({ selectedTenantId }),
      setActiveTenant: (activeTenant) => set({ activeTenant }),
      reset: () => set({ selectedTenantId: null, activeTenant: null }),
    }),
    {
      name: TENANT_STORAGE_KEY,
      storage: createJSONStorage(() => localStorage),
      partialize: ({ selectedTenantId }) => ({ selectedTenantId }),
    },
  ),
);

