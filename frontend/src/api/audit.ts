import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AuditLog, AuditLogQuery, CountedAheadPaginated, Envelope } from '@stratum/contracts';
import { apiClient, cleanParams, unwrap } from './client';

export const auditKeys = {
  all: ['audit-logs'] as const,
  lists: () => [...auditKeys.all, 'list'] as const,
  list: (query: AuditLogQuery) => [...auditKeys.lists(), query] as const,
};

export function fetchAuditLogs(query: AuditLogQuery): Promise<CountedAheadPaginated<AuditLog>> {
  return unwrap(apiClient.get<Envelope<CountedAheadPaginated<AuditLog>>>('/audit-logs', { params: cleanParams(query) }));
}

export function useAuditLogs(query: AuditLogQuery) {
  return useQuery({
    queryKey: auditKeys.list(query),
    queryFn: () => fetchAuditLogs(query),
    placeholderData: keepPreviousData,
  });
}
