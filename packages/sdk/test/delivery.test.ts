import { describe, expect, it, vi } from 'vitest';
import { MAX_BATCH_BYTES, MAX_MESSAGE_BYTES } from '../src/queue';
import { parseRetryAfter } from '../src/transport';
import { answer, loadStratum, messagesOf, mockServer, storedQueue } from './support';

describe('batching', () => {
  it('sends as soon as flushAt messages wait, all in one request', async () => {
    vi.useFakeTimers();
    const requests = mockServer();
    const stratum = await loadStratum({ flushAt: 3 });
    stratum.track('One');
    stratum.track('Two');
    await vi.advanceTimersByTimeAsync(0);
    expect(requests).toHaveLength(0);

    stratum.track('Three');
    await vi.advanceTimersByTimeAsync(0);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.body.batch.map((message) => message.event)).toEqual(['One', 'Two', 'Three']);
    expect(storedQueue()).toEqual([]);
  });

  it('sends what waits flushInterval after the first message', async () => {
    vi.useFakeTimers();
    const requests = mockServer();
    const stratum = await loadStratum({ flushAt: 20, flushInterval: 5000 });
    stratum.track('Lonely');
    await vi.advanceTimersByTimeAsync(4999);
    expect(requests).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(messagesOf(requests).map((message) => message.event)).toEqual(['Lonely']);
  });

  it('keeps sending on the interval after a request that took longer than it', async () => {
    vi.useFakeTimers();
    const slow = new Promise<Response>((resolve) => setTimeout(() => resolve(answer(200)), 1500));
    const requests = mockServer(slow);
    const stratum = await loadStratum({ flushAt: 20, flushInterval: 500 });
    stratum.track('A');
    // A's timer fires at 500 ms; its request is answered at 1.5 s, and B, queued meanwhile, follows it at once.
    await vi.advanceTimersByTimeAsync(500);
    stratum.track('B');
    await vi.advanceTimersByTimeAsync(1000);
    expect(messagesOf(requests).map((message) => message.event)).toEqual(['A', 'B']);
    // C still goes out an interval after it is queued.
    stratum.track('C');
    await vi.advanceTimersByTimeAsync(500);
    expect(messagesOf(requests).map((message) => message.event)).toEqual(['A', 'B', 'C']);
  });

  it('keeps the queue in localStorage so that a reload sends it', async () => {
    vi.useFakeTimers();
    const requests = mockServer();
    (await loadStratum({ flushAt: 20 })).track('Before Reload');
    expect(storedQueue().map((message) => message.event)).toEqual(['Before Reload']);

    const nextPage = await loadStratum({ flushAt: 20, flushInterval: 1000 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(messagesOf(requests).map((message) => message.event)).toEqual(['Before Reload']);
    expect(storedQueue()).toEqual([]);
    expect(nextPage.user().anonymousId).toBe(requests[0]!.body.batch[0]!.anonymousId);
  });

  it('drops the oldest messages beyond maxQueue', async () => {
    mockServer();
    const stratum = await loadStratum({ flushAt: 100, maxQueue: 3 });
    for (const event of ['1', '2', '3', '4', '5']) stratum.track(event);
    expect(storedQueue().map((message) => message.event)).toEqual(['3', '4', '5']);
  });

  it('splits a large queue into requests under the 500 KB limit', async () => {
    const requests = mockServer();
    const stratum = await loadStratum({ flushAt: 1000 });
    for (let i = 0; i < 40; i += 1) stratum.track('Big', { blob: 'x'.repeat(20_000), i });
    await stratum.flush();

    expect(requests.length).toBe(2);
    for (const request of requests) expect(new TextEncoder().encode(String(request.init.body)).length).toBeLessThan(500_000);
    expect(messagesOf(requests).map((message) => message.properties?.i)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(MAX_BATCH_BYTES).toBeLessThan(500_000);
  });

  it('drops a message over 32 KB with a warning and sends the rest', async () => {
    const requests = mockServer();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const stratum = await loadStratum({ flushAt: 2 });
    stratum.track('Huge', { blob: 'x'.repeat(MAX_MESSAGE_BYTES) });
    stratum.track('Small');
    stratum.track('Fine', { blob: 'x'.repeat(MAX_MESSAGE_BYTES - 2000) });
    await stratum.flush();

    expect(messagesOf(requests).map((message) => message.event)).toEqual(['Small', 'Fine']);
    expect(warn).toHaveBeenCalledOnce();
    expect(String(warn.mock.calls[0]![0])).toContain('larger than');
  });
});

describe('failures', () => {
  it('keeps the messages on a 5xx and retries them with backoff', async () => {
    vi.useFakeTimers();
    const requests = mockServer(answer(503), new TypeError('Failed to fetch'), answer(200));
    const stratum = await loadStratum({ flushAt: 1 });
    stratum.track('Checkout Started');
    await vi.advanceTimersByTimeAsync(0);
    expect(requests).toHaveLength(1);
    expect(storedQueue().map((message) => message.event)).toEqual(['Checkout Started']);

    // First retry within 1 s (jittered), second within 2 s.
    await vi.advanceTimersByTimeAsync(1000);
    expect(requests).toHaveLength(2);
    expect(storedQueue()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(requests).toHaveLength(3);

    const ids = requests.map((request) => request.body.batch[0]!.messageId);
    expect(new Set(ids).size).toBe(1);
    expect(storedQueue()).toEqual([]);
  });

  it('waits as long as Retry-After says on a 429, even when asked to flush', async () => {
    vi.useFakeTimers();
    const requests = mockServer(answer(429, { message: 'Slow down' }, { 'Retry-After': '30' }));
    const stratum = await loadStratum({ flushAt: 1 });
    stratum.track('Rate Limited');
    await vi.advanceTimersByTimeAsync(0);
    expect(requests).toHaveLength(1);

    stratum.track('Meanwhile');
    await stratum.flush();
    await vi.advanceTimersByTimeAsync(29_000);
    expect(requests).toHaveLength(1);

    await vi.advanceTimersByTimeAsync(1000);
    expect(requests).toHaveLength(2);
    expect(requests[1]!.body.batch.map((message) => message.event)).toEqual(['Rate Limited', 'Meanwhile']);
    expect(storedQueue()).toEqual([]);
  });

  it('reads Retry-After as seconds or as an HTTP date', async () => {
    const now = Date.parse('2026-03-01T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 10:00:45 GMT', now)).toBe(45_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('drops a batch the server refuses with 400, warns once, and carries on', async () => {
    vi.useFakeTimers();
    const requests = mockServer(answer(400, { success: false, message: 'batch: invalid message' }), answer(401, { message: 'Invalid write key' }));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const stratum = await loadStratum({ flushAt: 1 });
    stratum.track('Refused');
    await vi.advanceTimersByTimeAsync(0);
    expect(storedQueue()).toEqual([]);
    expect(warn).toHaveBeenCalledWith('[stratum] 1 message(s) refused by the server (HTTP 400): batch: invalid message');

    stratum.track('Also Refused');
    stratum.track('Accepted');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(requests.map((request) => request.body.batch.map((message) => message.event))).toEqual([
      ['Refused'],
      ['Also Refused'],
      ['Accepted'],
    ]);
    expect(warn).toHaveBeenCalledOnce();
  });
});
