import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { CountedAheadPaginated, Envelope, StoredEvent } from '@stratum/contracts';
import { apiClient, cleanParams, unwrap } from './client';

/** Query of GET /cdp/events (contracts `eventListQuerySchema`); `event_name` matches exactly. */
export interface EventListQuery {
  event_name?: string;
  source_id?: string;
  profile_id?: string;
  from?: string;
  to?: string;
  page?: number;
  page_size?: number;
}

export const eventKeys = {
  all: ['cdp-events'] as const,
  lists: () => [...eventKeys.all, 'list'] as const,
  list: (query: EventListQuery) => [...eventKeys.lists(), query] as const,
};

export function fetchEvents(query: EventListQuery): Promise<CountedAheadPaginated<StoredEvent>> {
  return unwrap(apiClient.get<Envelope<CountedAheadPaginated<StoredEvent>>>('/cdp/events', { params: cleanParams(query) }));
}

export function useEvents(query: EventListQuery) {
  return useQuery({
    queryKey: eventKeys.list(query),
    queryFn: () => fetchEvents(query),
    placeholderData: keepPreviousData,
  });
}
