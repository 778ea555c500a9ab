import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Anomaly, DataHealth, EmqInsights, EventTrend } from '@stratum/contracts';
import { localMidnightDaysBefore } from '@stratum/contracts';
import { dayIn, floorToHour } from '@/lib/insights';
import {
  makeAnomaly,
  makeAnomalySummary,
  makeDataHealth,
  makeEmqInsights,
  makeEventStatistics,
  makeEventTrend,
  makeMe,
  makeProfileStatistics,
} from '@/test/factories';
import { fail, ok, type FakeApi, type FakeRequest } from '@/test/fakeApi';
import { renderApp } from '@/test/render';
import { useUiStore } from '@/stores/ui';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Hourly points at "hours ago" offsets from the current hour, the way the API zero-fills its series. */
function hourly(counts: Record<number, number>): EventTrend['points'] {
  const current = floorToHour(Date.now());
  return Object.entries(counts).map(([hoursAgo, events]) => ({
    bucket: new Date(current - Number(hoursAgo) * HOUR).toISOString(),
    events,
    purchases: 0,
  }));
}

/** The two-week hourly series the KPIs read, told apart from the chart's series by its span. */
const isKpiTrend = (request: FakeRequest) =>
  request.params.interval === 'hour' && Date.now() - Date.parse(String(request.params.from)) > 10 * DAY;

/** The "today" KPI's statistics (from the tenant's midnight, open-ended) and yesterday's up to this time of day. */
const isDayKpi = (request: FakeRequest, day: 0 | 1) =>
  request.params.from === new Date(localMidnightDaysBefore(Date.now(), day, 'UTC')).toISOString() && (request.params.to === undefined) === (day === 0);

interface Fakes {
  today?: number;
  yesterday?: number;
  anomalies?: Anomaly[];
  emq?: EmqInsights;
  health?: DataHealth;
}

function fakeInsights(
  api: FakeApi,
  { today = 30, yesterday = 20, anomalies = [makeAnomaly()], emq = makeEmqInsights(), health = makeDataHealth() }: Fakes = {},
) {
  const state = { today };
  api.on('GET', '/api/v1/cdp/events/statistics', (request) =>
    ok(
      isDayKpi(request, 0)
        ? makeEventStatistics({ total_events: state.today })
        : isDayKpi(request, 1)
          ? makeEventStatistics({ total_events: yesterday })
          : makeEventStatistics(),
    ),
  );
  api.on('GET', '/api/v1/cdp/events/trends', (request) =>
    isKpiTrend(request)
      ? // This week (this hour and the same hour yesterday) vs 8 days ago.
        ok(makeEventTrend(hourly({ 0: 30, 24: 20, 192: 25 })))
      : ok(makeEventTrend(hourly({ 0: 12, 1: 8, 2: 5 }), request.params.interval as EventTrend['interval'])),
  );
  api.on('GET', '/api/v1/cdp/profiles/statistics', ok(makeProfileStatistics()));
  api.on('GET', '/api/v1/cdp/emq', ok(emq));
  api.on('GET', '/api/v1/cdp/data-health', ok(health));
  api.on('GET', '/api/v1/cdp/anomalies/events', ok(anomalies));
  api.on('GET', '/api/v1/cdp/anomalies/summary', ok(makeAnomalySummary(anomalies)));
  return state;
}

function renderDashboard(fakes?: Fakes, me = makeMe('analyst')) {
  const view = renderApp({ me, route: '/cdp' });
  const state = fakeInsights(view.api, fakes);
  return { ...view, state };
}

const kpi = (testId: string) => screen.getByTestId(testId);

// jsdom lays nothing out; the charts measure their container before drawing, so give every element a size.
beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue(DOMRect.fromRect({ width: 640, height: 256 }));
});

describe('DashboardPage', () => {
  it('shows volume, identity, match quality and data health KPIs', async () => {
    const me = makeMe('analyst');
    me.active_tenant!.settings = { currency: 'AED' };
    renderDashboard({}, me);

    await waitFor(() => expect(within(kpi('kpi-events-today')).getByTestId('kpi-value')).toHaveTextContent('30'));
    expect(kpi('kpi-events-today')).toHaveTextContent('+50%');
    expect(kpi('kpi-events-today')).toHaveTextContent('vs yesterday');
    expect(within(kpi('kpi-events-week')).getByTestId('kpi-value')).toHaveTextContent('50');
    expect(kpi('kpi-events-week')).toHaveTextContent('+100%');
    await waitFor(() => expect(within(kpi('kpi-profiles')).getByTestId('kpi-value')).toHaveTextContent('2,500'));
    expect(kpi('kpi-profiles')).toHaveTextContent('1.8 identifiers per profile');
    expect(within(kpi('kpi-identified')).getByTestId('kpi-value')).toHaveTextContent('42.5%');
    expect(kpi('kpi-identified')).toHaveTextContent('1,063 known or customers');
    await waitFor(() => expect(within(kpi('kpi-emq')).getByTestId('kpi-value')).toHaveTextContent('72'));
    expect(kpi('kpi-emq')).toHaveAttribute('data-band', 'good');
    expect(kpi('kpi-emq')).toHaveTextContent('Good');
    await waitFor(() => expect(within(kpi('kpi-health')).getByTestId('kpi-value')).toHaveTextContent('78'));
    expect(within(kpi('kpi-health')).getByTestId('health-gate')).toHaveTextContent('Pass');

    // Range totals, with revenue in the tenant's currency.
    expect(await screen.findByTestId('range-summary')).toHaveTextContent(
      `1,200 events · 40 purchases · ${new Intl.NumberFormat('en-US', { style: 'currency', currency: 'AED' }).format(18_500).replace(/\s/g, ' ')} revenue`,
    );
    const topRows = screen.getAllByTestId('top-event-row');
    expect(topRows[0]).toHaveTextContent('Page Viewed');
    expect(topRows[0]).toHaveTextContent('75%');
    expect(topRows[1]).toHaveTextContent('Purchase');
    expect(within(screen.getByTestId('source-breakdown')).getByText('Console / API')).toBeInTheDocument();
    expect(within(screen.getByTestId('lifecycle-list')).getByText('Anonymous').closest('li')).toHaveTextContent('1,437 (57.5%)');
    expect(within(screen.getByTestId('emq-bands')).getByText('Excellent').closest('li')).toHaveTextContent('35.5%');
    expect(within(screen.getByTestId('trend-table')).getAllByRole('row')).toHaveLength(4);
  });

  it('never shows a score that has reached a band or gate its average has not', async () => {
    // 79.6 is "good" (excellent starts at 80) and 69.6 is "hold" (pass starts at 70): rounded, they would read
    // 80 and 70 beside those badges, and the EMQ card would call the same week excellent.
    const emq = makeEmqInsights({ average_7d: 79.6, by_source: [{ source_id: null, source_name: null, average: 79.7, events: 5400 }] });
    renderDashboard({ emq, health: makeDataHealth({ score: 69.6, gate: 'hold' }) });
    const user = userEvent.setup();

    await waitFor(() => expect(within(kpi('kpi-emq')).getByTestId('kpi-value')).toHaveTextContent('79'));
    expect(kpi('kpi-emq')).toHaveAttribute('data-band', 'good');
    const badges = within(screen.getByTestId('emq-card')).getAllByTestId('emq-badge');
    expect(badges.map((badge) => [badge.getAttribute('data-band'), badge.firstChild?.textContent])).toEqual([
      ['good', '79'],
      ['good', '79'],
    ]);
    await waitFor(() => expect(within(kpi('kpi-health')).getByTestId('kpi-value')).toHaveTextContent('69'));
    expect(within(kpi('kpi-health')).getByTestId('health-gate')).toHaveTextContent('Hold');
    await user.click(screen.getByRole('button', { name: 'How the data health score is made' }));
    expect(await screen.findByTestId('health-popover')).toHaveTextContent('Data health: 69 of 100');
  });

  it('lists the data health components in a popover', async () => {
    renderDashboard();
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'How the data health score is made' }));

    const popover = await screen.findByTestId('health-popover');
    expect(popover).toHaveTextContent('Data health: 78 of 100');
    const rows = within(popover).getAllByTestId('health-component');
    expect(rows.map((row) => row.getAttribute('data-component'))).toEqual(['emq', 'identity', 'recency', 'consent']);
    expect(rows[0]).toHaveTextContent('Average EMQ 72.4');
    expect(rows[0]).toHaveTextContent('50%');
    expect(rows[1]).toHaveTextContent('42.5% of profiles identified');
    expect(rows[2]).toHaveTextContent('350 events in 24 h');
    expect(rows[3]).toHaveTextContent('38% of profiles consented');
  });

  it('lists anomalies with severity, direction, observed vs expected, hour and source', async () => {
    const drop = makeAnomaly({ event_name: 'Purchase', severity: 'medium', direction: 'drop', observed: 2, expected: 14, deviation: -6.2, source_id: null, source_name: null });
    renderDashboard({ anomalies: [makeAnomaly(), drop] });

    const rows = await screen.findAllByTestId('anomaly-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveAttribute('data-direction', 'spike');
    expect(within(rows[0]!).getByTestId('anomaly-severity')).toHaveTextContent('High');
    expect(rows[0]).toHaveTextContent('Page Viewed');
    expect(rows[0]).toHaveTextContent('Main website');
    expect(rows[0]).toHaveTextContent('1,240 events, 85 expected');
    expect(rows[0]).toHaveTextContent('+41.3σ');
    expect(rows[0]).toHaveTextContent('Spike');
    expect(within(rows[0]!).getByRole('time')).toHaveAttribute('dateTime', '2026-01-15T10:30:00.000Z');
    expect(within(rows[1]!).getByTestId('anomaly-severity')).toHaveTextContent('Medium');
    expect(rows[1]).toHaveTextContent('Drop');
    expect(rows[1]).toHaveTextContent('Console / API');
    expect(await screen.findByTestId('anomaly-summary')).toHaveTextContent('2 in 24 h');
    expect(screen.getByTestId('anomaly-summary')).toHaveTextContent('1 High');
  });

  it("shows an anomaly's hour in the tenant's time zone, named, whatever the browser's", async () => {
    const me = makeMe('analyst');
    me.active_tenant!.settings = { timezone: 'Asia/Dubai' };
    renderDashboard({ anomalies: [makeAnomaly({ hour: '2026-01-15T10:00:00.000Z' })] }, me);
    const hour = within(await screen.findByTestId('anomaly-row')).getByRole('time');
    expect(hour).toHaveTextContent('Thu, 2:00 PM GMT+4');
    expect(hour).toHaveAttribute('title', 'Jan 15, 2026, 2:00 PM');
  });

  it('says when nothing unusual happened', async () => {
    renderDashboard({ anomalies: [] });
    expect(await screen.findByText('Nothing unusual')).toBeInTheDocument();
    expect(screen.queryByTestId('anomaly-summary')).not.toBeInTheDocument();
  });

  it('shows how to send a first event when the tenant has none', async () => {
    const { api } = renderDashboard();
    api.on('GET', '/api/v1/cdp/profiles/statistics', ok(makeProfileStatistics({ total_profiles: 0, by_lifecycle: { anonymous: 0, known: 0, customer: 0, churned: 0 }, identified_share: 0 })));

    expect(await screen.findByRole('heading', { name: 'Send your first event' })).toBeInTheDocument();
    const curl = screen.getByTestId('dashboard-empty-curl');
    expect(curl).toHaveTextContent(`${window.location.origin}/api/v1/cdp/ingest`);
    expect(curl).toHaveTextContent("X-Source-Key: YOUR_SOURCE_KEY");
    expect(screen.getByRole('link', { name: 'Go to Sources' })).toHaveAttribute('href', '/cdp/sources');
    expect(screen.queryByTestId('kpi-events-today')).not.toBeInTheDocument();
    expect(screen.getByTestId('dashboard-refresh')).toBeInTheDocument();
  });

  it('asks the API for the picked range, hourly up to two days and daily beyond', async () => {
    // The tenant's days are picked, whatever the browser's zone.
    const me = makeMe('analyst');
    me.active_tenant!.settings = { timezone: 'Asia/Dubai' };
    const { api } = renderDashboard(undefined, me);
    const user = userEvent.setup();
    // Besides the KPIs' own (today, yesterday so far), which may coincide with the 24-hour range's at 23:00.
    const askedFor = (days: number) =>
      api.calls('GET', '/api/v1/cdp/events/statistics').some((r) => r.params.to === undefined && Math.abs(daysBack(r.params.from) - days) < 0.05);
    const lastChartTrend = () => api.calls('GET', '/api/v1/cdp/events/trends').filter((r) => !isKpiTrend(r)).at(-1)!;
    const daysBack = (iso: unknown) => (Date.now() - Date.parse(String(iso))) / DAY;

    await waitFor(() => expect(askedFor(7)).toBe(true));
    expect(screen.getByRole('button', { name: '7 days' })).toHaveAttribute('aria-pressed', 'true');
    expect(lastChartTrend().params.interval).toBe('day');

    await user.click(screen.getByRole('button', { name: '30 days' }));
    await waitFor(() => expect(askedFor(30)).toBe(true));
    expect(lastChartTrend().params.interval).toBe('day');
    expect(screen.getByRole('button', { name: '30 days' })).toHaveAttribute('aria-pressed', 'true');

    await user.click(screen.getByRole('button', { name: '24 h' }));
    await waitFor(() => expect(askedFor(1)).toBe(true));
    expect(lastChartTrend().params.interval).toBe('hour');
    expect(await screen.findByText('Events and purchases per hour')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Custom' }));
    const from = screen.getByLabelText('From');
    expect(from).toHaveValue(dayIn('Asia/Dubai', Date.now() - 6 * DAY));
    expect(screen.getByLabelText('To')).toHaveValue(dayIn('Asia/Dubai', Date.now()));
    fireEvent.change(from, { target: { value: '2026-01-01' } });
    await waitFor(() => expect(api.calls('GET', '/api/v1/cdp/events/statistics').some((r) => r.params.from === '2025-12-31T20:00:00.000Z')).toBe(true));
    expect(lastChartTrend().params.interval).toBe('day');
  });

  it('refetches everything on refresh without leaving the page', async () => {
    const { api, state } = renderDashboard({ today: 30 });
    const user = userEvent.setup();
    const todayValue = () => within(kpi('kpi-events-today')).getByTestId('kpi-value');
    await waitFor(() => expect(todayValue()).toHaveTextContent('30'));
    const before = {
      statistics: api.calls('GET', '/api/v1/cdp/events/statistics').length,
      health: api.calls('GET', '/api/v1/cdp/data-health').length,
      anomalies: api.calls('GET', '/api/v1/cdp/anomalies/events').length,
    };

    state.today = 42;
    await user.click(screen.getByRole('button', { name: 'Refresh' }));

    await waitFor(() => expect(todayValue()).toHaveTextContent('42'));
    expect(api.calls('GET', '/api/v1/cdp/events/statistics').length).toBeGreaterThan(before.statistics);
    expect(api.calls('GET', '/api/v1/cdp/data-health').length).toBeGreaterThan(before.health);
    expect(api.calls('GET', '/api/v1/cdp/anomalies/events').length).toBeGreaterThan(before.anomalies);
    expect(screen.getByRole('heading', { name: 'Dashboard' })).toBeInTheDocument();
  });

  it('shows a failed figure with a retry, and keeps the rest of the page', async () => {
    const { api } = renderDashboard();
    api.on('GET', '/api/v1/cdp/anomalies/events', fail(500, 'Database unavailable'));
    api.on('GET', '/api/v1/cdp/data-health', fail(500, 'Database unavailable'));

    const card = await screen.findByTestId('anomalies-card');
    expect(await within(card).findByText('Database unavailable')).toBeInTheDocument();
    await waitFor(() => expect(kpi('kpi-health')).toHaveTextContent('Could not load this figure.'));
    expect(within(kpi('kpi-health')).getByTestId('kpi-value')).toHaveTextContent('—');

    api.on('GET', '/api/v1/cdp/anomalies/events', ok([makeAnomaly()]));
    await userEvent.setup().click(within(card).getByRole('button', { name: 'Try again' }));
    expect(await within(card).findByTestId('anomaly-row')).toBeInTheDocument();
  });

  it('marks KPIs without an earlier period and a tenant without recent events', async () => {
    const { api } = renderDashboard({ today: 5, yesterday: 0 });
    api.on('GET', '/api/v1/cdp/events/trends', ok(makeEventTrend(hourly({ 0: 5 }))));
    api.on('GET', '/api/v1/cdp/emq', ok(makeEmqInsights({ average_7d: null, events_7d: 0, bands: { excellent: 0, good: 0, fair: 0, poor: 0 }, by_source: [] })));

    await waitFor(() => expect(kpi('kpi-events-today')).toHaveTextContent('Nothing earlier to compare'));
    expect(within(kpi('kpi-events-today')).queryByTestId('kpi-change')).not.toBeInTheDocument();
    await waitFor(() => expect(kpi('kpi-emq')).toHaveTextContent('No events in 7 days'));
    expect(await screen.findByText('No events in the last 7 days.')).toBeInTheDocument();
  });

  it('reads in Arabic, right to left, in the dark theme', async () => {
    useUiStore.setState({ language: 'ar', theme: 'dark' });
    renderDashboard();

    expect(await screen.findByRole('heading', { name: 'لوحة المعلومات' })).toBeInTheDocument();
    expect(document.documentElement).toHaveClass('dark');
    await waitFor(() => expect(within(kpi('kpi-health')).getByTestId('health-gate')).toHaveTextContent('اجتياز'));
    expect(await screen.findByTestId('trend-table')).toBeInTheDocument();
    expect(within(screen.getByTestId('lifecycle-list')).getByText('مجهول')).toBeInTheDocument();
    expect((await screen.findAllByTestId('anomaly-severity'))[0]).toHaveTextContent('عالية');
    expect(screen.getByTestId('trend-chart').querySelector('svg')).not.toBeNull();
  });

  it('is reached from the sidebar and asks a superadmin to pick a tenant first', async () => {
    renderApp({ me: makeMe('superadmin'), route: '/cdp' });
    expect(await screen.findByRole('heading', { name: 'Choose a tenant' })).toBeInTheDocument();
    expect(screen.getByTestId('nav-cdp-dashboard')).toHaveAttribute('aria-current', 'page');
  });
});
