import { useMutation, useQuery } from '@tanstack/react-query';
import type { Envelope, LoginRequest, Me, PasswordChange, TokenPair } from '@stratum/contracts';
import { useSessionStore } from '@/stores/session';
import { apiClient, unwrap } from './client';

export const authKeys = {
  all: ['auth'] as const,
  me: () => [...authKeys.all, 'me'] as const,
};

export function fetchMe(): Promise<Me> {
  return unwrap(apiClient.get<Envelope<Me>>('/auth/me'));
}

/** The signed-in user; only runs while there is an access token. */
export function useMe() {
  const accessToken = useSessionStore((state) => state.accessToken);
  return useQuery({ queryKey: authKeys.me(), queryFn: fetchMe, enabled: accessToken !== null, staleTime: 60_000 });
}

export function useLogin() {
  return useMutation({
    mutationFn: (credentials: LoginRequest) =>
      unwrap(apiClient.post<Envelope<TokenPair>>('/auth/login', credentials, {
        skipAuthRefresh: true,
        anonymous: true,
      })),
    onSuccess: (pair) => useSessionStore.getState().setTokens(pair),
  });
}

export function useLogout() {
  return useMutation({
    mutationFn: (refreshToken: string) =>
      unwrap(apiClient.post<Envelope<null>>('/auth/logout', { refresh_token: refreshToken }, { skipAuthRefresh: true })),
  });
}

/** Changes the signed-in user's password; the answer is a fresh pair, as the server ends every earlier session. */
export function useChangePassword() {
  return useMutation({
    mutationFn: (change: PasswordChange) =>
      unwrap(apiClient.post<Envelope<TokenPair>>('/auth/password', change)),
    onSuccess: (pair) => useSessionStore.getState().setTokens(pair),
  });
}
