import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Envelope,
  FeatureFlagsPatch,
  Paginated,
  Tenant,
  TenantCreate,
  TenantUpdate,
} from '@stratum/contracts';
import { apiClient, cleanParams, unwrap } from './client';
import { authKeys } from './auth';

export interface TenantListQuery {
  q?: string;
  page?: number;
  page_size?: number;
}

export const tenantKeys = {
  all: ['tenants'] as const,
  lists: () => [...tenantKeys.all, 'list'] as const,
  list: (query: TenantListQuery) => [...tenantKeys.lists(), query] as const,
  detail: (id: string) => [...tenantKeys.all, 'detail', id] as const,
};

export function fetchTenants(query: TenantListQuery): Promise<Paginated<Tenant>> {
  return unwrap(apiClient.get<Envelope<Paginated<Tenant>>>('/tenants', { params: cleanParams(query) }));
}

export function useTenants(query: TenantListQuery, enabled = true) {
  return useQuery({
    queryKey: tenantKeys.list(query),
    queryFn: () => fetchTenants(query),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Tenant changes can alter the active tenant (name, flags) shown from /auth/me, so both are refreshed. */
function useInvalidateTenants() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: tenantKeys.all }),
      queryClient.invalidateQueries({ queryKey: authKeys.me() }),
    ]);
}

export function useCreateTenant() {
  const invalidate = useInvalidateTenants();
  return useMutation({
    mutationFn: (body: TenantCreate) => unwrap(apiClient.post<Envelope<Tenant>>('/tenants', body)),
    onSuccess: invalidate,
  });
}

export function useUpdateTenant() {
  const invalidate = useInvalidateTenants();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: TenantUpdate }) =>
      unwrap(apiClient.patch<Envelope<Tenant>>(`/tenants/${id}`, changes)),
    onSuccess: invalidate,
  });
}

/** `{ flag: true|false }` sets a flag, `{ flag: null }` removes it. */
export function useUpdateFeatureFlags() {
  const invalidate = useInvalidateTenants();
  return useMutation({
    mutationFn: ({ id, flags }: { id: string; flags: FeatureFlagsPatch }) =>
      unwrap(apiClient.patch<Envelope<Tenant>>(`/tenants/${id}/feature-flags`, flags)),
    onSuccess: invalidate,
  });
}
