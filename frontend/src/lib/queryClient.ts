import { MutationCache, QueryClient } from '@tanstack/react-query';
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
  const client: QueryClient = new QueryClient({
    mutationCache: new MutationCache({
      // A change refused as not found means what the page shows is gone (erased, merged or deleted elsewhere): what
      // is on screen is fetched again, so the page says so instead of offering actions on it.
      onError: (error) => {
        if (error.status === 404) void client.invalidateQueries();
      },
    }),
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 15_000, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
  return client;
}
