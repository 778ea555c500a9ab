import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Envelope, Source, SourceCreate, SourceUpdate, SourceWithKey, setAsideRequestListSchema, sourceListSchema } from '@stratum/contracts';
import { apiClient, unwrap } from './client';

export type SourceList = z.infer<typeof sourceListSchema>;

export const sourceKeys = {
  all: ['cdp-sources'] as const,
  list: () => [...sourceKeys.all, 'list'] as const,
  detail: (id: string) => [...sourceKeys.all, 'detail', id] as const,
};

export function fetchSources(): Promise<SourceList> {
  return unwrap(apiClient.get<Envelope<SourceList>>('/cdp/sources'));
}

export function useSources() {
  return useQuery({ queryKey: sourceKeys.list(), queryFn: fetchSources });
}

/** One source; `refetchInterval` keeps its counters current while events are watched arriving. */
export function useSource(id: string, { refetchInterval }: { refetchInterval?: number | false } = {}) {
  return useQuery({
    queryKey: sourceKeys.detail(id),
    queryFn: () => unwrap(apiClient.get<Envelope<Source>>(`/cdp/sources/${id}`)),
    refetchInterval,
  });
}

function useInvalidateSources() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: sourceKeys.all });
}

/** Answers with the source and its key: the only time (with rotation) the key is ever visible. */
export function useCreateSource() {
  const invalidate = useInvalidateSources();
  return useMutation({
    mutationFn: (body: SourceCreate) => unwrap(apiClient.post<Envelope<SourceWithKey>>('/cdp/sources', body)),
    onSuccess: invalidate,
  });
}

export function useUpdateSource() {
  const invalidate = useInvalidateSources();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: SourceUpdate }) =>
      unwrap(apiClient.patch<Envelope<Source>>(`/cdp/sources/${id}`, changes)),
    onSuccess: invalidate,
  });
}

export function useDeleteSource() {
  const invalidate = useInvalidateSources();
  return useMutation({
    mutationFn: (id: string) => unwrap(apiClient.delete<Envelope<null>>(`/cdp/sources/${id}`)),
    onSuccess: invalidate,
  });
}

/** The old key stops working at once; the answer carries the new one, shown once. */
export function useRotateSourceKey() {
  const invalidate = useInvalidateSources();
  return useMutation({
    mutationFn: (id: string) => unwrap(apiClient.post<Envelope<SourceWithKey>>(`/cdp/sources/${id}/rotate-key`)),
    onSuccess: invalidate,
  });
}

export type SetAsideRequestList = z.infer<typeof setAsideRequestListSchema>;

/** The source's requests the database refused, kept aside (see the collection queue); refreshed with the live view. */
export function useSetAsideRequests(sourceId: string, { refetchInterval }: { refetchInterval?: number | false } = {}) {
  return useQuery({
    queryKey: [...sourceKeys.detail(sourceId), 'set-aside'],
    queryFn: () => unwrap(apiClient.get<Envelope<SetAsideRequestList>>(`/cdp/sources/${sourceId}/set-aside`)),
    refetchInterval,
  });
}

export function useRetrySetAside(sourceId: string) {
  const invalidate = useInvalidateSources();
  return useMutation({
    mutationFn: (requestId: string) => unwrap(apiClient.post<Envelope<null>>(`/cdp/sources/${sourceId}/set-aside/${requestId}/retry`)),
    onSuccess: invalidate,
  });
}

export function useDiscardSetAside(sourceId: string) {
  const invalidate = useInvalidateSources();
  return useMutation({
    mutationFn: (requestId: string) => unwrap(apiClient.delete<Envelope<null>>(`/cdp/sources/${sourceId}/set-aside/${requestId}`)),
    onSuccess: invalidate,
  });
}
