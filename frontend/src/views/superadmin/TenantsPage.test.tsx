import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Tenant, TenantCreate } from '@stratum/contracts';
import { makeMe, makeTenant } from '@/test/factories';
import { fail, ok, page, type FakeApi } from '@/test/fakeApi';
import { renderApp } from '@/test/render';

function serveTenants(api: FakeApi, initial: Tenant[]) {
  let tenants = [...initial];
  api.on('GET', '/api/v1/tenants', () => ok(page(tenants)));
  api.on('POST', '/api/v1/tenants', (request) => {
    const body = request.body as TenantCreate;
    if (tenants.some((t) => t.slug === body.slug)) {
      return fail(422, 'Validation failed', [{ field: 'slug', code: 'conflict', message: 'Slug is taken' }]);
    }
    const tenant = makeTenant({ name: body.name, slug: body.slug, plan: body.plan ?? 'free' });
    tenants = [...tenants, tenant];
    return ok(tenant, 201);
  });
  api.on('PATCH', /^\/api\/v1\/tenants\/[^/]+$/, (request) => {
    const id = request.path.split('/').at(-1);
    tenants = tenants.map((t) => (t.id === id ? { ...t, ...(request.body as Partial<Tenant>) } : t));
    return ok(tenants.find((t) => t.id === id));
  });
}

const demo = makeTenant({ name: 'Demo Company', slug: 'demo', feature_flags: { webhooks: true, rfm: false } });

describe('TenantsPage', () => {
  it('lists tenants with plan, flags and status', async () => {
    const { api } = renderApp({ me: makeMe('superadmin'), route: '/tenants' });
    serveTenants(api, [demo]);
    const row = (await screen.findAllByTestId('tenant-row'))[0] as HTMLElement;
    expect(row).toHaveTextContent('Demo Company');
    expect(row).toHaveTextContent('Growth');
    expect(row).toHaveTextContent('Flags: 1');
    expect(row).toHaveTextContent('Active');
  });

  it('creates a tenant with a slug suggested from its name', async () => {
    const { api } = renderApp({ me: makeMe('superadmin'), route: '/tenants' });
    serveTenants(api, [demo]);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'New tenant' }));
    const dialog = await screen.findByRole('dialog', { name: 'New tenant' });
    await user.type(within(dialog).getByLabelText('Name'), 'Gulf Retail LLC');
    expect(within(dialog).getByLabelText('Slug')).toHaveValue('gulf-retail-llc');
    await user.selectOptions(within(dialog).getByLabelText('Plan'), 'enterprise');
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));

    expect(await screen.findByText('Tenant Gulf Retail LLC created')).toBeInTheDocument();
    expect(api.calls('POST', '/api/v1/tenants')[0]?.body).toMatchObject({
      name: 'Gulf Retail LLC',
      slug: 'gulf-retail-llc',
      plan: 'enterprise',
    });
    await waitFor(() => expect(screen.getAllByTestId('tenant-row')).toHaveLength(2));
  });

  it('shows a taken slug next to the slug field', async () => {
    const { api } = renderApp({ me: makeMe('superadmin'), route: '/tenants' });
    serveTenants(api, [demo]);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'New tenant' }));
    const dialog = await screen.findByRole('dialog', { name: 'New tenant' });
    await user.type(within(dialog).getByLabelText('Name'), 'Demo');
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));

    expect(await within(dialog).findByText('Slug is taken')).toBeInTheDocument();
    expect(within(dialog).getByLabelText('Slug')).toHaveAttribute('aria-invalid', 'true');
  });

  it('opens the feature-flag editor of a tenant', async () => {
    const { api } = renderApp({ me: makeMe('superadmin'), route: '/tenants' });
    serveTenants(api, [demo]);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Feature flags of Demo Company' }));

    const dialog = await screen.findByRole('dialog', { name: 'Feature flags of Demo Company' });
    expect(within(dialog).getByRole('switch', { name: 'webhooks' })).toBeChecked();
    expect(within(dialog).getByRole('switch', { name: 'rfm' })).not.toBeChecked();
  });

  it('deactivates a tenant after confirmation and can activate it again', async () => {
    const { api } = renderApp({ me: makeMe('superadmin'), route: '/tenants' });
    serveTenants(api, [demo]);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Deactivate' }));
    const confirm = await screen.findByRole('alertdialog', { name: 'Deactivate Demo Company?' });
    await user.click(within(confirm).getByRole('button', { name: 'Deactivate' }));

    expect(await screen.findByText('Tenant deactivated')).toBeInTheDocument();
    expect(api.calls('PATCH', `/api/v1/tenants/${demo.id}`)[0]?.body).toEqual({ is_active: false });
    await user.click(await screen.findByRole('button', { name: 'Activate' }));
    expect(await screen.findByText('Tenant activated')).toBeInTheDocument();
  });

  it('has an empty state', async () => {
    const { api } = renderApp({ me: makeMe('superadmin'), route: '/tenants' });
    serveTenants(api, []);
    expect(await screen.findByText('No tenants yet')).toBeInTheDocument();
  });
});
