import { beforeEach, describe, expect, it } from 'vitest';
import type { Envelope } from '@stratum/contracts';
import { useSessionStore } from '@/stores/session';
import { useTenantStore } from '@/stores/tenant';
import { createFakeApi, fail, ok, type FakeApi } from '@/test/fakeApi';
import { cleanParams, createApiClient, unwrap } from './client';
import { ApiRequestError } from './errors';

let api: FakeApi;

beforeEach(() => {
  api = createFakeApi();
  useSessionStore.getState().setTokens({ access_token: 'old-access', refresh_token: 'refresh-1' });
});

/** The backend of these tests: /things needs the current access token; refresh rotates both tokens once. */
function serveRotatingSession() {
  let refreshes = 0;
  api.on('POST', '/api/v1/auth/refresh', async (request) => {
    refreshes += 1;
    await new Promise((resolve) => setTimeout(resolve, 10)); // let the other 401s arrive meanwhile
    if ((request.body as { refresh_token: string }).refresh_token !== 'refresh-1') return fail(401, 'Refresh token revoked');
    return ok({ access_token: 'new-access', refresh_token: 'refresh-2', token_type: 'bearer', expires_in: 900 });
  });
  api.on('GET', /^\/api\/v1\/things\/\d$/, (request) =>
    request.headers.authorization === 'Bearer new-access' ? ok({ path: request.path }) : fail(401, 'Token expired'),
  );
  return { refreshes: () => refreshes };
}

describe('api client', () => {
  it('attaches the bearer token and the selected tenant', async () => {
    useTenantStore.getState().selectTenant('00000000-0000-4000-8000-000000000042');
    api.on('GET', '/api/v1/auth/me', ok({}));
    const client = createApiClient({ adapter: api.adapter });

    await client.get('/auth/me');

    expect(api.requests[0]?.headers.authorization).toBe('Bearer old-access');
    expect(api.requests[0]?.headers['x-tenant-id']).toBe('00000000-0000-4000-8000-000000000042');
  });

  it('sends no X-Tenant-ID when no tenant is selected', async () => {
    api.on('GET', '/api/v1/overview', ok({}));
    await createApiClient({ adapter: api.adapter }).get('/overview');
    expect(api.requests[0]?.headers).not.toHaveProperty('x-tenant-id');
  });

  it('refreshes once for parallel 401s, stores the rotated tokens and retries every request', async () => {
    const backend = serveRotatingSession();
    const client = createApiClient({ adapter: api.adapter });

    const results = await Promise.all(
      [1, 2, 3].map((n) => unwrap(client.get<Envelope<{ path: string }>>(`/things/${n}`))),
    );

    expect(results.map((r) => r.path)).toEqual(['/api/v1/things/1', '/api/v1/things/2', '/api/v1/things/3']);
    expect(backend.refreshes()).toBe(1);
    expect(useSessionStore.getState()).toMatchObject({ accessToken: 'new-access', refreshToken: 'refresh-2' });
    expect(api.calls('POST', '/api/v1/auth/refresh')[0]?.headers).not.toHaveProperty('authorization');
  });

  it('retries with the new token without refreshing again when another request already refreshed', async () => {
    const backend = serveRotatingSession();
    const client = createApiClient({ adapter: api.adapter });

    await client.get('/things/1');
    // A request that left with the old token after the refresh (e.g. queued) just retries.
    useSessionStore.setState({ accessToken: 'old-access' });
    const slow = client.get('/things/2');
    useSessionStore.setState({ accessToken: 'new-access' });
    await slow;

    expect(backend.refreshes()).toBe(1);
  });

  it('signs out when the refresh token is rejected and surfaces the original 401', async () => {
    useSessionStore.getState().setTokens({ access_token: 'old-access', refresh_token: 'stolen' });
    useTenantStore.getState().selectTenant('00000000-0000-4000-8000-000000000042');
    serveRotatingSession();
    const client = createApiClient({ adapter: api.adapter });

    const error = await client.get('/things/1').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({ status: 401, message: 'Token expired' });
    expect(useSessionStore.getState()).toMatchObject({ accessToken: null, refreshToken: null });
    expect(useTenantStore.getState().selectedTenantId).toBeNull();
  });

  it('does not try to refresh a failed login', async () => {
    api.on('POST', '/api/v1/auth/login', fail(401, 'Invalid email or password'));
    const client = createApiClient({ adapter: api.adapter });

    await expect(
      client.post('/auth/login', {}, { skipAuthRefresh: true, anonymous: true }),
    ).rejects.toMatchObject({ status: 401, message: 'Invalid email or password' });
    expect(api.calls('POST', '/api/v1/auth/refresh')).toHaveLength(0);
    expect(api.requests[0]?.headers).not.toHaveProperty('authorization');
  });

  it('exposes 422 field errors and the Retry-After of a 429', async () => {
    api.on('POST', '/api/v1/users', fail(422, 'Validation failed', [{ field: 'body.email', code: 'conflict', message: 'Email already in use' }]));
    api.on('POST', '/api/v1/auth/login', fail(429, 'Too many attempts', [], { 'retry-after': '30' }));
    const client = createApiClient({ adapter: api.adapter });

    const invalid = (await client.post('/users', {}).catch((e: unknown) => e)) as ApiRequestError;
    const throttled = (await client.post('/auth/login', {}, { skipAuthRefresh: true }).catch((e: unknown) => e)) as ApiRequestError;

    expect(invalid.fieldErrors()).toEqual({ email: 'Email already in use' });
    expect(throttled.retryAfterSeconds).toBe(30);
  });

  it('reports a network failure as an error without status', async () => {
    const client = createApiClient({
      adapter: () => Promise.reject(new Error('socket hang up')),
    });
    const error = (await client.get('/overview').catch((e: unknown) => e)) as ApiRequestError;
    expect(error.isNetworkError).toBe(true);
  });
});

describe('cleanParams', () => {
  it('drops empty filters so they are not sent as ?q=', () => {
    expect(cleanParams({ q: '', role: undefined, page: 1, tenant_id: null })).toEqual({ page: 1 });
  });
});
