import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { LIST_COUNT_AHEAD } from '@stratum/contracts';
import { makeEventStatistics, makeMe, makeSource, makeStoredEvent, uuid } from '@/test/factories';
import { fail, ok, page } from '@/test/fakeApi';
import { renderApp } from '@/test/render';

const website = makeSource({ name: 'Main website' });
const profileId = uuid();
const purchase = makeStoredEvent({
  event_name: 'Purchase',
  source_id: website.id,
  profile_id: profileId,
  identifier_types: ['email', 'device_id'],
  properties: { total: 499, currency: 'AED' },
  context: { campaign: { source: 'newsletter' } },
  emq_score: 85,
});
const pageView = makeStoredEvent({ event_name: 'Page Viewed', emq_score: 30 });

function renderEvents(settings: Record<string, unknown> = {}) {
  const me = makeMe('analyst');
  const view = renderApp({ me: { ...me, active_tenant: { ...me.active_tenant!, settings } }, route: '/cdp/events' });
  view.api.on('GET', '/api/v1/cdp/sources', ok({ items: [website], total: 1 }));
  return view;
}

describe('EventsPage', () => {
  it('lists recent events with source, profile, identifiers and EMQ band', async () => {
    const { api } = renderEvents();
    api.on('GET', '/api/v1/cdp/events', ok(page([purchase, pageView])));

    const rows = await screen.findAllByTestId('event-row');
    expect(rows).toHaveLength(2);
    await waitFor(() => expect(rows[0]).toHaveTextContent('Main website'));
    expect(rows[0]).toHaveTextContent('Purchase');
    expect(rows[0]).toHaveTextContent('Email');
    expect(rows[0]).toHaveTextContent('Device ID');
    expect(within(rows[0]!).getByTestId('emq-badge')).toHaveAttribute('data-band', 'excellent');
    expect(within(rows[0]!).getByRole('link', { name: `Open profile ${profileId.slice(-8)}` })).toHaveAttribute('href', `/cdp/profiles/${profileId}`);
    expect(within(rows[1]!).getByTestId('emq-badge')).toHaveAttribute('data-band', 'poor');
    expect(rows[1]).toHaveTextContent('Console / API');
  });

  it('shows an event as JSON', async () => {
    const { api } = renderEvents();
    api.on('GET', '/api/v1/cdp/events', ok(page([purchase])));
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: /View JSON of Purchase/ }));

    const dialog = await screen.findByRole('dialog', { name: 'Purchase' });
    const json = within(dialog).getByTestId('event-json');
    expect(JSON.parse(json.textContent ?? '')).toEqual(purchase);
    await user.click(within(dialog).getByRole('button', { name: 'Copy JSON' }));
    expect(await navigator.clipboard.readText()).toBe(JSON.stringify(purchase, null, 2));
    await user.click(within(dialog).getAllByRole('button', { name: 'Close' })[0]!);
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it("filters by event name, source and date range, in the tenant's days as the dashboard counts them", async () => {
    const { api } = renderEvents({ timezone: 'Asia/Dubai' });
    api.on('GET', '/api/v1/cdp/events', ok(page([purchase])));
    const user = userEvent.setup();
    await screen.findAllByTestId('event-row');

    await user.type(screen.getByLabelText('Event name'), 'Purchase');
    await user.selectOptions(screen.getByLabelText('Source'), 'Main website');
    // The zone is named where it is not the browser's own (the test runs in UTC or another zone than Dubai's).
    expect(screen.getByRole('columnheader', { name: 'Time (Asia/Dubai)' })).toBeInTheDocument();
    await user.type(screen.getByLabelText('From (Asia/Dubai)'), '2026-01-01');
    await user.type(screen.getByLabelText('To (Asia/Dubai)'), '2026-01-31');

    await waitFor(() =>
      expect(api.calls('GET', '/api/v1/cdp/events').at(-1)?.params).toEqual({
        event_name: 'Purchase',
        source_id: website.id,
        from: '2025-12-31T20:00:00.000Z',
        to: '2026-01-31T19:59:59.999Z',
        page: 1,
        page_size: 25,
      }),
    );
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(api.calls('GET', '/api/v1/cdp/events').at(-1)?.params).toEqual({ page: 1, page_size: 25 }));
  });

  it('suggests the names of recent events, since the filter matches a name exactly', async () => {
    const { api } = renderEvents();
    api.on('GET', '/api/v1/cdp/events', ok(page([purchase])));
    api.on('GET', '/api/v1/cdp/events/statistics', ok(makeEventStatistics()));
    await screen.findAllByTestId('event-row');
    const suggestions = screen.getByTestId('event-name-suggestions');
    await waitFor(() => expect(Array.from(suggestions.querySelectorAll('option'), (o) => o.value)).toEqual(['Page Viewed', 'Purchase', 'Signed Up']));
    expect(screen.getByLabelText('Event name')).toHaveAttribute('list', suggestions.id);
    // The last 30 days.
    const from = Date.parse(String(api.calls('GET', '/api/v1/cdp/events/statistics')[0]?.params.from));
    expect(Math.round((Date.now() - from) / 86_400_000)).toBe(30);
  });

  it('pages through events', async () => {
    const { api } = renderEvents();
    api.on('GET', '/api/v1/cdp/events', (request) => ok(page([purchase], 60, Number(request.params.page), 25)));
    const user = userEvent.setup();
    expect(await screen.findByText('Showing 1–25 of 60')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('Showing 26–50 of 60')).toBeInTheDocument();
  });

  it('says "10,000+" when the count stopped ahead of the page, and keeps offering the next one', async () => {
    const { api } = renderEvents();
    api.on('GET', '/api/v1/cdp/events', (request) => {
      const n = Number(request.params.page);
      return ok({ ...page([purchase], (n - 1) * 25 + LIST_COUNT_AHEAD, n, 25), total_capped: true });
    });
    const user = userEvent.setup();
    expect(await screen.findByText('Showing 1–25 of 10,000+')).toBeInTheDocument();
    expect(screen.getByText('Page 1 of 400+')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('Showing 26–50 of 10,025+')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next page' })).toBeEnabled();
  });

  it('has empty, filtered-empty and error states', async () => {
    const { api } = renderEvents();
    api.on('GET', '/api/v1/cdp/events', ok(page([])));
    const user = userEvent.setup();
    expect(await screen.findByText('No events yet')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Event name'), 'Nope');
    expect(await screen.findByText('No events match these filters')).toBeInTheDocument();

    api.on('GET', '/api/v1/cdp/events', fail(500, 'Database unavailable'));
    await user.type(screen.getByLabelText('Event name'), 'X');
    expect(await screen.findByText('Could not load events.')).toBeInTheDocument();
  });
});
