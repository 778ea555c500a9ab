import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useSessionStore } from '@/stores/session';
import { makeMe, makeOverview } from '@/test/factories';
import { fail, ok } from '@/test/fakeApi';
import { renderApp } from '@/test/render';

describe('UserMenu', () => {
  it('shows who is signed in and signs out, revoking the refresh token', async () => {
    const { api } = renderApp({ me: makeMe('admin', { email: 'ada@example.com' }) });
    api.on('GET', '/api/v1/overview', ok(makeOverview()));
    api.on('POST', '/api/v1/auth/logout', ok(null));
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Account menu' }));
    expect(await screen.findByText('ada@example.com')).toBeInTheDocument();
    await user.click(screen.getByRole('menuitem', { name: 'Sign out' }));

    expect(await screen.findByRole('heading', { name: 'Sign in to your console' })).toBeInTheDocument();
    expect(api.calls('POST', '/api/v1/auth/logout')[0]).toMatchObject({
      body: { refresh_token: 'refresh-1' },
      headers: { authorization: 'Bearer access-1' },
    });
    expect(useSessionStore.getState().refreshToken).toBeNull();
  });

  it('changes the password: checks it first, shows the server refusal by field, then keeps the session on the new pair', async () => {
    const { api } = renderApp({ me: makeMe('analyst', { email: 'ada@example.com' }) });
    api.on('GET', '/api/v1/overview', ok(makeOverview()));
    api.on('POST', '/api/v1/auth/password', fail(422, 'Validation failed', [
      { field: 'current_password', code: 'wrong_password', message: 'The current password is not right' },
    ]));
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Account menu' }));
    await user.click(screen.getByRole('menuitem', { name: 'Change password' }));
    const dialog = await screen.findByRole('dialog', { name: 'Change password' });
    await user.type(within(dialog).getByLabelText('Current password'), 'same-password-1');
    await user.type(within(dialog).getByLabelText('New password'), 'same-password-1');
    await user.click(within(dialog).getByRole('button', { name: 'Change password' }));
    expect(await within(dialog).findByText('Choose a password different from the current one.')).toBeInTheDocument();
    expect(api.calls('POST', '/api/v1/auth/password')).toHaveLength(0);

    await user.clear(within(dialog).getByLabelText('New password'));
    await user.type(within(dialog).getByLabelText('New password'), 'a-new-long-password');
    await user.click(within(dialog).getByRole('button', { name: 'Change password' }));
    expect(await within(dialog).findByText('This is not your current password.')).toBeInTheDocument();

    api.on('POST', '/api/v1/auth/password', ok({ access_token: 'access-2', refresh_token: 'refresh-2', token_type: 'bearer', expires_in: 900 }));
    await user.click(within(dialog).getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('Password changed. Other sessions were signed out.')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(api.calls('POST', '/api/v1/auth/password').at(-1)?.body).toEqual({
      current_password: 'same-password-1',
      new_password: 'a-new-long-password',
    });
    expect(useSessionStore.getState()).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-2' });
  });
});
