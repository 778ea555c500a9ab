import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { UI_STORAGE_KEY } from '@/stores/ui';
import { makeMe, makeOverview } from '@/test/factories';
import { ok } from '@/test/fakeApi';
import { renderApp } from '@/test/render';

describe('LanguageSwitch', () => {
  it('switches the whole console to Arabic, right to left, and back', async () => {
    const { api } = renderApp({ me: makeMe('admin') });
    api.on('GET', '/api/v1/overview', ok(makeOverview()));
    const user = userEvent.setup();
    expect(document.documentElement).toHaveAttribute('dir', 'ltr');

    await user.click(await screen.findByRole('button', { name: 'Switch to Arabic' }));

    expect(document.documentElement).toHaveAttribute('dir', 'rtl');
    expect(document.documentElement).toHaveAttribute('lang', 'ar');
    expect(await screen.findByRole('heading', { name: 'نظرة عامة' })).toBeInTheDocument();
    expect(JSON.parse(localStorage.getItem(UI_STORAGE_KEY) ?? '{}')).toMatchObject({ state: { language: 'ar' } });

    await user.click(screen.getByRole('button', { name: 'التبديل إلى الإنجليزية' }));

    expect(document.documentElement).toHaveAttribute('dir', 'ltr');
    expect(document.documentElement).toHaveAttribute('lang', 'en');
    expect(await screen.findByRole('heading', { name: 'Overview' })).toBeInTheDocument();
  });

  it('is available on the login page', async () => {
    renderApp({ route: '/login' });
    const user = userEvent.setup();
    await user.click(screen.getByTestId('language-switch'));
    expect(await screen.findByRole('button', { name: 'تسجيل الدخول' })).toBeInTheDocument();
    expect(screen.getByLabelText('البريد الإلكتروني')).toBeInTheDocument();
  });
});
