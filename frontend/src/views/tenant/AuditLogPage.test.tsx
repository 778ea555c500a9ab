import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeAuditLog, makeMe } from '@/test/factories';
import { fail, ok, page } from '@/test/fakeApi';
import { renderApp } from '@/test/render';

const created = makeAuditLog({
  action: 'user.create',
  resource_type: 'user',
  changes: { email: 'new.hire@example.com', role: 'viewer' },
});
const login = makeAuditLog({ action: 'auth.login', resource_type: 'auth', changes: null, actor_email: null });

describe('AuditLogPage', () => {
  it('lists events and expands the recorded changes', async () => {
    const { api } = renderApp({ me: makeMe('admin'), route: '/audit' });
    api.on('GET', '/api/v1/audit-logs', ok(page([created, login])));
    const user = userEvent.setup();

    const rows = await screen.findAllByTestId('audit-row');
    expect(rows[0]).toHaveTextContent('user.create');
    expect(rows[1]).toHaveTextContent('System');
    const expand = within(rows[0] as HTMLElement).getByRole('button', { name: 'Show changes' });
    expect(expand).toHaveAttribute('aria-expanded', 'false');

    await user.click(expand);

    expect(expand).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByTestId('audit-changes')).toHaveTextContent('"email": "new.hire@example.com"');
    await user.click(within(rows[1] as HTMLElement).getByRole('button', { name: 'Show changes' }));
    expect(screen.getByText('No changes recorded.')).toBeInTheDocument();
  });

  it('filters by action, resource type and date range', async () => {
    const { api } = renderApp({ me: makeMe('admin'), route: '/audit' });
    api.on('GET', '/api/v1/audit-logs', ok(page([created])));
    const user = userEvent.setup();
    await screen.findAllByTestId('audit-row');

    await user.type(screen.getByLabelText('Action'), 'user.create');
    await user.type(screen.getByLabelText('Resource type'), 'user');
    await user.type(screen.getByLabelText('From'), '2026-01-01');
    await user.type(screen.getByLabelText('To'), '2026-01-31');

    await waitFor(() =>
      expect(api.calls('GET', '/api/v1/audit-logs').at(-1)?.params).toMatchObject({
        action: 'user.create',
        resource_type: 'user',
        from: new Date('2026-01-01T00:00:00').toISOString(),
        to: new Date('2026-01-31T23:59:59.999').toISOString(),
        page: 1,
      }),
    );

    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(api.calls('GET', '/api/v1/audit-logs').at(-1)?.params).toEqual({ page: 1, page_size: 25 }));
  });

  it('pages through long logs', async () => {
    const { api } = renderApp({ me: makeMe('admin'), route: '/audit' });
    api.on('GET', '/api/v1/audit-logs', (request) => ok(page([created], 60, Number(request.params.page), 25)));
    const user = userEvent.setup();

    expect(await screen.findByText('Showing 1–25 of 60')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Previous page' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Next page' }));

    expect(await screen.findByText('Showing 26–50 of 60')).toBeInTheDocument();
    expect(api.calls('GET', '/api/v1/audit-logs').at(-1)?.params).toMatchObject({ page: 2 });
  });

  it('has empty and error states', async () => {
    const { api } = renderApp({ me: makeMe('admin'), route: '/audit' });
    api.on('GET', '/api/v1/audit-logs', ok(page([])));
    expect(await screen.findByText('No audit events')).toBeInTheDocument();
  });

  it('explains a failed load', async () => {
    const { api } = renderApp({ me: makeMe('admin'), route: '/audit' });
    api.on('GET', '/api/v1/audit-logs', fail(403, 'Missing permission audit:read'));
    expect(await screen.findByText('Could not load the audit log.')).toBeInTheDocument();
    expect(screen.getByText('Missing permission audit:read')).toBeInTheDocument();
  });
});
