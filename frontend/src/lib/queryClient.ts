import { QueryClient } from '@tanstack/react-query';
import type { ApiRequestError } from '@/api/errors';

declare module '@tanstack/react-query' {
  interface Register {
    // The API client turns every failure into ApiRequestError, so queries and mutations are typed with it.
    defaultError: ApiRequestError;
  }
}

/** Retries only what may succeed on a second try: network failures and 5xx, never 4xx answers. */
function shouldRetry(failureCount: number, error: ApiRequestError): boolean {
  if (failureCount >= 2) return false;
  return error.status === null || error.status >= 500;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 15_000, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}
