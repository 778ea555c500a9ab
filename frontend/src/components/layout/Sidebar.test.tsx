import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Role } from '@stratum/contracts';
import { makeMe, makeOverview } from '@/test/factories';
import { ok } from '@/test/fakeApi';
import { renderApp } from '@/test/render';

async function navigationFor(role: Role, featureFlags: Record<string, boolean> = {}) {
  const me = makeMe(role);
  if (me.active_tenant) me.active_tenant.feature_flags = featureFlags;
  const { api } = renderApp({ me });
  api.on('GET', '/api/v1/overview', ok(makeOverview()));
  const nav = await screen.findByRole('navigation', { name: 'Main navigation' });
  return within(nav)
    .getAllByRole('link')
    .map((link) => link.textContent);
}

/** A viewport `width` pixels wide, as far as CSS media queries (the only thing jsdom cannot lay out) are concerned. */
function viewportOf(width: number) {
  vi.stubGlobal('matchMedia', (query: string) => {
    const minWidth = /min-width:\s*(\d+)px/.exec(query)?.[1];
    return {
      matches: minWidth ? width >= Number(minWidth) : false,
      media: query,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    };
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('Sidebar', () => {
  it.each<[Role, string[]]>([
    ['viewer', ['Overview', 'Dashboard', 'Sources', 'Profiles', 'Events', 'Imports', 'ROI calculator', 'Settings']],
    ['analyst', ['Overview', 'Dashboard', 'Sources', 'Profiles', 'Events', 'Imports', 'ROI calculator', 'Settings']],
    ['manager', ['Overview', 'Dashboard', 'Sources', 'Profiles', 'Events', 'Imports', 'ROI calculator', 'Settings']],
    ['admin', ['Overview', 'Dashboard', 'Sources', 'Profiles', 'Events', 'Imports', 'ROI calculator', 'Settings', 'Users', 'Audit log']],
    ['superadmin', ['Overview', 'Dashboard', 'Sources', 'Profiles', 'Events', 'Imports', 'ROI calculator', 'Settings', 'Users', 'Audit log', 'Tenants']],
  ])('shows a %s only the entries their permissions allow', async (role, expected) => {
    expect(await navigationFor(role)).toEqual(expected);
  });

  it("hides the customer data pages of a tenant whose CDP is switched off, and the ROI calculator on its own flag", async () => {
    expect(await navigationFor('admin', { cdp: false })).toEqual(['Overview', 'Users', 'Audit log']);
    cleanup();
    expect(await navigationFor('analyst', { cdp_roi_calculator: false, cdp: true })).toEqual(['Overview', 'Dashboard', 'Sources', 'Profiles', 'Events', 'Imports', 'Settings']);
  });

  it('groups the customer data pages under their own heading', async () => {
    const { api } = renderApp({ me: makeMe('analyst') });
    api.on('GET', '/api/v1/overview', ok(makeOverview()));
    const group = await screen.findByRole('group', { name: 'Customer data' });
    expect(within(group).getAllByRole('link').map((link) => link.getAttribute('href'))).toEqual([
      '/cdp',
      '/cdp/sources',
      '/cdp/profiles',
      '/cdp/events',
      '/cdp/imports',
      '/cdp/roi',
      '/cdp/settings',
    ]);
    expect(screen.queryByRole('group', { name: 'Administration' })).not.toBeInTheDocument();
  });

  it('marks the dashboard active only on its own page, not on the pages below it', async () => {
    const { api } = renderApp({ me: makeMe('analyst'), route: '/cdp/sources' });
    api.on('GET', '/api/v1/cdp/sources', ok({ items: [], total: 0 }));
    const nav = await screen.findByRole('navigation', { name: 'Main navigation' });
    expect(within(nav).getByRole('link', { name: 'Sources' })).toHaveAttribute('aria-current', 'page');
    expect(within(nav).getByRole('link', { name: 'Dashboard' })).not.toHaveAttribute('aria-current');
  });

  it('blocks a direct visit to a page the role may not open', async () => {
    renderApp({ me: makeMe('viewer'), route: '/users' });
    expect(await screen.findByText('No access')).toBeInTheDocument();
  });

  it('says once that a switched-off feature is off, on a direct visit to its pages, instead of failing figure by figure', async () => {
    const me = makeMe('admin');
    me.active_tenant!.feature_flags = { cdp_roi_calculator: false };
    renderApp({ me, route: '/cdp/roi' });
    expect(await screen.findByText('Not switched on for this workspace')).toBeInTheDocument();
    cleanup();
    me.active_tenant!.feature_flags = { cdp: false };
    const { api } = renderApp({ me, route: '/cdp/profiles' });
    expect(await screen.findByText('Not switched on for this workspace')).toBeInTheDocument();
    expect(api.calls('GET', '/api/v1/cdp/profiles')).toHaveLength(0);
  });

  it('collapses to icons and keeps the labels for screen readers', async () => {
    const { api } = renderApp({ me: makeMe('admin') });
    api.on('GET', '/api/v1/overview', ok(makeOverview()));
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Collapse sidebar' }));

    expect(screen.getByRole('button', { name: 'Expand sidebar' })).toHaveAttribute('aria-expanded', 'false');
    expect(screen.getByRole('link', { name: 'Users' })).toHaveAttribute('title', 'Users');
  });

  it('keeps to icons on a phone, leaving the page its width, whatever was chosen on a wider screen', async () => {
    viewportOf(390);
    const { api } = renderApp({ me: makeMe('admin') });
    api.on('GET', '/api/v1/overview', ok(makeOverview()));

    const nav = await screen.findByRole('navigation', { name: 'Main navigation' });
    expect(within(nav).getByRole('link', { name: 'Users' })).toHaveAttribute('title', 'Users');
    expect(screen.queryByRole('button', { name: 'Collapse sidebar' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Expand sidebar' })).not.toBeInTheDocument();
  });

  it('shows the full sidebar from tablet width up', async () => {
    viewportOf(1024);
    const { api } = renderApp({ me: makeMe('admin') });
    api.on('GET', '/api/v1/overview', ok(makeOverview()));

    const nav = await screen.findByRole('navigation', { name: 'Main navigation' });
    expect(within(nav).getByRole('link', { name: 'Users' })).not.toHaveAttribute('title');
    expect(screen.getByRole('button', { name: 'Collapse sidebar' })).toHaveAttribute('aria-expanded', 'true');
  });
});
