import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client';
import { appWithTenantAdmin } from '../support/app-with-tenant-admin';
import { login, makeTenant, makeUser, tenantWithAdmin } from '../support/factories';
import { anon, createSource, email, event, sendEvents } from '../support/cdp';

const t = appWithTenantAdmin();
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

const get = async (url: string) => {
  const res = await t.app.inject({ url, headers: t.admin.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data;
};

describe('insights', () => {
  it('are empty but well-formed for a tenant without events', async () => {
    expect(await get('/api/v1/cdp/events/statistics')).toMatchObject({ total_events: 0, by_event_name: [] });
    expect(await get('/api/v1/cdp/emq')).toMatchObject({ average_7d: null, events_7d: 0 });
    expect(await get('/api/v1/cdp/data-health')).toMatchObject({ score: 43.5, gate: 'hold' });
    expect((await get('/api/v1/cdp/events/trends?interval=day')).points.length).toBeGreaterThanOrEqual(30);
  });

  it('count events by name, source and time, and follow EMQ, profiles and data health as events arrive', async () => {
    const source = await createSource(t.app, t.admin);
    const events = [
      event([email('a@insights.test')], { event_name: 'Signed Up', event_time: hoursAgo(2), consent: { email: true }, context: { ip: '1.2.3.4', user_agent: 'UA', campaign: { source: 'x' } } }),
      event([email('a@insights.test')], { event_name: 'Order Completed', event_time: hoursAgo(2), properties: { total: 100 } }),
      event([anon('insights-anon')], { event_name: 'Page Viewed', event_time: hoursAgo(1), properties: {} }),
    ];
    await sendEvents(t.app, t.admin, events, { 'x-source-key': source.source_key });
    await sendEvents(t.app, t.admin, [event([anon('insights-anon-2')], { event_name: 'Page Viewed', event_time: hoursAgo(30) })]);

    const stats = await get('/api/v1/cdp/events/statistics');
    expect(stats).toMatchObject({ total_events: 4, total_purchases: 1, total_revenue: 100 });
    expect(stats.by_event_name[0]).toMatchObject({ event_name: 'Page Viewed', events: 2 });
    expect(stats.by_source).toEqual(expect.arrayContaining([{ source_id: source.id, source_name: 'Website', events: 3 }, { source_id: null, source_name: null, events: 1 }]));

    const hourly = await get(`/api/v1/cdp/events/trends?interval=hour&from=${encodeURIComponent(hoursAgo(3))}`);
    expect(hourly.points.reduce((s: number, p: { events: number }) => s + p.events, 0)).toBe(3);
    const named = await get(`/api/v1/cdp/events/trends?interval=day&event_name=Page%20Viewed`);
    expect(named.points.reduce((s: number, p: { events: number }) => s + p.events, 0)).toBe(2);

    const emq = await get('/api/v1/cdp/emq');
    expect(emq.events_7d).toBe(4);
    expect(emq.bands.excellent + emq.bands.good + emq.bands.fair + emq.bands.poor).toBeCloseTo(100);
    expect(emq.by_source.find((s: { source_id: string }) => s.source_id === source.id).events).toBe(3);

    const profiles = await get('/api/v1/cdp/profiles/statistics');
    expect(profiles).toMatchObject({ total_profiles: 3, by_lifecycle: { customer: 1, anonymous: 2, known: 0, churned: 0 } });
    expect(profiles.identified_share).toBeCloseTo(33.33);

    const health = await get('/api/v1/cdp/data-health');
    expect(health.components.recency.value).toBe(3);
    expect(health.components.consent.value).toBeCloseTo(33.33);
    expect(['pass', 'hold', 'block']).toContain(health.gate);

    const roi = await get('/api/v1/cdp/roi/inputs');
    // Sign-up and order at one moment are one session; each anonymous visit another.
    expect(roi).toMatchObject({ match_rate: 33.33, conversion_rate: 33.33, monthly_sessions: 3, average_order_value: 100, based_on: { profiles: 3, sessions: 3, purchases: 1 } });
  });

  it('count exactly the range asked, and the days of a zone half an hour off UTC, from the events where an hour is cut', async () => {
    const { session } = await tenantWithAdmin(t.app, t.db.db);
    const read = async (url: string) => (await t.app.inject({ url, headers: session.headers })).json().data;
    const settings = await read('/api/v1/cdp/settings');
    await t.app.inject({ method: 'PUT', url: '/api/v1/cdp/settings', headers: session.headers, payload: { ...settings, timezone: 'Asia/Kolkata' } });
    const day = 86_400_000;
    const base = Math.floor(Date.now() / day) * day - 3 * day; // 00:00 UTC three days ago
    const at = (hours: number, minutes: number) => new Date(base + hours * 3_600_000 + minutes * 60_000).toISOString();
    await sendEvents(t.app, session, [
      event([email('kol@insights.test')], { event_name: 'Kol', event_time: at(18, 15) }),
      event([email('kol@insights.test')], { event_name: 'Kol', event_time: at(18, 45) }),
      event([email('kol@insights.test')], { event_name: 'Order Completed', event_time: at(4, 30), properties: { total: 40 } }),
      event([email('kol@insights.test')], { event_name: 'Order Completed', event_time: at(4, 45), properties: { total: 60 } }),
    ]);
    const stats = (from: string, to: string) => read(`/api/v1/cdp/events/statistics?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    expect(await stats(at(4, 40), at(4, 41))).toMatchObject({ total_events: 0, total_revenue: 0 });
    expect(await stats(at(4, 40), at(5, 0))).toMatchObject({ total_events: 1, total_purchases: 1, total_revenue: 60 });
    expect(await stats(at(3, 0), at(5, 0))).toMatchObject({ total_events: 2, total_revenue: 100 });
    // India's day starts at 18:30 UTC: 18:15 is the evening of one day there, 18:45 the start of the next.
    const trend = await read(`/api/v1/cdp/events/trends?interval=day&event_name=Kol&from=${encodeURIComponent(at(-24, 0))}&to=${encodeURIComponent(at(48, 0))}`);
    const days = Object.fromEntries(trend.points.map((p: { bucket: string; events: number }) => [p.bucket, p.events]));
    expect(days[at(-6, 30)]).toBe(1);
    expect(days[at(18, 30)]).toBe(1);
    expect(trend.points.reduce((n: number, p: { events: number }) => n + p.events, 0)).toBe(2);
    // EMQ's daily trend cuts the same days (it filed the whole 18:00 UTC hour under the first).
    const emqDays = (await read('/api/v1/cdp/emq')).trend.map((d: { day: string; events: number }) => [d.day, d.events]);
    expect(emqDays).toEqual([
      [at(-6, 30), 3],
      [at(18, 30), 1],
    ]);
    // Once retention has deleted an hour's events (keeping its rollup), the cut hour counts whole, not as nothing.
    const { tenant_id: tenantId } = (await queryRows<{ tenant_id: string }>(t.db.db, sql`select tenant_id from cdp_events where event_name = 'Kol' limit 1`))[0]!;
    await t.db.db.execute(sql`delete from cdp_events where tenant_id = ${tenantId} and event_name = 'Order Completed'`);
    expect(await stats(at(4, 40), at(5, 0))).toMatchObject({ total_events: 2, total_revenue: 100 });
  });

  it('average EMQ over the same 7 days on the EMQ panel and in data health', async () => {
    const { session } = await tenantWithAdmin(t.app, t.db.db);
    const read = async (url: string) => (await t.app.inject({ url, headers: session.headers })).json().data;
    // In the first hour of the window: the panel counted it, data health (from now − 7 days to the second) did not.
    const firstHour = new Date(Math.floor((Date.now() - 7 * 86_400_000) / 3_600_000) * 3_600_000 + 1000).toISOString();
    await sendEvents(t.app, session, [event([email('edge@emq.test')], { event_time: firstHour })]);
    // Sent with a time 20 hours ahead (accepted, up to a day is): not in the last 7 days, nor the last 24 hours, yet.
    await sendEvents(t.app, session, [event([email('ahead@emq.test')], { event_time: new Date(Date.now() + 20 * 3_600_000).toISOString() })]);
    const emq = await read('/api/v1/cdp/emq');
    expect(emq.events_7d).toBe(1);
    expect(emq.trend.reduce((n: number, d: { events: number }) => n + d.events, 0)).toBe(1);
    const health = await read('/api/v1/cdp/data-health');
    expect(health.components.emq.value).toBe(emq.average_7d);
    expect(health.components.recency.value).toBe(0);
  });

  it("fill the ROI calculator from the last 30 days' sessions and purchases, not the lifetime of people seen lately", async () => {
    const { tenant, session } = await tenantWithAdmin(t.app, t.db.db);
    const read = async (url: string) => (await t.app.inject({ url, headers: session.headers })).json().data;
    const day = 86_400_000;
    const at = (ms: number) => new Date(Date.now() - ms).toISOString();
    const person = [email('loyal@roi.test')];
    const [first] = (await sendEvents(t.app, session, [
      // Two sessions 40 and 35 days ago, one with an order: older than the month.
      event(person, { event_time: at(40 * day) }),
      event(person, { event_name: 'Order Completed', event_time: at(40 * day - 600_000), properties: { total: 50 } }),
      event(person, { event_time: at(35 * day) }),
      // Three this month: 10 days ago, 2 days ago with an order, and again 55 minutes later.
      event(person, { event_time: at(10 * day) }),
      event(person, { event_time: at(2 * day) }),
      event(person, { event_name: 'Order Completed', event_time: at(2 * day - 300_000), properties: { total: 200 } }),
      event(person, { event_time: at(2 * day - 3_600_000) }),
      event([anon('roi-visitor')], { event_time: at(day) }),
    ])).results;
    // 20 minutes later, in another batch: the same session goes on.
    await sendEvents(t.app, session, [event(person, { event_time: at(2 * day - 4_800_000) })]);

    expect(await read('/api/v1/cdp/roi/inputs')).toMatchObject({
      monthly_sessions: 4,
      conversion_rate: 25,
      average_order_value: 200,
      based_on: { profiles: 2, sessions: 4, purchases: 1 },
    });
    expect((await read(`/api/v1/cdp/profiles/${first!.profile_id}`)).total_sessions).toBe(5);

    // Rollups written before sessions were counted get them from the migration, by the same rule.
    const sessionsByRow = () =>
      queryRows<{ hour: Date; event_name: string; sessions: number }>(
        t.db.db,
        sql`select hour, event_name, sessions from cdp_event_rollups_hourly where tenant_id = ${tenant.id} order by hour, event_name`,
      );
    const counted = await sessionsByRow();
    await t.db.db.execute(sql`update cdp_event_rollups_hourly set sessions = 0 where tenant_id = ${tenant.id}`);
    const backfill = readFileSync(new URL('../../migrations/0027_rollup_sessions.sql', import.meta.url), 'utf8').split('--> statement-breakpoint')[1]!;
    await t.db.db.execute(sql.raw(backfill));
    expect(await sessionsByRow()).toEqual(counted);

    // An erased person's sessions leave with their events.
    const erased = await t.app.inject({ method: 'DELETE', url: `/api/v1/cdp/profiles/${first!.profile_id}`, headers: session.headers });
    expect(erased.statusCode, erased.body).toBe(200);
    expect(await read('/api/v1/cdp/roi/inputs')).toMatchObject({ monthly_sessions: 1, conversion_rate: 0, based_on: { profiles: 1, sessions: 1, purchases: 0 } });
  });

  it('finds an injected spike', async () => {
    const other = await tenantWithAdmin(t.app, t.db.db);
    const baseline = [];
    for (let d = 1; d <= 28; d++) for (let i = 0; i < 2; i++) baseline.push(event([anon(`base-${d}-${i}`)], { event_name: 'Page Viewed', event_time: new Date(Date.now() - d * 86_400_000 - 3_600_000).toISOString() }));
    await sendEvents(t.app, other.session, baseline);
    const spike = Array.from({ length: 40 }, (_, i) => event([anon(`spike-${i}`)], { event_name: 'Page Viewed', event_time: hoursAgo(1) }));
    await sendEvents(t.app, other.session, spike);
    const res = await t.app.inject({ url: '/api/v1/cdp/anomalies/events?hours=3', headers: other.session.headers });
    const anomalies = res.json().data;
    expect(anomalies[0]).toMatchObject({ event_name: 'Page Viewed', direction: 'spike', observed: 40, expected: 2 });
    const summary = (await t.app.inject({ url: '/api/v1/cdp/anomalies/summary?hours=3', headers: other.session.headers })).json().data;
    expect(summary).toMatchObject({ window_hours: 3, total: 1, spikes: 1, drops: 0 });
  });

  it('forget an erased person: their events leave the counts, EMQ and volume with them', async () => {
    const { session } = await tenantWithAdmin(t.app, t.db.db);
    const read = async (url: string) => (await t.app.inject({ url, headers: session.headers })).json().data;
    const person = [email('erase-me@insights.test'), anon('erase-me-device')];
    const [first] = (await sendEvents(t.app, session, [
      event(person, { event_name: 'Order Completed', properties: { total: 80 } }),
      event(person, { event_name: 'Page Viewed' }),
      // EMQ 40 (fair): an anonymous id, no properties, sent a minute after it happened.
      event([anon('erase-stays')], { event_name: 'Page Viewed', properties: {} }),
    ])).results;
    expect((await read('/api/v1/cdp/emq')).events_7d).toBe(3);

    const erased = await t.app.inject({ method: 'DELETE', url: `/api/v1/cdp/profiles/${first!.profile_id}`, headers: session.headers });
    expect(erased.statusCode, erased.body).toBe(200);

    const stats = await read('/api/v1/cdp/events/statistics');
    expect(stats).toMatchObject({ total_events: 1, total_purchases: 0, total_revenue: 0 });
    expect(stats.by_event_name).toEqual([{ event_name: 'Page Viewed', events: 1, purchases: 0, revenue: 0 }]);
    const emq = await read('/api/v1/cdp/emq');
    expect(emq).toMatchObject({ events_7d: 1, average_7d: 40, bands: { excellent: 0, good: 0, fair: 100, poor: 0 } });
    expect((await read('/api/v1/cdp/data-health')).components.recency.value).toBe(1);
    const hourly = await read(`/api/v1/cdp/events/trends?interval=hour&from=${encodeURIComponent(hoursAgo(3))}`);
    expect(hourly.points.reduce((sum: number, p: { events: number }) => sum + p.events, 0)).toBe(1);
  });

  it('count in a daily trend only the events inside its range, as the statistics of that range do', async () => {
    const { session } = await tenantWithAdmin(t.app, t.db.db);
    // From noon three days ago: the first day's bucket holds the afternoon only, not the morning before `from`.
    const from = Math.floor(Date.now() / 86_400_000) * 86_400_000 - 3 * 86_400_000 + 12 * 3_600_000;
    const at = (ms: number) => new Date(ms).toISOString();
    await sendEvents(t.app, session, [
      event([anon('range-morning')], { event_time: at(from - 2 * 3_600_000) }),
      event([anon('range-afternoon')], { event_time: at(from + 2 * 3_600_000) }),
    ]);
    const range = `from=${encodeURIComponent(at(from))}`;
    const read = async (url: string) => (await t.app.inject({ url, headers: session.headers })).json().data;
    expect((await read(`/api/v1/cdp/events/statistics?${range}`)).total_events).toBe(1);
    const daily = await read(`/api/v1/cdp/events/trends?interval=day&${range}`);
    expect(daily.points[0]).toMatchObject({ bucket: at(from - 12 * 3_600_000), events: 1 });
    expect(daily.points.reduce((sum: number, p: { events: number }) => sum + p.events, 0)).toBe(1);
    // Ending at a midnight: `to` is outside the range, so no empty day starts there (nor an hour at an hour's start).
    const twoDays = await read(`/api/v1/cdp/events/trends?interval=day&${range}&to=${encodeURIComponent(at(from - 12 * 3_600_000 + 2 * 86_400_000))}`);
    expect(twoDays.points.map((p: { bucket: string }) => p.bucket)).toEqual([at(from - 12 * 3_600_000), at(from + 12 * 3_600_000)]);
    const hours = await read(`/api/v1/cdp/events/trends?interval=hour&${range}&to=${encodeURIComponent(at(from + 3 * 3_600_000))}`);
    expect(hours.points).toHaveLength(3);
  });

  it("count merges by the tenant's days, as its other daily series", async () => {
    const tenant = await makeTenant(t.db.db, { settings: { timezone: 'Asia/Dubai' } });
    const dubai = await login(t.app, (await makeUser(t.db.db, { tenantId: tenant.id, role: 'admin' })).email);
    await sendEvents(t.app, dubai, [event([anon('merge-a')]), event([anon('merge-b')])]);
    await sendEvents(t.app, dubai, [event([anon('merge-a'), anon('merge-b')])]);
    // 21:00 UTC two days ago: 01:00 the next day in Dubai (UTC+4), whose midnight was 20:00 UTC.
    const midnight = Math.floor(Date.now() / 86_400_000) * 86_400_000 - 86_400_000 - 4 * 3_600_000;
    await t.db.db.execute(sql`update cdp_profile_merges set created_at = ${new Date(midnight + 3_600_000).toISOString()}::timestamptz
                              where tenant_id = ${tenant.id}`);
    const res = await t.app.inject({ url: '/api/v1/cdp/profiles/statistics', headers: dubai.headers });
    expect(res.json().data).toMatchObject({ merges_total: 1, merges_by_day: [{ day: new Date(midnight).toISOString(), merges: 1 }] });
  });

  it('rejects an inverted range, and one before 1970 (no events; year 1 was a 500)', async () => {
    const res = await t.app.inject({ url: `/api/v1/cdp/events/statistics?from=${encodeURIComponent(hoursAgo(1))}&to=${encodeURIComponent(hoursAgo(5))}`, headers: t.admin.headers });
    expect(res.statusCode).toBe(422);
    const early = await t.app.inject({ url: '/api/v1/cdp/events/trends?interval=day&from=0001-01-01T00:00:00Z&to=0001-01-05T00:00:00Z', headers: t.admin.headers });
    expect(early.statusCode).toBe(422);
    expect(early.json().errors[0]).toMatchObject({ field: 'from', code: 'before_1970' });
  });

  it("counts days from midnight in the tenant's time zone", async () => {
    const tenant = await makeTenant(t.db.db, { settings: { timezone: 'Asia/Dubai' } });
    const dubai = await login(t.app, (await makeUser(t.db.db, { tenantId: tenant.id, role: 'admin' })).email);
    // Midnight in Dubai (UTC+4) three days ago: 20:00 UTC the evening before. One event an hour before it, one
    // an hour after: the same UTC day, but two Dubai days.
    const utcDay = Math.floor(Date.now() / 86_400_000) * 86_400_000;
    const midnight = utcDay - 3 * 86_400_000 - 4 * 3_600_000;
    const at = (ms: number) => new Date(ms).toISOString();
    await sendEvents(t.app, dubai, [
      event([anon('tz-a')], { event_time: at(midnight - 3_600_000) }),
      event([anon('tz-b')], { event_time: at(midnight + 3_600_000) }),
    ]);
    const url = `/api/v1/cdp/events/trends?interval=day&from=${encodeURIComponent(at(midnight - 2 * 86_400_000))}&to=${encodeURIComponent(at(midnight + 2 * 86_400_000))}`;
    const res = await t.app.inject({ url, headers: dubai.headers });
    expect(res.statusCode, res.body).toBe(200);
    const trend = res.json().data;
    expect(trend.time_zone).toBe('Asia/Dubai');
    const counted = trend.points.filter((p: { events: number }) => p.events > 0);
    expect(counted).toEqual([
      { bucket: at(midnight - 86_400_000), events: 1, purchases: 0 },
      { bucket: at(midnight), events: 1, purchases: 0 },
    ]);
    expect(trend.points.every((p: { bucket: string }) => p.bucket.endsWith('T20:00:00.000Z'))).toBe(true);
    const emq = await t.app.inject({ url: '/api/v1/cdp/emq', headers: dubai.headers });
    expect(emq.json().data.trend.map((d: { day: string }) => d.day)).toEqual([at(midnight - 86_400_000), at(midnight)]);
  });
});
