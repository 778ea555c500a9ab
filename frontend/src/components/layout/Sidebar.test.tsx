import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Role } from '@stratum/contracts';
import { makeMe, makeOverview } from '@/test/factories';
import { ok } from '@/test/fakeApi';
import { renderApp } from '@/test/render';

async function navigationFor(role: Role) {
  const { api } = renderApp({ me: makeMe(role) });
  api.on('GET', '/api/v1/overview', ok(makeOverview()));
  const nav = await screen.findByRole('navigation', { name: 'Main navigation' });
  return within(nav)
    .getAllByRole('link')
    .map((link) => link.textContent);
}

describe('Sidebar', () => {
  it.each<[Role, string[]]>([
    ['viewer', ['Overview', 'Sources', 'Profiles', 'Events']],
    ['analyst', ['Overview', 'Sources', 'Profiles', 'Events']],
    ['manager', ['Overview', 'Sources', 'Profiles', 'Events']],
    ['admin', ['Overview', 'Sources', 'Profiles', 'Events', 'Users', 'Audit log']],
    ['superadmin', ['Overview', 'Sources', 'Profiles', 'Events', 'Users', 'Audit log', 'Tenants']],
  ])('shows a %s only the entries their permissions allow', async (role, expected) => {
    expect(await navigationFor(role)).toEqual(expected);
  });

  it('groups the customer data pages under their own heading', async () => {
    const { api } = renderApp({ me: makeMe('analyst') });
    api.on('GET', '/api/v1/overview', ok(makeOverview()));
    const group = await screen.findByRole('group', { name: 'Customer data' });
    expect(within(group).getAllByRole('link').map((link) => link.getAttribute('href'))).toEqual([
      '/cdp/sources',
      '/cdp/profiles',
      '/cdp/events',
    ]);
    expect(screen.queryByRole('group', { name: 'Administration' })).not.toBeInTheDocument();
  });

  it('blocks a direct visit to a page the role may not open', async () => {
    renderApp({ me: makeMe('viewer'), route: '/users' });
    expect(await screen.findByText('No access')).toBeInTheDocument();
  });

  it('collapses to icons and keeps the labels for screen readers', async () => {
    const { api } = renderApp({ me: makeMe('admin') });
    api.on('GET', '/api/v1/overview', ok(makeOverview()));
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Collapse sidebar' }));

    expect(screen.getByRole('button', { name: 'Expand sidebar' })).toHaveAttribute('aria-expanded', 'false');
    expect(screen.getByRole('link', { name: 'Users' })).toHaveAttribute('title', 'Users');
  });
});
