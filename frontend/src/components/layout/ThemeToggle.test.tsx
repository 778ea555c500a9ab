import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { UI_STORAGE_KEY } from '@/stores/ui';
import { renderApp } from '@/test/render';

describe('ThemeToggle', () => {
  it('puts the console in dark mode and back, and remembers the choice', async () => {
    renderApp({ route: '/login' });
    const user = userEvent.setup();
    expect(document.documentElement).not.toHaveClass('dark');

    await user.click(screen.getByRole('button', { name: 'Switch to dark theme' }));

    expect(document.documentElement).toHaveClass('dark');
    expect(JSON.parse(localStorage.getItem(UI_STORAGE_KEY) ?? '{}')).toMatchObject({ state: { theme: 'dark' } });

    await user.click(screen.getByRole('button', { name: 'Switch to light theme' }));

    expect(document.documentElement).not.toHaveClass('dark');
  });
});
