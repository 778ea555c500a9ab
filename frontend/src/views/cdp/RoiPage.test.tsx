import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeMe, makeRoiInputs } from '@/test/factories';
import { fail, ok } from '@/test/fakeApi';
import { renderApp } from '@/test/render';

function renderRoi() {
  const me = makeMe('analyst');
  me.active_tenant!.settings = { currency: 'AED' };
  return renderApp({ me, route: '/cdp/roi' });
}

describe('RoiPage', () => {
  it('shows the calculator in the tenant’s currency', async () => {
    renderRoi();
    expect(await screen.findByRole('heading', { name: 'CDP ROI calculator' })).toBeInTheDocument();
    expect(screen.getByTestId('roi-revenue').textContent?.replace(/\s/g, ' ')).toBe('+AED 500,000');
    expect(screen.getByRole('slider', { name: 'Monthly CDP cost' }).getAttribute('aria-valuetext')?.replace(/\s/g, ' ')).toBe('AED 2,000');
  });

  it('fills the match and conversion rate from the tenant’s own data', async () => {
    const { api } = renderRoi();
    api.on('GET', '/api/v1/cdp/roi/inputs', ok(makeRoiInputs({ match_rate: 42.52, conversion_rate: 1.87 })));
    const user = userEvent.setup();

    await user.click(await screen.findByRole('switch', { name: 'Use my data' }));

    const match = screen.getByRole('slider', { name: 'Current identity match rate' });
    await waitFor(() => expect(match).toHaveAttribute('aria-valuenow', '45'));
    expect(match).toHaveAttribute('aria-valuetext', '45%');
    expect(screen.getByRole('slider', { name: 'Conversion rate' })).toHaveAttribute('aria-valuenow', '1.9');
    expect(screen.getByTestId('roi-my-data-note')).toHaveTextContent('Based on 2,500 profiles, 6,100 sessions and 114 purchases.');
    // 100,000 × 1.9% = 1,900 conversions; 45% of them are attributed today.
    expect(screen.getByTestId('roi-current')).toHaveTextContent('855');
    expect(api.calls('GET', '/api/v1/cdp/roi/inputs')).toHaveLength(1);
  });

  it('says when the tenant’s data cannot be loaded', async () => {
    const { api } = renderRoi();
    api.on('GET', '/api/v1/cdp/roi/inputs', fail(403, 'Missing permission cdp:read'));
    const user = userEvent.setup();

    await user.click(await screen.findByRole('switch', { name: 'Use my data' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Could not load your data.');
    expect(screen.getByRole('slider', { name: 'Current identity match rate' })).toHaveAttribute('aria-valuenow', '35');
  });
});
