import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { SetAsideRequest, Source, SourceType } from '@stratum/contracts';
import { LIVE_FEED_CAP } from '@/lib/liveFeed';
import { useRevealedKeysStore } from '@/stores/revealedKeys';
import { useSessionStore } from '@/stores/session';
import { useUiStore } from '@/stores/ui';
import { makeLiveEvent } from '@/test/collectionFactories';
import { installFakeEventStreams } from '@/test/fakeEventStream';
import { makeMe, makeSource } from '@/test/factories';
import { fail, ok, type FakeApi } from '@/test/fakeApi';
import { renderApp } from '@/test/render';

const FULL_KEY = 'cdp_Ab12CdEf34GhIj56KlMn78OpQr90StUv';

afterEach(() => {
  vi.unstubAllGlobals();
  useRevealedKeysStore.setState({ keys: {} });
});

function openSource(
  source: Source,
  { tab, role = 'admin', api: prepared }: { tab?: 'live'; role?: 'admin' | 'viewer'; api?: (api: FakeApi) => void } = {},
) {
  const streams = installFakeEventStreams();
  const view = renderApp({ me: makeMe(role), route: `/cdp/sources/${source.id}${tab ? `?tab=${tab}` : ''}` });
  view.api.on('GET', `/api/v1/cdp/sources/${source.id}`, ok(source));
  view.api.on('GET', `/api/v1/cdp/sources/${source.id}/set-aside`, ok({ items: [], total: 0 }));
  prepared?.(view.api);
  return { ...view, streams };
}

const codeOf = (testId: string) => screen.getByTestId(testId).textContent ?? '';

describe('SourceDetailPage — setup', () => {
  it.each<[SourceType, string[]]>([
    ['website', ['snippet-sdk', 'snippet-sdk-usage', 'snippet-analytics-js', 'snippet-rudderstack-js']],
    ['server', ['snippet-ingest-curl', 'snippet-analytics-node', 'snippet-track-curl']],
    ['sgtm', ['snippet-sgtm-request', 'snippet-sgtm-body']],
    ['import', ['snippet-ndjson-events', 'snippet-ndjson-profiles', 'snippet-csv']],
    ['crm', ['snippet-ndjson-events', 'snippet-ndjson-profiles', 'snippet-csv', 'snippet-ingest-curl']],
  ])('shows the %s instructions', async (type, snippets) => {
    openSource(makeSource({ name: 'My source', source_type: type }));
    const setup = await screen.findByTestId('source-setup');
    expect(setup).toHaveAttribute('data-source-type', type);
    expect(within(setup).getAllByRole('region').length).toBeGreaterThan(0);
    for (const testId of snippets) expect(screen.getByTestId(testId)).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'Copy' }).length).toBeGreaterThanOrEqual(snippets.length);
  });

  it('fills in the key prefix, the origin and the SDK host, and says where the full key was', async () => {
    const source = makeSource({ source_type: 'website', key_prefix: 'cdp_Ab12Cd' });
    openSource(source);
    await screen.findByTestId('source-setup');
    const origin = window.location.origin;

    expect(screen.getByRole('heading', { level: 1, name: 'Main website' })).toBeInTheDocument();
    expect(screen.getByTestId('setup-key-prefix')).toHaveTextContent('The snippets show cdp_Ab12Cd…');
    expect(codeOf('snippet-sdk')).toContain(`})(window, document, '${origin}', 'cdp_Ab12Cd…');`);
    expect(codeOf('snippet-sdk')).toContain("script.src = host + '/sdk.js';");
    expect(codeOf('snippet-analytics-js')).toContain(`AnalyticsBrowser.load({ writeKey: 'cdp_Ab12Cd…', cdnURL: '${origin}' })`);
    expect(codeOf('snippet-rudderstack-js')).toContain(`rudderAnalytics.load('cdp_Ab12Cd…', '${origin}', { configUrl: '${origin}/v1' })`);

    await userEvent.setup().click(screen.getAllByRole('button', { name: 'Copy' })[0]!);
    expect(await navigator.clipboard.readText()).toContain("'cdp_Ab12Cd…'");
  });

  it('uses the full key when the reveal dialog handed it over, and forgets it when the page closes', async () => {
    const source = makeSource({ source_type: 'server', key_prefix: FULL_KEY.slice(0, 10) });
    useRevealedKeysStore.getState().remember(source.id, FULL_KEY);
    const { unmount } = openSource(source);
    await screen.findByTestId('source-setup');

    expect(screen.getByTestId('setup-key-full')).toHaveTextContent('Your full key is filled in');
    expect(codeOf('snippet-ingest-curl')).toContain(`-H 'X-Source-Key: ${FULL_KEY}'`);
    expect(codeOf('snippet-ingest-curl')).toContain(`'${window.location.origin}/api/v1/cdp/ingest'`);
    expect(codeOf('snippet-analytics-node')).toContain(`new Analytics({ writeKey: '${FULL_KEY}', host: '${window.location.origin}' })`);
    expect(codeOf('snippet-track-curl')).toContain(`-u '${FULL_KEY}:'`);
    // Taken out of the store at once: only this page holds it now.
    expect(useRevealedKeysStore.getState().keys).toEqual({});
    unmount();
  });

  it('describes the sGTM tag with the ingest URL, the key header and a JSON body', async () => {
    openSource(makeSource({ source_type: 'sgtm', is_active: false }));
    await screen.findByTestId('source-setup');
    expect(codeOf('snippet-sgtm-request')).toBe(`POST ${window.location.origin}/api/v1/cdp/ingest\nContent-Type: application/json\nX-Source-Key: cdp_Ab12Cd…`);
    const body = JSON.parse(codeOf('snippet-sgtm-body')) as { events: { event_name: string; identifiers: unknown[] }[] };
    expect(body.events[0]?.event_name).toBe('{{Event Name}}');
    expect(body.events[0]?.identifiers).toHaveLength(2);
    expect(screen.getByText(/each {{…}} stands for an event-data variable/)).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('This source is inactive');
  });

  it('links import sources to the Imports page with the source chosen', async () => {
    const source = makeSource({ source_type: 'import' });
    openSource(source);
    const link = await screen.findByTestId('setup-open-imports');
    expect(link).toHaveAttribute('href', `/cdp/imports?source=${source.id}`);
    const line = JSON.parse(codeOf('snippet-ndjson-events').split('\n')[0]!) as { identifiers: unknown[] };
    expect(line.identifiers).toHaveLength(1);
  });

  it('switches tabs with the arrow keys, Home and End', async () => {
    openSource(makeSource());
    const user = userEvent.setup();
    const setupTab = await screen.findByRole('tab', { name: 'Setup' });
    expect(screen.getByRole('tablist', { name: 'Source sections' })).toBeInTheDocument();
    setupTab.focus();
    await user.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: 'Live events' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('tab', { name: 'Live events' })).toHaveFocus();
    expect(screen.getByRole('tabpanel', { name: 'Live events' })).toBeVisible();
    await user.keyboard('{Home}');
    expect(setupTab).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{End}');
    expect(screen.getByRole('tab', { name: 'Live events' })).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{ArrowLeft}');
    expect(setupTab).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{Enter}');
    expect(setupTab).toHaveAttribute('aria-selected', 'true');
  });

  it('says when the source does not exist', async () => {
    const streams = installFakeEventStreams();
    const { api } = renderApp({ me: makeMe('admin'), route: '/cdp/sources/00000000-0000-4000-8000-00000000dead' });
    api.on('GET', '/api/v1/cdp/sources/00000000-0000-4000-8000-00000000dead', fail(404, 'Source not found'));
    expect(await screen.findByText('Source not found')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'All sources' })).toHaveAttribute('href', '/cdp/sources');
    expect(streams.fetch).not.toHaveBeenCalled();
  });
});

describe('SourceDetailPage — live events', () => {
  it('connects with the session headers and shows accepted and rejected events, newest first', async () => {
    const source = makeSource({ source_type: 'server' });
    const { streams } = openSource(source);
    const user = userEvent.setup();
    await screen.findByTestId('source-setup');
    // Nothing is streamed before the tab is opened.
    expect(streams.fetch).not.toHaveBeenCalled();

    await user.click(screen.getByRole('tab', { name: 'Live events' }));
    expect(screen.getByRole('tab', { name: 'Live events' })).toHaveAttribute('aria-selected', 'true');
    await waitFor(() => expect(screen.getByTestId('live-connection')).toHaveTextContent('Live'));
    const connection = streams.latest();
    expect(connection.url).toBe(`/api/v1/cdp/sources/${source.id}/live`);
    expect(connection.headers).toMatchObject({ authorization: 'Bearer access-1', accept: 'text/event-stream' });
    expect(screen.getByText('Waiting for events…')).toBeInTheDocument();

    const accepted = makeLiveEvent({ event_name: 'Order Completed', emq_score: 85 });
    const rejected = makeLiveEvent({ kind: 'rejected', event_name: null, reason: 'identifiers: At least one identifier is required', reason_code: 'no_identifier' });
    act(() => {
      connection.send(': heartbeat\n\n');
      connection.emit(accepted);
      connection.emit(rejected);
    });

    await waitFor(() => expect(screen.getAllByTestId('live-event-row')).toHaveLength(2));
    const rows = screen.getAllByTestId('live-event-row');
    expect(rows[0]).toHaveAttribute('data-kind', 'rejected');
    expect(rows[0]).toHaveTextContent('(no name)');
    expect(within(rows[0]!).getByTestId('live-event-status')).toHaveTextContent('Rejected');
    expect(within(rows[0]!).getByTestId('live-event-reason')).toHaveTextContent('No usable identifier: identifiers: At least one identifier is required');
    expect(rows[1]).toHaveTextContent('Order Completed');
    expect(within(rows[1]!).getByTestId('live-event-status')).toHaveTextContent('Accepted');
    expect(within(rows[1]!).getByTestId('emq-badge')).toHaveTextContent('85');
    expect(within(rows[1]!).getByRole('link')).toHaveAttribute('href', `/cdp/profiles/${accepted.profile_id}`);
    expect(screen.getByTestId('live-summary')).toHaveTextContent('Accepted: 1 · Rejected: 1');
    // In Arabic the reason is named in Arabic; the API's own text after it stays as sent.
    await act(async () => useUiStore.setState({ language: 'ar' }));
    await waitFor(() => expect(within(rows[0]!).getByTestId('live-event-reason')).toHaveTextContent('لا يوجد معرّف صالح: identifiers: At least one identifier is required'));
    await act(async () => useUiStore.setState({ language: 'en' }));

    // A replay of the same event (the stream restarts with the last minute) is not shown twice.
    await act(async () => {
      connection.emit(accepted);
      await new Promise((resolve) => setTimeout(resolve, 20));
    });
    expect(screen.getAllByTestId('live-event-row')).toHaveLength(2);

    await user.click(within(rows[1]!).getByTestId('live-view-json'));
    const dialog = await screen.findByRole('dialog', { name: 'Order Completed' });
    expect(JSON.parse(within(dialog).getByTestId('event-json').textContent ?? '')).toEqual(accepted);
    await user.keyboard('{Escape}');
    // An event refused before it had a name is titled as its row names it.
    await user.click(within(rows[0]!).getByTestId('live-view-json'));
    expect(await screen.findByRole('dialog', { name: '(no name)' })).toBeInTheDocument();
  });

  it('counts events while paused and shows them on resume; clear empties the list', async () => {
    const { streams } = openSource(makeSource(), { tab: 'live' });
    const user = userEvent.setup();
    await waitFor(() => expect(screen.getByTestId('live-connection')).toHaveTextContent('Live'));
    const connection = streams.latest();
    act(() => connection.emit(makeLiveEvent({ event_name: 'First' })));
    expect(await screen.findAllByTestId('live-event-row')).toHaveLength(1);

    await user.click(screen.getByTestId('live-pause'));
    expect(screen.getByTestId('live-connection')).toHaveTextContent('Paused');
    act(() => {
      // Two messages in one chunk, the third split across chunks.
      const second = makeLiveEvent({ event_name: 'Second' });
      const third = makeLiveEvent({ event_name: 'Third' });
      const text = [second, third].map((e) => `event: accepted\ndata: ${JSON.stringify(e)}\n\n`).join('');
      connection.send(text.slice(0, text.length - 20));
      connection.send(text.slice(text.length - 20));
    });
    expect(await screen.findByTestId('live-waiting')).toHaveTextContent('New while paused: 2');
    expect(screen.getAllByTestId('live-event-row')).toHaveLength(1);
    expect(screen.getByTestId('live-resume')).toHaveTextContent('Resume (2 new)');

    await user.click(screen.getByTestId('live-resume'));
    const names = screen.getAllByTestId('live-event-name').map((cell) => cell.textContent);
    expect(names).toEqual(['Third', 'Second', 'First']);
    expect(screen.queryByTestId('live-waiting')).not.toBeInTheDocument();

    await user.click(screen.getByTestId('live-clear'));
    expect(screen.queryByTestId('live-event-row')).not.toBeInTheDocument();
    expect(screen.getByText('Waiting for events…')).toBeInTheDocument();
  });

  it(`keeps only the newest ${LIVE_FEED_CAP} events`, async () => {
    const { streams } = openSource(makeSource(), { tab: 'live' });
    await waitFor(() => expect(screen.getByTestId('live-connection')).toHaveTextContent('Live'));
    act(() => {
      streams.latest().send(
        Array.from({ length: LIVE_FEED_CAP + 5 }, (_, i) => `event: accepted\ndata: ${JSON.stringify(makeLiveEvent({ event_name: `E${i}` }))}\n\n`).join(''),
      );
    });
    await waitFor(() => expect(screen.getAllByTestId('live-event-row')).toHaveLength(LIVE_FEED_CAP));
    expect(screen.getAllByTestId('live-event-name')[0]).toHaveTextContent(`E${LIVE_FEED_CAP + 4}`);
    expect(screen.getByTestId('live-summary')).toHaveTextContent(`showing the latest ${LIVE_FEED_CAP}`);
  });

  it('says how many events the server passed over to keep up with a busy source, until cleared', async () => {
    const { streams } = openSource(makeSource(), { tab: 'live' });
    const user = userEvent.setup();
    await waitFor(() => expect(screen.getByTestId('live-connection')).toHaveTextContent('Live'));
    act(() => {
      streams.latest().send(`event: skipped\ndata: ${JSON.stringify({ omitted: 1200, at_least: false })}\n\n`);
      streams.latest().send(`event: accepted\ndata: ${JSON.stringify(makeLiveEvent({ event_name: 'Newest' }))}\n\n`);
    });
    expect(await screen.findByTestId('live-skipped')).toHaveTextContent('1,200 events arrived faster than the debugger shows them');
    act(() => streams.latest().send(`event: skipped\ndata: ${JSON.stringify({ omitted: 300, at_least: true })}\n\n`));
    await waitFor(() => expect(screen.getByTestId('live-skipped')).toHaveTextContent('At least 1,500 events'));
    expect(screen.getAllByTestId('live-event-row')).toHaveLength(1);

    await user.click(screen.getByTestId('live-clear'));
    expect(screen.queryByTestId('live-skipped')).not.toBeInTheDocument();
  });

  it('refreshes the session on a 401 and reconnects with the new token', async () => {
    const source = makeSource();
    const { streams, api } = openSource(source, { tab: 'live' });
    streams.refuseNext(401, 'Token expired');
    // The old token works until the stream has been refused; from then on the API refuses it too.
    api.on('GET', `/api/v1/cdp/sources/${source.id}`, (request) =>
      streams.fetch.mock.calls.length > 0 && request.headers.authorization === 'Bearer access-1' ? fail(401, 'Token expired') : ok(source),
    );
    api.on('POST', '/api/v1/auth/refresh', ok({ access_token: 'access-2', refresh_token: 'refresh-2', token_type: 'bearer', expires_in: 900 }));

    await waitFor(() => expect(screen.getByTestId('live-connection')).toHaveTextContent('Live'));
    expect(streams.fetch).toHaveBeenCalledTimes(2);
    expect(streams.connections[0]?.headers.authorization).toBe('Bearer access-2');
    expect(useSessionStore.getState().accessToken).toBe('access-2');
    expect(api.calls('POST', '/api/v1/auth/refresh')).toHaveLength(1);
  });

  it('stops with the reason on a permanent error, and reconnects on request', async () => {
    const streams = installFakeEventStreams();
    streams.refuseNext(403, 'You may not read this source');
    const source = makeSource();
    const { api } = renderApp({ me: makeMe('admin'), route: `/cdp/sources/${source.id}?tab=live` });
    api.on('GET', `/api/v1/cdp/sources/${source.id}`, ok(source));
    api.on('GET', `/api/v1/cdp/sources/${source.id}/set-aside`, ok({ items: [], total: 0 }));
    const user = userEvent.setup();

    expect(await screen.findByText('The live stream stopped.')).toBeInTheDocument();
    expect(screen.getByText('You may not read this source')).toBeInTheDocument();
    expect(screen.getByTestId('live-connection')).toHaveTextContent('Disconnected');

    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.getByTestId('live-connection')).toHaveTextContent('Live'));
  });

  it('reconnects after the server ends the stream, resuming from the last stream id', async () => {
    const { streams } = openSource(makeSource(), { tab: 'live' });
    await waitFor(() => expect(screen.getByTestId('live-connection')).toHaveTextContent('Live'));
    expect(streams.latest().headers).not.toHaveProperty('last-event-id');
    act(() => streams.latest().send(`event: accepted\nid: cursor-after-first\ndata: ${JSON.stringify(makeLiveEvent({ event_name: 'First' }))}\n\n`));
    await screen.findByText('First');
    act(() => streams.latest().close());
    await waitFor(() => expect(screen.getByTestId('live-connection')).toHaveTextContent('Reconnecting…'));
    await waitFor(() => expect(streams.fetch).toHaveBeenCalledTimes(2), { timeout: 3000 });
    expect(streams.latest().headers['last-event-id']).toBe('cursor-after-first');
    await waitFor(() => expect(screen.getByTestId('live-connection')).toHaveTextContent('Live'));
  });
});

describe('SourceDetailPage — requests set aside', () => {
  const setAside = (overrides: Partial<SetAsideRequest>): SetAsideRequest => ({
    id: crypto.randomUUID(),
    received_at: '2026-11-20T10:00:00.000Z',
    failed_at: '2026-11-20T10:00:01.000Z',
    expires_at: '2026-11-27T10:00:01.000Z',
    failure: 'SQLSTATE 22023',
    message_count: 3,
    ...overrides,
  });

  it('shows nothing while no request is set aside', async () => {
    openSource(makeSource());
    await screen.findByTestId('source-setup');
    expect(screen.queryByTestId('set-aside-panel')).not.toBeInTheDocument();
  });

  it('lists them, and an admin retries one and discards another after confirming', async () => {
    const source = makeSource();
    let queued = [setAside({ message_count: 3 }), setAside({ message_count: 7, failure: 'SQLSTATE 54001' })];
    const { api } = openSource(source, {
      api: (fake) => {
        fake.on('GET', `/api/v1/cdp/sources/${source.id}/set-aside`, () => ok({ items: queued, total: queued.length }));
        fake.on('POST', /\/set-aside\/[^/]+\/retry$/, (request) => {
          queued = queued.filter((r) => !request.path.includes(r.id));
          return ok(null);
        });
        fake.on('DELETE', /\/set-aside\/[^/]+$/, (request) => {
          queued = queued.filter((r) => !request.path.endsWith(r.id));
          return ok(null);
        });
      },
    });
    const user = userEvent.setup();
    const panel = await screen.findByTestId('set-aside-panel');
    expect(panel).toHaveTextContent('Requests that could not be stored: 2');
    expect(within(panel).getAllByTestId('set-aside-row').map((row) => row.textContent)).toEqual([
      expect.stringContaining('SQLSTATE 22023'),
      expect.stringContaining('SQLSTATE 54001'),
    ]);
    const [first, second] = queued;

    await user.click(within(panel).getAllByTestId('retry-set-aside')[0]!);
    expect(await screen.findByText('Request queued again: its events are being processed')).toBeInTheDocument();
    expect(api.calls('POST', `/api/v1/cdp/sources/${source.id}/set-aside/${first!.id}/retry`)).toHaveLength(1);
    await waitFor(() => expect(screen.getByTestId('set-aside-panel')).toHaveTextContent('Requests that could not be stored: 1'));

    await user.click(screen.getByTestId('discard-set-aside'));
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog).toHaveTextContent('Its 7 events are deleted without being stored');
    expect(api.calls('DELETE', `/api/v1/cdp/sources/${source.id}/set-aside/${second!.id}`)).toHaveLength(0);
    await user.click(within(dialog).getByTestId('confirm-action'));
    await waitFor(() => expect(screen.queryByTestId('set-aside-panel')).not.toBeInTheDocument());
    expect(api.calls('DELETE', `/api/v1/cdp/sources/${source.id}/set-aside/${second!.id}`)).toHaveLength(1);
  });

  it('shows a viewer that requests were set aside, without the actions', async () => {
    const source = makeSource();
    openSource(source, { role: 'viewer', api: (fake) => fake.on('GET', `/api/v1/cdp/sources/${source.id}/set-aside`, ok({ items: [setAside({})], total: 1 })) });
    const panel = await screen.findByTestId('set-aside-panel');
    expect(within(panel).getAllByTestId('set-aside-row')).toHaveLength(1);
    expect(within(panel).queryByTestId('retry-set-aside')).not.toBeInTheDocument();
    expect(within(panel).queryByTestId('discard-set-aside')).not.toBeInTheDocument();
  });
});
