import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FeatureFlagsPatch, Tenant } from '@stratum/contracts';
import { makeMe, makeTenant } from '@/test/factories';
import { fail, ok, type FakeApi } from '@/test/fakeApi';
import { renderWithProviders } from '@/test/render';
import { FeatureFlagEditor } from './FeatureFlagEditor';

/** Applies flag patches like the backend: true/false sets, null removes. */
function serveFlags(api: FakeApi, tenant: Tenant) {
  let flags = { ...tenant.feature_flags };
  api.on('PATCH', `/api/v1/tenants/${tenant.id}/feature-flags`, (request) => {
    for (const [name, value] of Object.entries(request.body as FeatureFlagsPatch)) {
      if (value === null) delete flags[name];
      else flags = { ...flags, [name]: value };
    }
    return ok({ ...tenant, feature_flags: flags });
  });
}

function renderEditor(flags: Record<string, boolean>) {
  const tenant = makeTenant({ feature_flags: flags });
  const view = renderWithProviders(<FeatureFlagEditor tenant={tenant} />, { me: makeMe('superadmin') });
  serveFlags(view.api, tenant);
  const patches = () => view.api.calls('PATCH', `/api/v1/tenants/${tenant.id}/feature-flags`).map((r) => r.body);
  return { ...view, tenant, patches };
}

describe('FeatureFlagEditor', () => {
  it('shows a switch per flag with its state', () => {
    renderEditor({ 'cdp.identity': true, webhooks: false });
    expect(screen.getByRole('switch', { name: 'cdp.identity' })).toBeChecked();
    expect(screen.getByRole('switch', { name: 'webhooks' })).not.toBeChecked();
  });

  it('turns a flag off with a PATCH of just that flag', async () => {
    const { patches } = renderEditor({ 'cdp.identity': true, webhooks: false });
    const user = userEvent.setup();

    await user.click(screen.getByRole('switch', { name: 'cdp.identity' }));

    expect(await screen.findByText('Feature flags updated')).toBeInTheDocument();
    expect(screen.getByRole('switch', { name: 'cdp.identity' })).not.toBeChecked();
    expect(patches()).toEqual([{ 'cdp.identity': false }]);
  });

  it('adds a flag by name, switched on', async () => {
    const { patches } = renderEditor({});
    const user = userEvent.setup();
    expect(screen.getByText('No feature flags yet.')).toBeInTheDocument();

    await user.type(screen.getByLabelText('New flag name'), 'audience.sync');
    await user.click(screen.getByRole('button', { name: 'Add flag' }));

    expect(await screen.findByRole('switch', { name: 'audience.sync' })).toBeChecked();
    expect(patches()).toEqual([{ 'audience.sync': true }]);
    expect(screen.getByLabelText('New flag name')).toHaveValue('');
  });

  it('rejects a name the contract does not allow, and a duplicate', async () => {
    const { patches } = renderEditor({ webhooks: true });
    const user = userEvent.setup();
    const input = screen.getByLabelText('New flag name');

    await user.type(input, 'Bad Name!');
    await user.click(screen.getByRole('button', { name: 'Add flag' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Use lowercase letters, digits');
    expect(input).toHaveAttribute('aria-invalid', 'true');

    await user.clear(input);
    await user.type(input, 'webhooks');
    await user.click(screen.getByRole('button', { name: 'Add flag' }));
    expect(screen.getByRole('alert')).toHaveTextContent('This flag already exists');
    expect(patches()).toEqual([]);
  });

  it('removes a flag by sending null', async () => {
    const { patches } = renderEditor({ webhooks: true, 'cdp.identity': true });
    const user = userEvent.setup();

    await user.click(screen.getByRole('button', { name: 'Remove flag webhooks' }));

    const editor = screen.getByTestId('feature-flag-editor');
    expect(await screen.findByText('Feature flags updated')).toBeInTheDocument();
    expect(within(editor).getByText('cdp.identity')).toBeInTheDocument();
    expect(within(editor).queryByText('webhooks')).not.toBeInTheDocument();
    expect(patches()).toEqual([{ webhooks: null }]);
  });

  it('keeps the flag as it was and says why when the API refuses', async () => {
    const { api, tenant } = renderEditor({ webhooks: true });
    api.on('PATCH', `/api/v1/tenants/${tenant.id}/feature-flags`, fail(403, 'Only superadmins manage flags'));
    const user = userEvent.setup();

    await user.click(screen.getByRole('switch', { name: 'webhooks' }));

    expect(await screen.findByText('Only superadmins manage flags')).toBeInTheDocument();
    expect(screen.getByRole('switch', { name: 'webhooks' })).toBeChecked();
  });
});
