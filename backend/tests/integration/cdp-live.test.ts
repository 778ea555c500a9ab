import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { appWithTenantAdmin } from '../support/app-with-tenant-admin';
import { tenantWithAdmin } from '../support/factories';
import { anon, createSource, event } from '../support/cdp';

const t = appWithTenantAdmin();
let base: string;
beforeAll(async () => {
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});

/** Reads SSE messages from the stream until `done` says enough (or the time runs out). */
async function readStream(
  url: string,
  headers: Record<string, string>,
  done: (events: { event: string; data: Record<string, unknown> }[]) => boolean,
  ids: string[] = [],
) {
  const abort = new AbortController();
  const res = await fetch(url, { headers, signal: abort.signal });
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const events: { event: string; data: Record<string, unknown> }[] = [];
  const deadline = Date.now() + 15_000;
  try {
    while (!done(events) && Date.now() < deadline) {
      const { value, done: ended } = await reader.read();
      if (ended) break;
      buffer += decoder.decode(value, { stream: true });
      let split: number;
      while ((split = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, split);
        buffer = buffer.slice(split + 2);
        const id = /^id: (.+)$/m.exec(block)?.[1];
        if (id) ids.push(id);
        const name = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (name && data) events.push({ event: name, data: JSON.parse(data) });
      }
    }
  } finally {
    abort.abort();
  }
  return events;
}

describe('live event debugger', () => {
  it("streams a source's accepted events and refusals with their reasons", async () => {
    const source = await createSource(t.app, t.admin, 'Live', 'server');
    const ingest = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/cdp/ingest',
        headers: { 'x-source-key': source.source_key },
        payload: { events: [event([anon('live-1')], { event_name: 'Live Check' }), { event_name: 'Broken', identifiers: [] }] },
      });
    setTimeout(() => void ingest(), 300);
    const events = await readStream(`${base}/api/v1/cdp/sources/${source.id}/live`, t.admin.headers, (seen) => seen.length >= 2);
    const accepted = events.find((e) => e.event === 'accepted');
    const rejected = events.find((e) => e.event === 'rejected');
    expect(accepted?.data).toMatchObject({ kind: 'accepted', event_name: 'Live Check', profile_id: expect.any(String), emq_score: expect.any(Number) });
    expect(rejected?.data).toMatchObject({ kind: 'rejected', event_name: 'Broken', reason: expect.stringMatching(/event_time|identifier/) });
    expect(rejected?.data.properties).toBeNull();
  });

  it("resumes from the client's Last-Event-ID instead of replaying the last minute", async () => {
    const source = await createSource(t.app, t.admin, 'Resume', 'server');
    const ingest = (events: unknown[]) =>
      t.app.inject({ method: 'POST', url: '/api/v1/cdp/ingest', headers: { 'x-source-key': source.source_key }, payload: { events } });
    const url = `${base}/api/v1/cdp/sources/${source.id}/live`;
    const names = (events: { data: Record<string, unknown> }[]) => events.map((e) => e.data.event_name);

    await ingest([event([anon('resume-1')], { event_name: 'Before' })]);
    const ids: string[] = [];
    expect(names(await readStream(url, t.admin.headers, (seen) => seen.length >= 1, ids))).toEqual(['Before']);
    expect(ids.at(-1)).toMatch(/^[0-9a-f-]{36}_\d{4}-/);

    // While the client is away: one accepted and one refused event.
    await ingest([event([anon('resume-1')], { event_name: 'While Away' }), { event_name: 'Broken Away', identifiers: [] }]);
    const resumed = await readStream(url, { ...t.admin.headers, 'last-event-id': ids.at(-1)! }, (seen) => seen.length >= 2);
    expect(names(resumed).sort()).toEqual(['Broken Away', 'While Away']);

    // A malformed id is ignored: the stream opens and replays the last minute as for a new client.
    const fresh = await readStream(url, { ...t.admin.headers, 'last-event-id': 'not-a-cursor' }, (seen) => seen.length >= 3);
    expect(names(fresh)).toEqual(expect.arrayContaining(['Before', 'While Away', 'Broken Away']));
  });

  it('is authenticated and tenant-scoped', async () => {
    const source = await createSource(t.app, t.admin, 'Private', 'server');
    expect((await fetch(`${base}/api/v1/cdp/sources/${source.id}/live`)).status).toBe(401);
    const other = await tenantWithAdmin(t.app, t.db.db);
    const foreign = await fetch(`${base}/api/v1/cdp/sources/${source.id}/live`, { headers: other.session.headers });
    expect(foreign.status).toBe(404);
  });
});
