import { describe, expect, it } from 'vitest';
import { appWithTenantAdmin } from '../support/app-with-tenant-admin';
import { anon, createSource, event, sendEvents } from '../support/cdp';

/** The event explorer filtered by source (read through the source's own index, cdp_events_source_time_idx). */
const t = appWithTenantAdmin();
const HOUR = 3_600_000;
const get = async (query: string) => (await t.app.inject({ url: `/api/v1/cdp/events?${query}`, headers: t.admin.headers })).json().data;
const names = (page: { items: { event_name: string }[] }) => page.items.map((e) => e.event_name);

describe('the event explorer filtered by a source', () => {
  it("finds the source's first and last events, at the edges of their hours, and nothing for a source without events", async () => {
    const server = await createSource(t.app, t.admin, 'Server', 'server');
    const quiet = await createSource(t.app, t.admin, 'Quiet', 'server');
    const viaServer = (events: unknown[]) => sendEvents(t.app, t.admin, events, { 'x-source-key': server.source_key });
    const thisHour = Math.floor(Date.now() / HOUR) * HOUR;
    // The first event at the very end of its hour, the last at the very start of its own.
    await viaServer([event([anon('server-a')], { event_name: 'First', event_time: new Date(thisHour - 20 * 24 * HOUR - 1).toISOString() })]);
    await sendEvents(t.app, t.admin, Array.from({ length: 30 }, (_, n) => event([anon(`console-${n}`)], { event_time: new Date(thisHour - (n + 1) * 5 * HOUR).toISOString() })));
    await viaServer([
      event([anon('server-a')], { event_name: 'Middle', event_time: new Date(thisHour - 10 * 24 * HOUR).toISOString() }),
      event([anon('server-a')], { event_name: 'Last', event_time: new Date(thisHour).toISOString() }),
    ]);

    expect(await get(`source_id=${server.id}&page_size=10`)).toMatchObject({ total: 3, total_capped: false });
    expect(names(await get(`source_id=${server.id}&page_size=10`))).toEqual(['Last', 'Middle', 'First']);
    expect(names(await get(`source_id=${server.id}&page_size=2&page=2`))).toEqual(['First']);
    const since = encodeURIComponent(new Date(thisHour - 15 * 24 * HOUR).toISOString());
    expect(names(await get(`source_id=${server.id}&from=${since}`))).toEqual(['Last', 'Middle']);
    expect(await get(`source_id=${quiet.id}`)).toMatchObject({ total: 0, items: [] });
    // With a name as well.
    expect(names(await get(`source_id=${server.id}&event_name=Middle`))).toEqual(['Middle']);
  });
});
