import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { signAccessToken } from '../../src/core/security';
import { users } from '../../src/models';
import { liveCursorAt } from '../../src/services/cdp/events/live-cursor';
import { commitChunk, enqueueRawEvents, readChunk } from '../../src/services/cdp/ingest/raw-event-queue';
import { appWithTenantAdmin } from '../support/app-with-tenant-admin';
import { login, makeUser, tenantWithAdmin } from '../support/factories';
import { anon, createSource, event } from '../support/cdp';

const t = appWithTenantAdmin();
let base: string;
beforeAll(async () => {
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});

interface StreamMessage {
  event: string;
  data: Record<string, unknown>;
  /** The SSE `id:` the message carried, if any (the last message of each poll carries one). */
  id?: string;
}

/** An open live stream: messages accumulate as they arrive; `until` waits (with a deadline) for a condition. */
function openStream(url: string, headers: Record<string, string>) {
  const abort = new AbortController();
  const messages: StreamMessage[] = [];
  let ended = false;
  const reading = (async () => {
    const res = await fetch(url, { headers, signal: abort.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let split: number;
      while ((split = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, split);
        buffer = buffer.slice(split + 2);
        const id = /^id: (.+)$/m.exec(block)?.[1];
        const name = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (name && data) messages.push({ event: name, data: JSON.parse(data) as Record<string, unknown>, id });
      }
    }
  })()
    .catch(() => undefined)
    .finally(() => {
      ended = true;
    });
  return {
    messages,
    /** Polls the received messages until `done` holds or `timeoutMs` passes; returns what arrived. */
    async until(done: (messages: StreamMessage[]) => boolean, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!done(messages) && !ended && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
      return messages;
    },
    async close() {
      abort.abort();
      await reading;
    },
  };
}

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

/** Reads SSE messages from the stream until `done` says enough (or the time runs out). */
async function readStream(
  url: string,
  headers: Record<string, string>,
  done: (events: { event: string; data: Record<string, unknown> }[]) => boolean,
  ids: string[] = [],
  timeoutMs = 15_000,
) {
  const stream = openStream(url, headers);
  try {
    const messages = await stream.until((seen) => done(seen.filter((m) => m.event === 'accepted' || m.event === 'rejected')), timeoutMs);
    ids.push(...messages.flatMap((m) => (m.id ? [m.id] : [])));
    return messages.filter((m) => m.event === 'accepted' || m.event === 'rejected');
  } finally {
    await stream.close();
  }
}

const names = (events: { data: Record<string, unknown> }[]) => events.map((e) => e.data.event_name);
const refused = (name: string) => ({ event_name: name, identifiers: [] });

type Source = { id: string; source_key: string };
const url = (source: Source) => `${base}/api/v1/cdp/sources/${source.id}/live`;
const ingestTo = (source: Source, events: unknown[]) =>
  t.app.inject({ method: 'POST', url: '/api/v1/cdp/ingest', headers: { 'x-source-key': source.source_key }, payload: { events } });
/** A stream of the source, closed after the test. */
function live(source: Source) {
  const stream = openStream(url(source), t.admin.headers);
  opened.push(stream);
  return stream;
}
/** Queues a request of the source's and prepares it for the drain (ids are given here); commitChunk writes it. */
async function preparedQueuedRequest(source: Source, events: unknown[]) {
  await enqueueRawEvents(t.db.db, { tenantId: t.tenantId, sourceId: source.id }, { format: 'cdp', payload: JSON.stringify(events), messageCount: events.length }, 24);
  return readChunk(t.db.db, t.config, t.tenantId);
}
/** Events sent by each poll: a poll's last message carries the stream position as its id. */
function pollSizes(messages: StreamMessage[]): number[] {
  const sizes = [0];
  for (const m of messages) {
    if (m.event === 'accepted' || m.event === 'rejected') sizes[sizes.length - 1]! += 1;
    if (m.id) sizes.push(0);
  }
  return sizes;
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
    expect(rejected?.data).toMatchObject({ kind: 'rejected', event_name: 'Broken', reason: expect.stringMatching(/event_time|identifier/), reason_code: 'invalid_field' });
    expect(accepted?.data.reason_code).toBeNull();
    expect(rejected?.data.properties).toBeNull();
  });

  it("shows a tracking request's invalid messages with their reason, and the others of a request refused as a whole", async () => {
    const source = await createSource(t.app, t.admin, 'Live Segment', 'website');
    const stream = live(source);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const send = (batch: unknown[]) =>
      t.app.inject({ method: 'POST', url: '/v1/batch', headers: { authorization: `Basic ${Buffer.from(`${source.source_key}:`).toString('base64')}` }, payload: { batch } });
    // The valid messages are kept: only the invalid one is shown rejected.
    const partly = await send([{ type: 'track', anonymousId: 'seg-ok', event: 'Fine Event' }, { type: 'track', event: 'No Ids' }]);
    expect(partly.statusCode).toBe(200);
    // A message over 32 KB refuses its request: its batch-mate is shown with why it was not stored either.
    const refused = await send([{ type: 'track', anonymousId: 'seg-big', event: 'Big', properties: { blob: 'x'.repeat(33 * 1024) } }, { type: 'page', userId: 'seg-user', name: 'Home' }]);
    expect(refused.statusCode).toBe(400);
    const rejected = () => stream.messages.filter((m) => m.event === 'rejected');
    await stream.until(() => rejected().length >= 3 && stream.messages.some((m) => m.event === 'accepted'));
    expect(rejected().map((m) => [m.data.event_name, m.data.reason, m.data.reason_code]).sort()).toEqual([
      ['Big', 'Message exceeds 32 KB', 'invalid_message'],
      ['No Ids', 'userId or anonymousId is required', 'invalid_message'],
      ['Page Viewed', 'not stored: 1 other message(s) of its request were invalid', 'request_refused'],
    ]);
    expect(stream.messages.filter((m) => m.event === 'accepted').map((m) => m.data.event_name)).toEqual(['Fine Event']);
  });

  it("resumes from the client's Last-Event-ID instead of replaying the last minute", async () => {
    const source = await createSource(t.app, t.admin, 'Resume', 'server');
    await ingestTo(source, [event([anon('resume-1')], { event_name: 'Before' })]);
    const ids: string[] = [];
    expect(names(await readStream(url(source), t.admin.headers, (seen) => seen.length >= 1, ids))).toEqual(['Before']);
    expect(ids.at(-1)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    // The position a stream sends once the settle window (LIVE_SETTLE_MS) has passed: after 'Before'.
    const later = liveCursorAt(Date.now());

    // While the client is away: one accepted and one refused event.
    await ingestTo(source, [event([anon('resume-1')], { event_name: 'While Away' }), refused('Broken Away')]);
    const resumed = await readStream(url(source), { ...t.admin.headers, 'last-event-id': later }, (seen) => seen.length >= 2);
    expect(names(resumed).sort()).toEqual(['Broken Away', 'While Away']);
    // Within the settle window the position trails what was shown (a batch may still commit behind it): a client
    // resuming from there sees some events again, which their ids tell apart, and misses none.
    const soon = await readStream(url(source), { ...t.admin.headers, 'last-event-id': ids.at(-1)! }, (seen) => seen.length >= 3);
    expect(names(soon).sort()).toEqual(['Before', 'Broken Away', 'While Away']);
    // A position from before the stream's ids became one id (accepted id, refusal time) still resumes.
    const legacy = `${resumed.find((e) => e.event === 'accepted')!.data.id as string}_${new Date().toISOString()}`;
    const legacyStream = openStream(url(source), { ...t.admin.headers, 'last-event-id': legacy });
    opened.push(legacyStream);
    await ingestTo(source, [refused('After Legacy')]);
    const afterLegacy = names(await legacyStream.until((seen) => names(seen).includes('After Legacy')));
    expect(afterLegacy).toContain('After Legacy');
    expect(afterLegacy).not.toContain('Before');

    // A malformed id is ignored: the stream opens and replays the last minute as for a new client.
    const fresh = await readStream(url(source), { ...t.admin.headers, 'last-event-id': 'not-a-cursor' }, (seen) => seen.length >= 4);
    expect(names(fresh)).toEqual(expect.arrayContaining(['Before', 'While Away', 'Broken Away', 'After Legacy']));
  });

  it('shows every refusal of a request that refuses more than one poll can show, at most 100 a poll', async () => {
    const source = await createSource(t.app, t.admin, 'Many refusals', 'server');
    const res = await ingestTo(source, Array.from({ length: 250 }, (_, i) => refused(`Refused ${i}`)));
    expect(res.json().data.rejected).toBe(250);
    const stream = live(source);
    const shown = () => new Set(names(stream.messages.filter((m) => m.event === 'rejected')));
    await stream.until(() => shown().size >= 250, 8000);
    expect(shown().size).toBe(250);
    for (const size of pollSizes(stream.messages)) expect(size).toBeLessThanOrEqual(100);
  });

  it('shows a batch that commits after a batch prepared later was already shown', async () => {
    const source = await createSource(t.app, t.admin, 'Late commit', 'server');
    // A queued request is read and prepared, which gives its events their ids...
    const chunk = await preparedQueuedRequest(source, [event([anon('late-1')], { event_name: 'Prepared First' })]);
    // ...then a batch prepared after it commits first, and the debugger shows it.
    const stream = live(source);
    await ingestTo(source, [event([anon('late-2')], { event_name: 'Committed First' })]);
    await stream.until((seen) => names(seen).includes('Committed First'));
    expect(names(stream.messages)).toContain('Committed First');
    // The first batch commits now, with ids older than everything the stream has shown.
    await commitChunk(t.db.db, t.config, chunk);
    await stream.until((seen) => names(seen).includes('Prepared First'), 8000);
    expect(names(stream.messages)).toContain('Prepared First');
  });

  it('shows a refusal noted after a newer refusal was already shown', async () => {
    const source = await createSource(t.app, t.admin, 'Late refusal', 'server');
    // A queued request's refusal is noted when it is drained, with the time the request was received.
    const chunk = await preparedQueuedRequest(source, [refused('Queued Refusal')]);
    const stream = live(source);
    await ingestTo(source, [refused('Direct Refusal')]);
    await stream.until((seen) => names(seen).includes('Direct Refusal'));
    expect(names(stream.messages)).toContain('Direct Refusal');
    await commitChunk(t.db.db, t.config, chunk);
    await stream.until((seen) => names(seen).includes('Queued Refusal'), 8000);
    expect(stream.messages.find((m) => m.data.event_name === 'Queued Refusal')?.data).toMatchObject({ kind: 'rejected', reason: expect.stringMatching(/identifier/) });
  });

  it('a reconnection sees a batch that committed late while it was away', async () => {
    const source = await createSource(t.app, t.admin, 'Late while away', 'server');
    const chunk = await preparedQueuedRequest(source, [event([anon('away-1')], { event_name: 'Prepared First' })]);
    const ids: string[] = [];
    await ingestTo(source, [event([anon('away-2')], { event_name: 'Committed First' })]);
    expect(names(await readStream(url(source), t.admin.headers, (seen) => seen.length >= 1, ids))).toEqual(['Committed First']);
    await commitChunk(t.db.db, t.config, chunk);
    const resumed = await readStream(url(source), { ...t.admin.headers, 'last-event-id': ids.at(-1)! }, (seen) => names(seen).includes('Prepared First'), [], 8000);
    expect(names(resumed)).toContain('Prepared First');
  });

  it('shows the latest events when more arrive than it can show, and says how many it left out', async () => {
    const source = await createSource(t.app, t.admin, 'Burst', 'server');
    await ingestTo(source, Array.from({ length: 1000 }, (_, i) => refused(`Burst ${i}`)));
    await ingestTo(source, Array.from({ length: 500 }, (_, i) => refused(`Burst ${1000 + i}`)));
    const stream = live(source);
    const rejected = () => stream.messages.filter((m) => m.event === 'rejected');
    await stream.until(() => rejected().length >= 100 && stream.messages.some((m) => m.event === 'skipped'), 5000);
    // The newest hundred: the second request's (ids of one millisecond are in no particular order).
    expect(rejected()).toHaveLength(100);
    expect(names(rejected()).every((name) => Number(String(name).slice('Burst '.length)) >= 1000)).toBe(true);
    expect(stream.messages.filter((m) => m.event === 'skipped').map((m) => m.data.omitted)).toEqual([1400]);
    for (const size of pollSizes(stream.messages)) expect(size).toBeLessThanOrEqual(100);
  });

  it("follows the viewer's access while open: masked once demoted, closed once disabled or the token expires", async () => {
    const source = await createSource(t.app, t.admin, 'Watched', 'server');
    const user = await makeUser(t.db.db, { tenantId: t.tenantId, role: 'admin' });
    const stream = openStream(url(source), (await login(t.app, user.email)).headers);
    opened.push(stream);
    const sendNote = async (name: string) => {
      await ingestTo(source, [event([anon(`watched-${name}`)], { event_name: name, properties: { note: 'write to rana@example.com' } })]);
      await stream.until((seen) => seen.some((m) => m.data.event_name === name));
    };
    const noteOf = (name: string) => (stream.messages.find((m) => m.data.event_name === name)?.data.properties as { note: string }).note;
    await sendNote('As Admin');
    expect(noteOf('As Admin')).toBe('write to rana@example.com');
    await t.db.db.update(users).set({ role: 'viewer' }).where(eq(users.id, user.id));
    await sendNote('As Viewer');
    expect(noteOf('As Viewer')).not.toContain('rana@example.com');
    // A refused event shows only its name and reason, which a name built from a form's input spells PII out in.
    await ingestTo(source, [refused('Refused rana@example.com +971501234567')]);
    const shown = await stream.until((seen) => seen.some((m) => String(m.data.event_name).startsWith('Refused')));
    const refusedName = String(shown.find((m) => String(m.data.event_name).startsWith('Refused'))!.data.event_name);
    expect(refusedName).not.toMatch(/rana@example\.com|501234567/);
    await t.db.db.update(users).set({ isActive: false }).where(eq(users.id, user.id));
    await stream.until((seen) => seen.some((m) => m.event === 'closed'));
    await ingestTo(source, [event([anon('watched-after')], { event_name: 'After Disabled' })]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(stream.messages.map((m) => m.event).slice(-1)).toEqual(['closed']);
    expect(names(stream.messages)).not.toContain('After Disabled');

    const other = await makeUser(t.db.db, { tenantId: t.tenantId, role: 'admin' });
    const shortLived = await signAccessToken({ ...t.config.jwt, accessTtlSeconds: 2 }, { sub: other.id, role: 'admin', tid: t.tenantId });
    const expiring = openStream(url(source), { authorization: `Bearer ${shortLived}` });
    opened.push(expiring);
    const ended = await expiring.until((seen) => seen.some((m) => m.event === 'closed'), 6000);
    expect(ended.at(-1)).toMatchObject({ event: 'closed', data: { code: 'unauthorized' } });
  });

  it('is authenticated and tenant-scoped', async () => {
    const source = await createSource(t.app, t.admin, 'Private', 'server');
    expect((await fetch(`${base}/api/v1/cdp/sources/${source.id}/live`)).status).toBe(401);
    const other = await tenantWithAdmin(t.app, t.db.db);
    const foreign = await fetch(`${base}/api/v1/cdp/sources/${source.id}/live`, { headers: other.session.headers });
    expect(foreign.status).toBe(404);
  });
});
