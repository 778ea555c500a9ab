import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { QueryClient } from '@tanstack/react-query';
import type { Me } from '@stratum/contracts';
import { AppProviders, AppRoutes } from '@/App';
import { apiClient } from '@/api/client';
import { useSessionStore } from '@/stores/session';
import { createFakeApi, ok, type FakeApi } from './fakeApi';

interface RenderOptions {
  /** Signed in as this user (GET /auth/me answers with it); omit for an anonymous visitor. */
  me?: Me;
  route?: string;
  api?: FakeApi;
}

function testQueryClient() {
  return new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
}

function prepare({ me, api = createFakeApi() }: RenderOptions) {
  apiClient.defaults.adapter = api.adapter;
  if (me) {
    useSessionStore.getState().setTokens({ access_token: 'access-1', refresh_token: 'refresh-1' });
    api.on('GET', '/api/v1/auth/me', ok(me));
  }
  return api;
}

/** Renders the whole app (routes, guards, layout) at `route`. */
export function renderApp(options: RenderOptions = {}) {
  const api = prepare(options);
  const queryClient = testQueryClient();
  const view = render(
    <AppProviders queryClient={queryClient}>
      <MemoryRouter initialEntries={[options.route ?? '/']} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <AppRoutes />
      </MemoryRouter>
    </AppProviders>,
  );
  return { ...view, api, queryClient };
}

/** Renders one component inside the app's providers (and a router, for links). */
export function renderWithProviders(ui: ReactElement, options: RenderOptions = {}) {
  const api = prepare(options);
  const queryClient = testQueryClient();
  const view = render(
    <AppProviders queryClient={queryClient}>
      <MemoryRouter initialEntries={[options.route ?? '/']} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        {ui}
      </MemoryRouter>
    </AppProviders>,
  );
  return { ...view, api, queryClient };
}
