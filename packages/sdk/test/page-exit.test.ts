import { describe, expect, it, vi } from 'vitest';
import { HOST, answer, loadStratum, mockBeacon, mockServer, setVisibility, storedQueue } from './support';

// Instances from earlier tests still listen for pagehide, so each test uses its own write key and looks only at the
// beacons and requests made with it.
let keys = 0;
const uniqueKey = () => `cdp_page_exit_test_${(keys += 1)}`;

describe('leaving the page', () => {
  it('hands the queue to sendBeacon as text/plain with the write key in the body', async () => {
    mockServer();
    const { beacons } = mockBeacon(true);
    const key = uniqueKey();
    const stratum = await loadStratum({ flushAt: 20 }, key);
    stratum.track('Added To Cart');
    stratum.track('Left');

    dispatchEvent(new Event('pagehide'));
    const sent = await beacons(key);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ url: `${HOST}/v1/batch`, type: 'text/plain', body: { writeKey: key } });
    expect(sent[0]!.body.batch.map((message) => message.event)).toEqual(['Added To Cart', 'Left']);
    expect(sent[0]!.body.sentAt).toEqual(expect.any(String));
    expect(storedQueue()).toEqual([]);
  });

  it('also sends when the tab becomes hidden', async () => {
    mockServer();
    const { beacons } = mockBeacon(true);
    const key = uniqueKey();
    (await loadStratum({ flushAt: 20 }, key)).track('Switched Tab');
    setVisibility('hidden');
    expect((await beacons(key)).flatMap((beacon) => beacon.body.batch).map((message) => message.event)).toEqual(['Switched Tab']);
  });

  it('falls back to fetch with keepalive when sendBeacon refuses, and keeps the queue until it succeeds', async () => {
    const all = mockServer();
    mockBeacon(false);
    const key = uniqueKey();
    (await loadStratum({ flushAt: 20 }, key)).track('Closing');

    dispatchEvent(new Event('pagehide'));
    const requests = all.filter((request) => request.body.writeKey === key);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.init).toMatchObject({ keepalive: true, headers: { 'Content-Type': 'text/plain' } });
    expect(requests[0]!.headers.get('Authorization')).toBeNull();
    expect(storedQueue()).toHaveLength(1);
    await vi.waitFor(() => expect(storedQueue()).toEqual([]));
  });

  it('does not beacon while the server asked to wait (the queue goes out on the next page)', async () => {
    vi.useFakeTimers();
    mockServer(answer(503, { message: 'down' }, { 'Retry-After': '60' }));
    const { beacons } = mockBeacon(true);
    const key = uniqueKey();
    const stratum = await loadStratum({ flushAt: 1 }, key);
    stratum.track('During Outage');
    await vi.advanceTimersByTimeAsync(0);

    dispatchEvent(new Event('pagehide'));
    expect(await beacons(key)).toEqual([]);
    expect(storedQueue().map((message) => message.event)).toEqual(['During Outage']);
  });
});

describe('leaving the page before consent', () => {
  it('sends no beacon while consent is pending', async () => {
    const all = mockServer();
    const { beacons } = mockBeacon(true);
    const key = uniqueKey();
    (await loadStratum({ requireConsent: true }, key)).track('Undecided');
    dispatchEvent(new Event('pagehide'));
    setVisibility('hidden');
    expect(await beacons(key)).toEqual([]);
    expect(all.filter((request) => request.body.writeKey === key)).toEqual([]);
  });
});
