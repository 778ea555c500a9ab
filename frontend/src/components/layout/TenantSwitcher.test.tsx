import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TENANT_STORAGE_KEY } from '@/stores/tenant';
import { makeMe, makeOverview, makeTenant } from '@/test/factories';
import { ok, page } from '@/test/fakeApi';
import { renderApp } from '@/test/render';

describe('TenantSwitcher', () => {
  it('lets a superadmin pick a tenant, then acts in it with X-Tenant-ID', async () => {
    const demo = makeTenant({ name: 'Demo Company', slug: 'demo' });
    const other = makeTenant({ name: 'Gulf Retail', slug: 'gulf' });
    const superadmin = makeMe('superadmin');
    const { api } = renderApp({ me: superadmin });
    api.on('GET', '/api/v1/tenants', ok(page([demo, other])));
    // /auth/me answers with the active tenant the header selects, as the backend does.
    api.on('GET', '/api/v1/auth/me', (request) =>
      ok({
        ...superadmin,
        active_tenant: request.headers['x-tenant-id'] === demo.id
          ? { id: demo.id, name: demo.name, slug: demo.slug, feature_flags: {}, settings: {} }
          : null,
      }),
    );
    api.on('GET', '/api/v1/overview', ok(makeOverview(demo, { users_total: 12 })));
    const user = userEvent.setup();

    expect(await screen.findByText('Choose a tenant')).toBeInTheDocument();
    const switcher = await screen.findByRole('combobox', { name: 'Active tenant' });
    await waitFor(() => expect(switcher).toBeEnabled());
    await user.selectOptions(switcher, 'Demo Company');

    await waitFor(() => expect(screen.getByTestId('kpi-users-total')).toHaveTextContent('12'));
    expect(api.calls('GET', '/api/v1/overview').at(-1)?.headers['x-tenant-id']).toBe(demo.id);
    expect(JSON.parse(localStorage.getItem(TENANT_STORAGE_KEY) ?? '{}')).toMatchObject({
      state: { selectedTenantId: demo.id },
    });
  });

  it('is not shown to tenant users, who see their tenant name instead', async () => {
    const { api } = renderApp({ me: makeMe('admin') });
    api.on('GET', '/api/v1/overview', ok(makeOverview()));
    expect(await screen.findByTestId('tenant-name')).toHaveTextContent('Demo Company');
    expect(screen.queryByRole('combobox', { name: 'Active tenant' })).not.toBeInTheDocument();
    expect(api.calls('GET', '/api/v1/tenants')).toHaveLength(0);
  });
});
