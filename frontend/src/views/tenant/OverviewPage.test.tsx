import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import { makeMe, makeOverview, makeTenant } from '@/test/factories';
import { fail, ok } from '@/test/fakeApi';
import { renderApp } from '@/test/render';

describe('OverviewPage', () => {
  it('shows the tenant’s KPIs and details', async () => {
    const tenant = makeTenant({ plan: 'enterprise', feature_flags: { 'cdp.identity': true, webhooks: false } });
    const { api } = renderApp({ me: makeMe('viewer') });
    api.on('GET', '/api/v1/overview', ok(makeOverview(tenant, { users_total: 1200, users_active: 900, audit_events_7d: 57 })));

    await waitFor(() => expect(screen.getByTestId('kpi-users-total')).toHaveTextContent('1,200'));
    expect(screen.getByTestId('kpi-users-active')).toHaveTextContent('900');
    expect(screen.getByTestId('kpi-users-active')).toHaveTextContent('75% of users active');
    expect(screen.getByTestId('kpi-audit-events')).toHaveTextContent('57');
    expect(screen.getByText('Enterprise')).toBeInTheDocument();
    expect(screen.getByText('cdp.identity')).toBeInTheDocument();
  });

  it('shows loading placeholders until the numbers arrive', async () => {
    const { api } = renderApp({ me: makeMe('viewer') });
    api.on('GET', '/api/v1/overview', () => new Promise(() => {}));
    expect(await screen.findAllByTestId('kpi-skeleton')).toHaveLength(3);
  });

  it('shows an error with the API’s reason', async () => {
    const { api } = renderApp({ me: makeMe('viewer') });
    api.on('GET', '/api/v1/overview', fail(500, 'Internal error (request req-9)'));
    expect(await screen.findByText('Could not load the overview.')).toBeInTheDocument();
    expect(screen.getByText('Internal error (request req-9)')).toBeInTheDocument();
  });

  it('says when a tenant has no feature flags', async () => {
    const { api } = renderApp({ me: makeMe('viewer') });
    api.on('GET', '/api/v1/overview', ok(makeOverview(makeTenant({ feature_flags: {} }))));
    expect(await screen.findByText('No feature flags set for this tenant.')).toBeInTheDocument();
  });

  it('shows a session error with a way out when /auth/me fails', async () => {
    const { api } = renderApp({ me: makeMe('viewer') });
    api.on('GET', '/api/v1/auth/me', fail(500, 'Database unavailable'));
    expect(await screen.findByText('Could not load your session')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeInTheDocument();
  });
});
