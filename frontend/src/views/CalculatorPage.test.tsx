import { describe, expect, it } from 'vitest';
import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderApp } from '@/test/render';

describe('CalculatorPage', () => {
  it('is open to anyone: no sign-in, no session request, no sidebar', async () => {
    const { api } = renderApp({ route: '/cdp-calculator' });

    expect(await screen.findByRole('heading', { name: 'What is a unified customer view worth?' })).toBeInTheDocument();
    expect(screen.getByTestId('roi-current')).toHaveTextContent('875');
    expect(screen.getByTestId('roi-projected')).toHaveTextContent('1,875');
    expect(screen.getByTestId('roi-percent')).toHaveTextContent('9,900%');
    expect(screen.queryByRole('navigation', { name: 'Main navigation' })).not.toBeInTheDocument();
    expect(screen.queryByRole('switch', { name: 'Use my data' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/login');
    expect(api.requests).toHaveLength(0);
  });

  it('switches currency, language and theme', async () => {
    renderApp({ route: '/cdp-calculator' });
    const user = userEvent.setup();

    await user.selectOptions(screen.getByLabelText('Currency'), 'AED');
    expect(screen.getByTestId('roi-revenue').textContent?.replace(/\s/g, ' ')).toBe('+AED 500,000');

    await user.click(screen.getByTestId('theme-toggle'));
    expect(document.documentElement).toHaveClass('dark');

    await user.click(screen.getByTestId('language-switch'));
    expect(await screen.findByRole('heading', { name: 'كم تساوي رؤية موحّدة لعملائك؟' })).toBeInTheDocument();
    expect(document.documentElement.dir).toBe('rtl');
    // The slider follows the reading direction: in Arabic, the arrow toward the end of the line still increases.
    const sessions = screen.getByRole('slider', { name: 'الجلسات الشهرية' });
    act(() => sessions.focus());
    await user.keyboard('{ArrowLeft}');
    expect(sessions).toHaveAttribute('aria-valuenow', '110000');
  });
});
