import axios, {
  AxiosError,
  type AxiosAdapter,
  type AxiosInstance,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
} from 'axios';
import type { Envelope, TokenPair } from '@stratum/contracts';
import { useSessionStore } from '@/stores/session';
import { useTenantStore } from '@/stores/tenant';
import { ApiRequestError, toApiRequestError } from './errors';

declare module 'axios' {
  interface AxiosRequestConfig {
    /** Login, refresh and logout must not trigger a refresh themselves (a 401 there means bad credentials). */
    skipAuthRefresh?: boolean;
    /** Send no Bearer token (login, refresh): a stale token must not get in the way of getting a new one. */
    anonymous?: boolean;
  }
}

interface TrackedConfig extends InternalAxiosRequestConfig {
  /** The access token this request went out with, to tell a stale token from a dead session. */
  sentToken?: string | null;
  retried?: boolean;
}

export const API_BASE_URL = '/api/v1';

export interface ApiClientOptions {
  baseURL?: string;
  adapter?: AxiosAdapter;
  /** Called once when the session cannot be refreshed; the default clears tokens and the tenant selection. */
  onSessionExpired?: () => void;
}

function expireSession(): void {
  useSessionStore.getState().clear();
  useTenantStore.getState().reset();
}

/**
 * The console's HTTP client. It attaches the Bearer token and X-Tenant-ID, and on a 401 refreshes the session
 * once and retries. Refreshes are single-flight: the backend rotates refresh tokens, so two parallel refreshes
 * with the same token would kill the session; every request that hits a 401 meanwhile awaits the same promise.
 */
export function createApiClient(options: ApiClientOptions = {}): AxiosInstance {
  const client = axios.create({
    baseURL: options.baseURL ?? API_BASE_URL,
    adapter: options.adapter,
    headers: { Accept: 'application/json' },
  });
  const onSessionExpired = options.onSessionExpired ?? expireSession;
  let refreshing: Promise<string> | null = null;

  async function refreshAccessToken(): Promise<string> {
    const refreshToken = useSessionStore.getState().refreshToken;
    if (!refreshToken) throw new Error('No refresh token');
    const response = await client.post<Envelope<TokenPair>>(
      '/auth/refresh',
      { refresh_token: refreshToken },
      { skipAuthRefresh: true, anonymous: true },
    );
    const pair = response.data.data;
    if (!pair) throw new Error('Refresh answered without tokens');
    useSessionStore.getState().setTokens(pair);
    return pair.access_token;
  }

  function sharedRefresh(): Promise<string> {
    refreshing ??= refreshAccessToken().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  client.interceptors.request.use((config: TrackedConfig) => {
    const { accessToken } = useSessionStore.getState();
    config.sentToken = accessToken;
    if (accessToken && !config.anonymous) config.headers.set('Authorization', `Bearer ${accessToken}`);
    const tenantId = useTenantStore.getState().selectedTenantId;
    if (tenantId) config.headers.set('X-Tenant-ID', tenantId);
    return config;
  });

  client.interceptors.response.use(undefined, async (error: unknown) => {
    if (!(error instanceof AxiosError) || error.response?.status !== 401) throw toApiRequestError(error);
    const config = error.config as TrackedConfig | undefined;
    if (!config || config.skipAuthRefresh || config.retried) throw toApiRequestError(error);

    const session = useSessionStore.getState();
    if (!session.refreshToken) throw toApiRequestError(error);
    config.retried = true;
    // Another request already refreshed while this one was in flight: just retry with the new token.
    if (session.accessToken && session.accessToken !== config.sentToken) return client.request(config);

    try {
      await sharedRefresh();
    } catch {
      onSessionExpired();
      throw toApiRequestError(error);
    }
    return client.request(config);
  });

  return client;
}

/** The instance every API hook uses. Tests swap `apiClient.defaults.adapter` to fake the HTTP boundary. */
export const apiClient = createApiClient();

/** Unwraps the `{ success, data, message, errors }` envelope. */
export async function unwrap<T>(request: Promise<AxiosResponse<Envelope<T>>>): Promise<T> {
  const response = await request;
  return response.data.data as T;
}

/** Drops empty filter values so they are not sent as `?q=`. */
export function cleanParams<T extends object>(params: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(params).filter(([, value]) => value !== undefined && value !== null && value !== ''),
  ) as Partial<T>;
}

export { ApiRequestError };
