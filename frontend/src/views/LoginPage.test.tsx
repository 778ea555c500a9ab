import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useSessionStore } from '@/stores/session';
import { makeMe, makeOverview } from '@/test/factories';
import { fail, ok } from '@/test/fakeApi';
import { renderApp } from '@/test/render';

const tokens = { access_token: 'a1', refresh_token: 'r1', token_type: 'bearer', expires_in: 900 };

async function signIn(email: string, password: string) {
  const user = userEvent.setup();
  if (email) await user.type(screen.getByLabelText('Email'), email);
  if (password) await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('LoginPage', () => {
  it('sends an anonymous visitor to the login page', async () => {
    renderApp({ route: '/users' });
    expect(await screen.findByRole('heading', { name: 'Sign in to your console' })).toBeInTheDocument();
  });

  it('validates the form before calling the API', async () => {
    const { api } = renderApp({ route: '/login' });
    await signIn('not-an-email', '');

    expect(await screen.findByText('Enter a valid email address')).toBeInTheDocument();
    expect(screen.getByText('This field is required')).toBeInTheDocument();
    expect(screen.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true');
    expect(api.calls('POST', '/api/v1/auth/login')).toHaveLength(0);
  });

  it('shows the message the API gives for wrong credentials', async () => {
    const { api } = renderApp({ route: '/login' });
    api.on('POST', '/api/v1/auth/login', fail(401, 'Invalid email or password'));

    await signIn('ada@example.com', 'wrong-password');

    expect(await screen.findByRole('alert')).toHaveTextContent('Invalid email or password');
    expect(useSessionStore.getState().accessToken).toBeNull();
  });

  it('tells a throttled user how long to wait', async () => {
    const { api } = renderApp({ route: '/login' });
    api.on('POST', '/api/v1/auth/login', fail(429, 'Too many requests', [], { 'retry-after': '42' }));

    await signIn('ada@example.com', 'whatever-password');

    expect(await screen.findByTestId('login-error')).toHaveTextContent(
      'Too many sign-in attempts. Try again in 42 seconds.',
    );
  });

  it('signs in with a lower-cased email and lands a tenant user on the CDP dashboard', async () => {
    const me = makeMe('admin');
    const { api } = renderApp({ route: '/login' });
    api.on('POST', '/api/v1/auth/login', ok(tokens));
    api.on('GET', '/api/v1/auth/me', ok(me));

    await signIn('  Ada@Example.COM ', 'correct-password');

    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeInTheDocument();
    expect(api.calls('POST', '/api/v1/auth/login')[0]?.body).toEqual({
      email: 'ada@example.com',
      password: 'correct-password',
    });
    expect(useSessionStore.getState()).toMatchObject({ accessToken: 'a1', refreshToken: 'r1' });
  });

  it('opens the page the user asked for before signing in', async () => {
    const { api } = renderApp({ route: '/users' });
    api.on('POST', '/api/v1/auth/login', ok(tokens));
    api.on('GET', '/api/v1/auth/me', ok(makeMe('admin')));
    api.on('GET', '/api/v1/users', ok({ items: [], total: 0, page: 1, page_size: 20 }));

    await screen.findByRole('heading', { name: 'Sign in to your console' });
    await signIn('ada@example.com', 'correct-password');

    expect(await screen.findByRole('heading', { name: 'Users' })).toBeInTheDocument();
  });

  it("lands a tenant user whose workspace has the CDP switched off on the overview, not on a dashboard that cannot load", async () => {
    const me = makeMe('admin');
    me.active_tenant!.feature_flags = { cdp: false };
    const { api } = renderApp({ route: '/login' });
    api.on('POST', '/api/v1/auth/login', ok(tokens));
    api.on('GET', '/api/v1/auth/me', ok(me));
    api.on('GET', '/api/v1/overview', ok(makeOverview()));

    await signIn('ada@example.com', 'correct-password');

    expect(await screen.findByRole('heading', { name: 'Overview' })).toBeInTheDocument();
    expect(api.calls('GET', '/api/v1/cdp/events/statistics')).toHaveLength(0);
  });

  it('lands a superadmin on the overview, where they pick a tenant', async () => {
    const { api } = renderApp({ route: '/login' });
    api.on('POST', '/api/v1/auth/login', ok(tokens));
    api.on('GET', '/api/v1/auth/me', ok(makeMe('superadmin')));
    api.on('GET', '/api/v1/tenants', ok({ items: [], total: 0, page: 1, page_size: 100 }));

    await signIn('root@example.com', 'correct-password');

    expect(await screen.findByRole('heading', { name: 'Choose a tenant' })).toBeInTheDocument();
  });
});
