import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ConsentUpdate,
  CountedAheadPaginated,
  Envelope,
  IdentityConflict,
  IdentityGraph,
  LifecycleStage,
  MergeRecord,
  Paginated,
  Profile,
  ProfileIdentifier,
  ProfileSummary,
  StoredEvent,
  consentsViewSchema,
  erasureResultSchema,
  profileExportSchema,
} from '@stratum/contracts';
import { PROFILE_IDENTIFIERS_SHOWN } from '@stratum/contracts';
import { apiClient, cleanParams, unwrap } from './client';
import { eventKeys } from './cdpEvents';

export type ConsentsView = z.infer<typeof consentsViewSchema>;
export type ConsentHistoryEntry = ConsentsView['history'][number];
export type ErasureResult = z.infer<typeof erasureResultSchema>;
export type ProfileExport = z.infer<typeof profileExportSchema>;

/** Query of GET /cdp/profiles: `q` matches an identifier exactly, or the external id or a trait by substring. */
export interface ProfileListQuery {
  q?: string;
  lifecycle_stage?: LifecycleStage;
  page?: number;
  page_size?: number;
}

export interface TimelineQuery {
  page: number;
  page_size: number;
}

/** Everything about one profile sits under `detail(id)`, so one invalidation refreshes the whole page. */
export const profileKeys = {
  all: ['cdp-profiles'] as const,
  lists: () => [...profileKeys.all, 'list'] as const,
  list: (query: ProfileListQuery) => [...profileKeys.lists(), query] as const,
  detail: (id: string) => [...profileKeys.all, 'detail', id] as const,
  events: (id: string, query: TimelineQuery) => [...profileKeys.detail(id), 'events', query] as const,
  identityGraph: (id: string) => [...profileKeys.detail(id), 'identity-graph'] as const,
  identifiers: (id: string) => [...profileKeys.detail(id), 'identifiers'] as const,
  merges: (id: string) => [...profileKeys.detail(id), 'merge-history'] as const,
  conflicts: (id: string) => [...profileKeys.detail(id), 'conflicts'] as const,
  consents: (id: string) => [...profileKeys.detail(id), 'consents'] as const,
};

/** Searched with a POST: the terms are often an email or a phone number, which must stay out of URLs. */
export function fetchProfiles(query: ProfileListQuery): Promise<CountedAheadPaginated<ProfileSummary>> {
  return unwrap(apiClient.post<Envelope<CountedAheadPaginated<ProfileSummary>>>('/cdp/profiles/search', cleanParams(query)));
}

export function useProfiles(query: ProfileListQuery) {
  return useQuery({
    queryKey: profileKeys.list(query),
    queryFn: () => fetchProfiles(query),
    placeholderData: keepPreviousData,
  });
}

export function useProfile(id: string) {
  return useQuery({
    queryKey: profileKeys.detail(id),
    queryFn: () => unwrap(apiClient.get<Envelope<Profile>>(`/cdp/profiles/${id}`)),
  });
}

/** A profile's events, newest first. */
export function useProfileEvents(id: string, query: TimelineQuery) {
  return useQuery({
    queryKey: profileKeys.events(id, query),
    queryFn: () => unwrap(apiClient.get<Envelope<CountedAheadPaginated<StoredEvent>>>(`/cdp/profiles/${id}/events`, { params: query })),
    placeholderData: keepPreviousData,
  });
}

export function useIdentityGraph(id: string) {
  return useQuery({
    queryKey: profileKeys.identityGraph(id),
    queryFn: () => unwrap(apiClient.get<Envelope<IdentityGraph>>(`/cdp/profiles/${id}/identity-graph`)),
  });
}

/**
 * A profile's identifiers beyond the first PROFILE_IDENTIFIERS_SHOWN its read carries, a page of as many at a time
 * (page 2 on, in the same order); nothing is fetched until `enabled` (the user asked for more).
 */
export function useMoreIdentifiers(id: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: profileKeys.identifiers(id),
    queryFn: ({ pageParam }) =>
      unwrap(
        apiClient.get<Envelope<Paginated<ProfileIdentifier>>>(`/cdp/profiles/${id}/identifiers`, {
          params: { page: pageParam, page_size: PROFILE_IDENTIFIERS_SHOWN },
        }),
      ),
    initialPageParam: 2,
    getNextPageParam: (last) => (last.page * last.page_size < last.total ? last.page + 1 : undefined),
    enabled,
  });
}

export function useMergeHistory(id: string) {
  return useQuery({
    queryKey: profileKeys.merges(id),
    queryFn: () => unwrap(apiClient.get<Envelope<MergeRecord[]>>(`/cdp/profiles/${id}/merge-history`)),
  });
}

export function useIdentityConflicts(id: string) {
  return useQuery({
    queryKey: profileKeys.conflicts(id),
    queryFn: () => unwrap(apiClient.get<Envelope<IdentityConflict[]>>(`/cdp/profiles/${id}/conflicts`)),
  });
}

export function useProfileConsents(id: string) {
  return useQuery({
    queryKey: profileKeys.consents(id),
    queryFn: () => unwrap(apiClient.get<Envelope<ConsentsView>>(`/cdp/profiles/${id}/consents`)),
  });
}

/** Records one consent decision; the answer is the new consent view, so it replaces the cached one at once. */
export function useSetConsent(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ConsentUpdate) => unwrap(apiClient.put<Envelope<ConsentsView>>(`/cdp/profiles/${id}/consents`, body)),
    onSuccess: (view) => {
      queryClient.setQueryData(profileKeys.consents(id), view);
      return queryClient.invalidateQueries({ queryKey: profileKeys.detail(id) });
    },
  });
}

/** Undoing a merge changes two profiles, their events and the lists: everything CDP-side is refetched. */
export function useUndoMerge() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (mergeId: string) => unwrap(apiClient.post<Envelope<MergeRecord>>(`/cdp/merges/${mergeId}/undo`)),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: profileKeys.all }),
        queryClient.invalidateQueries({ queryKey: eventKeys.all }),
      ]),
  });
}

/**
 * Erasure (right to be forgotten). The profile's own queries are dropped rather than refetched: they would
 * only answer 404 now.
 */
export function useEraseProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(apiClient.delete<Envelope<ErasureResult>>(`/cdp/profiles/${id}`)),
    onSuccess: (_result, id) => {
      dropOnceUnused(queryClient, profileKeys.detail(id));
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: profileKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: eventKeys.all }),
      ]);
    },
  });
}

/**
 * Drops the cached queries under `queryKey` as soon as nothing shows them: those of a page still on screen (the
 * erased profile's, until the page navigates away) would otherwise fetch the profile again, and answer 404s.
 */
function dropOnceUnused(queryClient: QueryClient, queryKey: QueryKey): void {
  const cache = queryClient.getQueryCache();
  const drop = () => queryClient.removeQueries({ queryKey, type: 'inactive' });
  drop();
  if (cache.findAll({ queryKey }).length === 0) return;
  const unsubscribe = cache.subscribe((event) => {
    if (event.type !== 'observerRemoved') return;
    drop();
    if (cache.findAll({ queryKey }).length === 0) unsubscribe();
  });
}

/** The subject-access document: everything held about the profile, as one JSON object. */
export function useExportProfile() {
  return useMutation({
    mutationFn: (id: string) => unwrap(apiClient.get<Envelope<ProfileExport>>(`/cdp/profiles/${id}/export`)),
  });
}
