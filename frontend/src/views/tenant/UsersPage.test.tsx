import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { User } from '@stratum/contracts';
import { makeMe, makeUser } from '@/test/factories';
import { fail, ok, page, type FakeApi } from '@/test/fakeApi';
import { renderApp } from '@/test/render';

/** A tiny users backend: list with q filter, update and delete. */
function serveUsers(api: FakeApi, initial: User[]) {
  let users = [...initial];
  api.on('GET', '/api/v1/users', (request) => {
    const q = typeof request.params.q === 'string' ? request.params.q : '';
    const items = users.filter((u) => u.email.includes(q) || u.full_name.includes(q));
    return ok(page(items, items.length));
  });
  api.on('PATCH', /^\/api\/v1\/users\/[^/]+$/, (request) => {
    const id = request.path.split('/').at(-1);
    users = users.map((u) => (u.id === id ? { ...u, ...(request.body as Partial<User>) } : u));
    return ok(users.find((u) => u.id === id));
  });
  api.on('DELETE', /^\/api\/v1\/users\/[^/]+$/, (request) => {
    users = users.filter((u) => u.id !== request.path.split('/').at(-1));
    return ok(null);
  });
}

const ada = makeUser({ full_name: 'Ada Lovelace', email: 'ada@example.com', role: 'analyst' });
const grace = makeUser({ full_name: 'Grace Hopper', email: 'grace@example.com', role: 'manager', is_active: false });

describe('UsersPage', () => {
  it('lists the tenant’s users with role and status', async () => {
    const { api } = renderApp({ me: makeMe('admin'), route: '/users' });
    serveUsers(api, [ada, grace]);

    const rows = await screen.findAllByTestId('user-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('Ada Lovelace');
    expect(rows[0]).toHaveTextContent('Analyst');
    expect(rows[1]).toHaveTextContent('Inactive');
    expect(screen.getByText('Showing 1–2 of 2')).toBeInTheDocument();
  });

  it('searches by name or email', async () => {
    const { api } = renderApp({ me: makeMe('admin'), route: '/users' });
    serveUsers(api, [ada, grace]);
    const user = userEvent.setup();
    await screen.findAllByTestId('user-row');

    await user.type(screen.getByRole('searchbox', { name: 'Search users' }), 'grace');

    await waitFor(() => expect(screen.getAllByTestId('user-row')).toHaveLength(1));
    expect(api.calls('GET', '/api/v1/users').at(-1)?.params).toMatchObject({ q: 'grace', page: 1 });
  });

  it('says so when nothing matches, and when the tenant has no users', async () => {
    const { api } = renderApp({ me: makeMe('admin'), route: '/users' });
    serveUsers(api, []);
    expect(await screen.findByText('No users yet')).toBeInTheDocument();
    const user = userEvent.setup();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Role' }), 'viewer');
    expect(await screen.findByText('No users match these filters')).toBeInTheDocument();
  });

  it('shows the API error and retries on request', async () => {
    const { api } = renderApp({ me: makeMe('admin'), route: '/users' });
    api.on('GET', '/api/v1/users', fail(500, 'Database unavailable'));
    const user = userEvent.setup();

    expect(await screen.findByText('Database unavailable')).toBeInTheDocument();
    serveUsers(api, [ada]);
    await user.click(screen.getByRole('button', { name: 'Try again' }));

    expect(await screen.findByText('Ada Lovelace')).toBeInTheDocument();
  });

  it('changes a role, sending only what changed', async () => {
    const { api } = renderApp({ me: makeMe('admin'), route: '/users' });
    serveUsers(api, [ada]);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Edit Ada Lovelace' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit user' });
    await user.selectOptions(within(dialog).getByLabelText('Role'), 'admin');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByText('User updated')).toBeInTheDocument();
    expect(api.calls('PATCH', `/api/v1/users/${ada.id}`)[0]?.body).toEqual({ role: 'admin' });
    const row = screen.getByTestId('user-row');
    expect(await within(row).findByText('Admin')).toBeInTheDocument();
  });

  it('deactivates a user with the switch', async () => {
    const { api } = renderApp({ me: makeMe('admin'), route: '/users' });
    serveUsers(api, [ada]);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Edit Ada Lovelace' }));
    await user.click(await screen.findByRole('switch', { name: 'Active' }));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    await waitFor(() => expect(api.calls('PATCH', `/api/v1/users/${ada.id}`)[0]?.body).toEqual({ is_active: false }));
  });

  it('deletes a user only after confirmation', async () => {
    const { api } = renderApp({ me: makeMe('admin'), route: '/users' });
    serveUsers(api, [ada, grace]);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Delete Grace Hopper' }));
    const confirm = await screen.findByRole('alertdialog', { name: 'Delete user?' });
    expect(confirm).toHaveTextContent('grace@example.com loses access immediately');
    expect(api.calls('DELETE', `/api/v1/users/${grace.id}`)).toHaveLength(0);
    await user.click(within(confirm).getByRole('button', { name: 'Delete' }));

    expect(await screen.findByText('User deleted')).toBeInTheDocument();
    await waitFor(() => expect(screen.getAllByTestId('user-row')).toHaveLength(1));
  });

  it('does not let users edit or delete themselves', async () => {
    const me = makeMe('admin');
    const { api } = renderApp({ me, route: '/users' });
    serveUsers(api, [makeUser({ id: me.id, full_name: me.full_name, email: me.email, role: 'admin' })]);
    expect(await screen.findByRole('button', { name: `Delete ${me.full_name}` })).toBeDisabled();
    expect(screen.getByRole('button', { name: `Edit ${me.full_name}` })).toBeDisabled();
  });

  it('asks a superadmin to choose a tenant first', async () => {
    const { api } = renderApp({ me: makeMe('superadmin'), route: '/users' });
    api.on('GET', '/api/v1/tenants', ok(page([])));
    expect(await screen.findByText('Choose a tenant')).toBeInTheDocument();
    expect(api.calls('GET', '/api/v1/users')).toHaveLength(0);
  });
});
