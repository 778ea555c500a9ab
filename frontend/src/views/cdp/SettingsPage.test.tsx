import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { CdpSettingsView } from '@stratum/contracts';
import { makeMe } from '@/test/factories';
import { fail, ok } from '@/test/fakeApi';
import { renderApp } from '@/test/render';

const saved: CdpSettingsView = {
  default_phone_region: 'AE',
  currency: 'AED',
  currency_rates: { USD: 3.6725 },
  timezone: 'Asia/Dubai',
  churn_days: 90,
  blocked_values: ['test'],
  identifier_limits: { external_id: 1, email: 5, phone: 5 },
  require_consent: false,
};

function renderSettings(role: 'admin' | 'analyst' = 'admin') {
  const view = renderApp({ me: makeMe(role), route: '/cdp/settings' });
  view.api.on('GET', '/api/v1/cdp/settings', ok(saved));
  view.api.on('PUT', '/api/v1/cdp/settings', (request) => ok(request.body));
  return view;
}

describe('SettingsPage', () => {
  it('shows the saved settings and saves the edited ones, rates and blocked values included', async () => {
    const { api } = renderSettings();
    const user = userEvent.setup();
    const currency = await screen.findByLabelText('Currency', { selector: 'input[maxlength="3"]:not([name^="currency_rates"])' });
    expect(currency).toHaveValue('AED');
    expect(screen.getByLabelText('Time zone')).toHaveValue('Asia/Dubai');

    await user.click(screen.getByRole('button', { name: 'Add a rate' }));
    const rows = screen.getAllByTestId('currency-rate-row');
    await user.type(within(rows[1]!).getByLabelText('Currency'), 'eur');
    await user.type(within(rows[1]!).getByLabelText('Rate'), '4.1');
    await user.selectOptions(screen.getByLabelText('Time zone'), 'UTC');
    await user.clear(screen.getByLabelText('Churn after (days)'));
    await user.type(screen.getByLabelText('Churn after (days)'), '30');
    await user.type(screen.getByLabelText('Blocked identifier values'), '\n  Guest  \n');
    await user.clear(screen.getByLabelText('Default phone region'));
    await user.clear(screen.getByLabelText('External IDs (user ids) per person'));
    await user.type(screen.getByLabelText('External IDs (user ids) per person'), '2');
    await user.click(screen.getByRole('switch', { name: 'Require consent before collecting' }));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    await waitFor(() => expect(api.calls('PUT', '/api/v1/cdp/settings')).toHaveLength(1));
    expect(api.calls('PUT', '/api/v1/cdp/settings')[0]!.body).toEqual({
      default_phone_region: null,
      currency: 'AED',
      currency_rates: { USD: 3.6725, EUR: 4.1 },
      timezone: 'UTC',
      churn_days: 30,
      blocked_values: ['test', 'Guest'],
      identifier_limits: { external_id: 2, email: 5, phone: 5 },
      require_consent: true,
    });
    expect(await screen.findByText('Settings saved')).toBeInTheDocument();
  });

  it('explains values it cannot save before sending them, and shows the server’s reasons', async () => {
    const { api } = renderSettings();
    const user = userEvent.setup();
    await screen.findByDisplayValue('AED');
    await user.click(screen.getByRole('button', { name: 'Add a rate' }));
    const rows = screen.getAllByTestId('currency-rate-row');
    await user.type(within(rows[1]!).getByLabelText('Currency'), 'usd');
    await user.clear(screen.getByLabelText('Churn after (days)'));
    await user.type(screen.getByLabelText('Churn after (days)'), '0');
    await user.type(screen.getByLabelText('Phone numbers per person'), '00');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    expect(await within(rows[1]!).findByText('This field is required')).toBeInTheDocument();
    expect(screen.getByText('Must be at least 1')).toBeInTheDocument();
    expect(screen.getByText('Must be at most 100')).toBeInTheDocument();
    // Rows are compared once each one is complete.
    await user.type(within(rows[1]!).getByLabelText('Rate'), '3');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await within(rows[1]!).findByText('Listed twice')).toBeInTheDocument();
    // The API's limits on blocked values, said here with the line (the API's message was a schema's, in English).
    fireEvent.change(screen.getByLabelText('Blocked identifier values'), { target: { value: `test\n${'x'.repeat(300)}` } });
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Line 2 is longer than 255 characters')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Blocked identifier values'), { target: { value: Array.from({ length: 201 }, (_, i) => `v${i}`).join('\n') } });
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('At most 200 values')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Blocked identifier values'), { target: { value: 'test' } });
    expect(api.calls('PUT', '/api/v1/cdp/settings')).toHaveLength(0);

    await user.click(within(rows[1]!).getByRole('button', { name: 'Remove this rate' }));
    await user.clear(screen.getByLabelText('Churn after (days)'));
    await user.type(screen.getByLabelText('Churn after (days)'), '45');
    await user.clear(screen.getByLabelText('Phone numbers per person'));
    await user.type(screen.getByLabelText('Phone numbers per person'), '3');
    api.on('PUT', '/api/v1/cdp/settings', fail(422, 'Validation failed', [{ field: 'body.timezone', code: 'invalid', message: 'Time zone must be an IANA name such as Asia/Dubai' }]));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Time zone must be an IANA name such as Asia/Dubai')).toBeInTheDocument();
    // A code the page knows is worded in the console's language, not the API's English.
    api.on('PUT', '/api/v1/cdp/settings', fail(422, 'Validation failed', [{ field: 'default_phone_region', code: 'unknown_region', message: 'Region must be a country with phone numbers' }]));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Pick a country with phone numbers, as a two-letter code such as AE.')).toBeInTheDocument();
  });

  it('says, when the currency is changed, that revenue counted so far is not converted', async () => {
    renderSettings();
    const user = userEvent.setup();
    const currency = await screen.findByDisplayValue('AED');
    expect(screen.getByText('Revenue is counted in this currency (ISO code, e.g. AED).')).toBeInTheDocument();
    await user.clear(currency);
    await user.type(currency, 'usd');
    expect(await screen.findByText(/Revenue counted so far stays as it was counted, in AED/)).toBeInTheDocument();
  });

  it('is read-only below admin', async () => {
    renderSettings('analyst');
    expect(await screen.findByText('Only admins can change these settings.')).toBeInTheDocument();
    expect(screen.getByLabelText('Time zone')).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Save changes' })).not.toBeInTheDocument();
  });
});
