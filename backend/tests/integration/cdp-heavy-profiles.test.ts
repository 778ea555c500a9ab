import { beforeAll, describe, expect, it } from 'vitest';
import { GRAPH_IDENTIFIERS_SHOWN, LIST_COUNT_AHEAD, PROFILE_IDENTIFIERS_SHOWN } from '@stratum/contracts';
import { appWithTenantAdmin } from '../support/app-with-tenant-admin';
import { login, makeUser, type Session } from '../support/factories';
import { anon, email, event, sendEvents } from '../support/cdp';

/** Profiles far larger than a person's: a test account, a shared device, a bot. */
const t = appWithTenantAdmin();
let analyst: Session;
beforeAll(async () => {
  analyst = await login(t.app, (await makeUser(t.db.db, { tenantId: t.tenantId, role: 'analyst' })).email);
});

const get = (url: string, session = t.admin) => t.app.inject({ url, headers: session.headers });

describe('heavy profiles', () => {
  it('reads a profile with thousands of identifiers as its first hundred, pages through the rest, and draws 24', async () => {
    // A test account: one email, a new anonymous id at every run.
    const runs = Array.from({ length: 129 }, (_, n) => event([email('qa-bot@example.com'), anon(`qa-run-${n}`)]));
    const id = (await sendEvents(t.app, t.admin, runs)).results[0]!.profile_id!;

    const profile = (await get(`/api/v1/cdp/profiles/${id}`)).json().data;
    expect(profile.identifiers).toHaveLength(PROFILE_IDENTIFIERS_SHOWN);
    expect(profile.identifiers_total).toBe(130);
    // The canonical identity first, then the first anonymous id seen, then the others.
    expect(profile.identifiers.slice(0, 2).map((i: { type: string; is_primary: boolean }) => [i.type, i.is_primary])).toEqual([
      ['email', true],
      ['anonymous_id', true],
    ]);

    const page = async (n: number) => (await get(`/api/v1/cdp/profiles/${id}/identifiers?page=${n}&page_size=100`)).json().data;
    const [first, second] = [await page(1), await page(2)];
    expect(first.items).toEqual(profile.identifiers);
    expect(second).toMatchObject({ total: 130, page: 2 });
    const all = [...first.items, ...second.items].map((i: { value: string }) => i.value);
    expect(new Set(all).size).toBe(130);
    expect(all).toEqual(expect.arrayContaining(['qa-bot@example.com', 'qa-run-0', 'qa-run-128']));
    const masked = (await get(`/api/v1/cdp/profiles/${id}/identifiers?page=2&page_size=100`, analyst)).json().data.items;
    expect(masked.every((i: { masked: boolean; value: string }) => i.masked && !i.value.includes('qa-run'))).toBe(true);

    const graph = (await get(`/api/v1/cdp/profiles/${id}/identity-graph`)).json().data;
    expect(graph.nodes).toHaveLength(GRAPH_IDENTIFIERS_SHOWN);
    expect(graph.total_nodes).toBe(130);
    expect(graph.nodes[0]).toMatchObject({ type: 'email', value: 'qa-bot@example.com' });
    const drawn = new Set(graph.nodes.map((n: { id: string }) => n.id));
    expect(graph.edges.length).toBeGreaterThan(0);
    expect(graph.edges.every((e: { from: string; to: string }) => drawn.has(e.from) && drawn.has(e.to))).toBe(true);

    // The export holds every one of them.
    const exported = (await get(`/api/v1/cdp/profiles/${id}/export`)).json().data.profile;
    expect(exported).toMatchObject({ identifiers_total: 130 });
    expect(exported.identifiers).toHaveLength(130);
  });

  it("streams a heavy person's export: every event once, oldest first, across reads that split runs of equal times", async () => {
    const person = [anon('export-heavy-device')];
    const start = Date.now() - 3_600_000;
    // 2,050 events in runs of 700 sharing one time: the reads of 1,000 end inside a run.
    const events = Array.from({ length: 2050 }, (_, n) =>
      event(person, { event_time: new Date(start + Math.floor(n / 700) * 1000).toISOString(), properties: { n } }),
    );
    let id = '';
    for (let i = 0; i < events.length; i += 1000) id = (await sendEvents(t.app, t.admin, events.slice(i, i + 1000))).results[0]!.profile_id!;

    const res = await get(`/api/v1/cdp/profiles/${id}/export`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    // Written as it is read, so its length is not known in advance.
    expect(res.headers['content-length']).toBeUndefined();
    const body = res.json();
    expect(body).toMatchObject({ success: true, message: null, errors: null, data: { profile: { id, total_events: 2050 } } });
    const exported: { id: string; event_time: string; properties: { n: number } }[] = body.data.events;
    expect(exported).toHaveLength(2050);
    expect(new Set(exported.map((e) => e.id)).size).toBe(2050);
    expect(new Set(exported.map((e) => e.properties.n)).size).toBe(2050);
    const order = exported.map((e) => [e.event_time, e.id].join(' '));
    expect(order).toEqual([...order].sort());
    const [audit] = (await get(`/api/v1/audit-logs?action=cdp.profile.export&resource_id=${id}`)).json().data.items;
    expect(audit.changes).toMatchObject({ events: 2050 });
  });

  it("counts a bot's events only ten thousand past the page, says there are more, and still reaches the last page", async () => {
    const bot = [anon('crawler-device')];
    const start = Date.now() - 86_400_000;
    const events = Array.from({ length: LIST_COUNT_AHEAD + 30 }, (_, n) =>
      event(bot, { event_name: 'Crawled', event_time: new Date(start + n * 1000).toISOString() }),
    );
    let id = '';
    for (let i = 0; i < events.length; i += 1000) id = (await sendEvents(t.app, t.admin, events.slice(i, i + 1000))).results[0]!.profile_id!;

    const first = (await get(`/api/v1/cdp/profiles/${id}/events?page_size=10`)).json().data;
    expect(first).toMatchObject({ total: LIST_COUNT_AHEAD, total_capped: true, page: 1 });
    expect(first.items[0].event_time).toBe(events.at(-1)!.event_time);
    // Deep enough, the count reaches the end and is exact again.
    const last = (await get(`/api/v1/cdp/profiles/${id}/events?page=${(LIST_COUNT_AHEAD + 30) / 10}&page_size=10`)).json().data;
    expect(last).toMatchObject({ total: LIST_COUNT_AHEAD + 30, total_capped: false });
    expect(last.items.at(-1).event_time).toBe(events[0]!.event_time);
    // The event explorer counts the same way, and exactly when the filter leaves fewer.
    const tenantWide = (await get(`/api/v1/cdp/events?event_name=Crawled&page_size=50`)).json().data;
    expect(tenantWide).toMatchObject({ total: LIST_COUNT_AHEAD, total_capped: true });
    const few = (await get(`/api/v1/cdp/events?event_name=Crawled&from=${encodeURIComponent(events[LIST_COUNT_AHEAD]!.event_time)}`)).json().data;
    expect(few).toMatchObject({ total: 30, total_capped: false });
    expect(few.items).toHaveLength(30);
  });
});
