import { useQuery } from '@tanstack/react-query';
import type { Envelope, TenantOverview } from '@stratum/contracts';
import { apiClient, unwrap } from './client';

export const overviewKeys = {
  all: ['overview'] as const,
  tenant: (tenantId: string) => [...overviewKeys.all, tenantId] as const,
};

export function fetchOverview(): Promise<TenantOverview> {
  return unwrap(apiClient.get<Envelope<TenantOverview>>('/overview'));
}

/** Only runs once a tenant is active: a superadmin without one would get a 4xx. */
export function useOverview(tenantId: string | null) {
  return useQuery({
    queryKey: overviewKeys.tenant(tenantId ?? 'none'),
    queryFn: fetchOverview,
    enabled: tenantId !== null,
  });
}
