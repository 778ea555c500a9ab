import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ProfileSummary } from '@stratum/contracts';
import { makeMe, makeProfile, makeProfileSummary } from '@/test/factories';
import { fail, ok, page, type FakeApi } from '@/test/fakeApi';
import { renderApp } from '@/test/render';

const jane = makeProfileSummary({
  canonical_identity: { type: 'email', value: 'jane@example.com' },
  lifecycle_stage: 'customer',
  total_events: 1200,
  total_purchases: 4,
  total_revenue: 1999.5,
});
const visitor = makeProfileSummary({ canonical_identity: { type: 'anonymous_id', value: 'anon-7f3a9c' }, lifecycle_stage: 'anonymous', total_revenue: 0 });

function serveProfiles(api: FakeApi, profiles: ProfileSummary[]) {
  api.on('POST', '/api/v1/cdp/profiles/search', (request) => {
    const { q, lifecycle_stage: stage } = request.body as { q?: string; lifecycle_stage?: string };
    const items = profiles.filter(
      (p) => (!q || p.canonical_identity?.value === q) && (!stage || p.lifecycle_stage === stage),
    );
    return ok(page(items));
  });
}

function renderProfiles(role: 'admin' | 'analyst' = 'admin') {
  const me = makeMe(role);
  return renderApp({
    me: { ...me, active_tenant: { ...me.active_tenant!, settings: { currency: 'AED' } } },
    route: '/cdp/profiles',
  });
}

describe('ProfilesPage', () => {
  it('lists profiles with lifecycle, counters, revenue in the tenant currency and masked identities', async () => {
    const { api } = renderProfiles();
    serveProfiles(api, [jane, visitor]);

    const rows = await screen.findAllByTestId('profile-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('j***@example.com');
    expect(rows[0]).toHaveTextContent('Customer');
    expect(rows[0]).toHaveTextContent('1,200');
    expect(rows[0]).toHaveTextContent(/AED\s?1,999\.50/);
    expect(rows[1]).toHaveTextContent('Anonymous ID');
    expect(document.body).not.toHaveTextContent('jane@example.com');
  });

  it('says how many it counted when a list or search matches more than that', async () => {
    const { api } = renderProfiles();
    api.on('POST', '/api/v1/cdp/profiles/search', ok({ ...page([jane, visitor], 10_000, 1, 25), total_capped: true }));
    expect(await screen.findByText('Showing 1–25 of 10,000+')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next page' })).toBeEnabled();
  });

  it('reveals identities on request for PII readers', async () => {
    const { api } = renderProfiles();
    serveProfiles(api, [jane]);
    const user = userEvent.setup();
    await screen.findByTestId('profile-row');
    await user.click(screen.getByRole('button', { name: 'Reveal personal data' }));
    expect(screen.getByTestId('profile-row')).toHaveTextContent('jane@example.com');
  });

  it('offers no reveal to users who only see masked values', async () => {
    const { api } = renderProfiles('analyst');
    serveProfiles(api, [{ ...jane, canonical_identity: { type: 'email', value: 'j***@example.com' } }]);
    await screen.findByTestId('profile-row');
    expect(screen.queryByTestId('reveal-toggle')).not.toBeInTheDocument();
  });

  it('searches and filters by lifecycle stage', async () => {
    const { api } = renderProfiles();
    serveProfiles(api, [jane, visitor]);
    const user = userEvent.setup();
    await screen.findAllByTestId('profile-row');

    await user.type(screen.getByRole('searchbox', { name: 'Search profiles' }), 'jane@example.com');
    await waitFor(() => expect(screen.getAllByTestId('profile-row')).toHaveLength(1));
    expect(api.calls('POST', '/api/v1/cdp/profiles/search').at(-1)?.body).toMatchObject({ q: 'jane@example.com', page: 1 });
    // An email or phone searched for never travels in a URL.
    expect(api.requests.map((r) => `${r.path}?${JSON.stringify(r.params)}`).join('\n')).not.toContain('jane@');

    await user.selectOptions(screen.getByRole('combobox', { name: 'Lifecycle stage' }), 'churned');
    expect(await screen.findByText('No profiles match')).toBeInTheDocument();
    expect(api.calls('POST', '/api/v1/cdp/profiles/search').at(-1)?.body).toMatchObject({ lifecycle_stage: 'churned' });
  });

  it('opens a profile from its row', async () => {
    const { api } = renderProfiles();
    serveProfiles(api, [jane]);
    api.on('GET', `/api/v1/cdp/profiles/${jane.id}`, ok(makeProfile({ ...jane })));
    const user = userEvent.setup();

    await user.click(within(await screen.findByTestId('profile-row')).getByText('1,200'));
    expect(await screen.findByRole('link', { name: 'All profiles' })).toBeInTheDocument();
  });

  it('has empty and error states', async () => {
    const { api } = renderProfiles();
    serveProfiles(api, []);
    expect(await screen.findByText('No profiles yet')).toBeInTheDocument();
    api.on('POST', '/api/v1/cdp/profiles/search', fail(500, 'Database unavailable'));
    const user = userEvent.setup();
    await user.type(screen.getByRole('searchbox', { name: 'Search profiles' }), 'x');
    expect(await screen.findByText('Could not load profiles.')).toBeInTheDocument();
  });

  it('asks a superadmin to choose a tenant first', async () => {
    const { api } = renderApp({ me: makeMe('superadmin'), route: '/cdp/profiles' });
    api.on('GET', '/api/v1/tenants', ok(page([])));
    expect(await screen.findByText('Choose a tenant')).toBeInTheDocument();
    expect(api.calls('POST', '/api/v1/cdp/profiles/search')).toHaveLength(0);
  });
});
