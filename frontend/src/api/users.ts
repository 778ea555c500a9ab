import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Envelope, Paginated, User, UserCreate, UserListQuery, UserUpdate } from '@stratum/contracts';
import { apiClient, cleanParams, unwrap } from './client';
import { overviewKeys } from './overview';

export const userKeys = {
  all: ['users'] as const,
  lists: () => [...userKeys.all, 'list'] as const,
  list: (query: UserListQuery) => [...userKeys.lists(), query] as const,
  detail: (id: string) => [...userKeys.all, 'detail', id] as const,
};

export function fetchUsers(query: UserListQuery): Promise<Paginated<User>> {
  return unwrap(apiClient.get<Envelope<Paginated<User>>>('/users', { params: cleanParams(query) }));
}

export function useUsers(query: UserListQuery, enabled = true) {
  return useQuery({
    queryKey: userKeys.list(query),
    queryFn: () => fetchUsers(query),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UserCreate) => unwrap(apiClient.post<Envelope<User>>('/users', body)),
    onSuccess: () => Promise.all([
      queryClient.invalidateQueries({ queryKey: userKeys.all }),
      queryClient.invalidateQueries({ queryKey: overviewKeys.all }),
    ]),
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: UserUpdate }) =>
      unwrap(apiClient.patch<Envelope<User>>(`/users/${id}`, changes)),
    onSuccess: () => Promise.all([
      queryClient.invalidateQueries({ queryKey: userKeys.all }),
      queryClient.invalidateQueries({ queryKey: overviewKeys.all }),
    ]),
  });
}

export function useDeleteUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(apiClient.delete<Envelope<null>>(`/users/${id}`)),
    onSuccess: () => Promise.all([
      queryClient.invalidateQueries({ queryKey: userKeys.all }),
      queryClient.invalidateQueries({ queryKey: overviewKeys.all }),
    ]),
  });
}
