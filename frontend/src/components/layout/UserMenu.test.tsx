import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useSessionStore } from '@/stores/session';
import { makeMe, makeOverview } from '@/test/factories';
import { ok } from '@/test/fakeApi';
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
});
