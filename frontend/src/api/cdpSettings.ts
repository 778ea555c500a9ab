import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CdpSettingsView, Envelope } from '@stratum/contracts';
import { apiClient, unwrap } from './client';
import { authKeys } from './auth';

export const cdpSettingsKeys = { all: ['cdp-settings'] as const };

export function useCdpSettings() {
  return useQuery({ queryKey: cdpSettingsKeys.all, queryFn: () => unwrap(apiClient.get<Envelope<CdpSettingsView>>('/cdp/settings')) });
}

/** Saving refreshes the signed-in user too: the console shows amounts in the tenant currency it carries. */
export function useSaveCdpSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (settings: CdpSettingsView) => unwrap(apiClient.put<Envelope<CdpSettingsView>>('/cdp/settings', settings)),
    onSuccess: (saved) => {
      queryClient.setQueryData(cdpSettingsKeys.all, saved);
      return queryClient.invalidateQueries({ queryKey: authKeys.me() });
    },
  });
}
