import { describe, expect, it, vi } from 'vitest';
import { version } from '../package.json';
import { Stratum } from '../src/stratum';
import { HOST, UUID_V4, WRITE_KEY, loadStratum, messagesOf, mockServer } from './support';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('messages', () => {
  it('posts a Segment-spec batch with Basic auth, ids, client timestamps, sentAt and the page context', async () => {
    const requests = mockServer();
    document.title = 'Trail shoes';
    const stratum = await loadStratum({ flushAt: 1 });
    stratum.track('Product Viewed', { sku: 'TR-42', price: 129 });
    await stratum.flush();

    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request!.url).toBe(`${HOST}/v1/batch`);
    expect(request!.init.method).toBe('POST');
    expect(request!.headers.get('Authorization')).toBe(`Basic ${btoa(`${WRITE_KEY}:`)}`);
    expect(request!.headers.get('Content-Type')).toBe('application/json');
    expect(request!.body.writeKey).toBeUndefined();
    expect(request!.body.sentAt).toMatch(ISO_TIME);

    const [message] = request!.body.batch;
    expect(message).toEqual({
      type: 'track',
      event: 'Product Viewed',
      properties: { sku: 'TR-42', price: 129 },
      messageId: expect.stringMatching(UUID_V4),
      timestamp: expect.stringMatching(ISO_TIME),
      anonymousId: stratum.user().anonymousId,
      context: {
        library: { name: 'stratum-js', version },
        page: {
          path: '/products/42',
          url: 'https://shop.example.com/products/42?utm_source=newsletter&utm_campaign=spring',
          title: 'Trail shoes',
          referrer: '',
          search: '?utm_source=newsletter&utm_campaign=spring',
        },
        userAgent: navigator.userAgent,
        locale: navigator.language,
        timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        screen: { width: screen.width, height: screen.height },
        campaign: { source: 'newsletter', name: 'spring' },
      },
    });
    expect(Date.parse(request!.body.sentAt)).toBeGreaterThanOrEqual(Date.parse(message!.timestamp));
  });

  it('stamps the time of the call and the time of sending separately', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-01T10:00:00.000Z') });
    const requests = mockServer();
    const stratum = await loadStratum({ flushInterval: 5000 });
    stratum.track('Queued');
    await vi.advanceTimersByTimeAsync(5000);
    expect(requests[0]!.body.batch[0]!.timestamp).toBe('2026-03-01T10:00:00.000Z');
    expect(requests[0]!.body.sentAt).toBe('2026-03-01T10:00:05.000Z');
  });

  it('gives every message its own messageId', async () => {
    const requests = mockServer();
    const stratum = await loadStratum({ flushAt: 3 });
    stratum.track('A');
    stratum.track('A');
    stratum.track('A');
    await stratum.flush();
    expect(new Set(messagesOf(requests).map((message) => message.messageId)).size).toBe(3);
  });

  it('builds page, identify, group and alias messages as the Segment spec does', async () => {
    const requests = mockServer();
    const stratum = await loadStratum({ flushAt: 100 });
    const anonymousId = stratum.user().anonymousId;
    stratum.page('Pricing', { plan: 'pro' });
    stratum.page();
    stratum.identify('user-42', { email: 'layla@example.com' });
    stratum.group('acme', { employees: 40 });
    stratum.alias('user-43');
    stratum.alias('user-44', 'legacy-7');
    await stratum.flush();

    const messages = messagesOf(requests);
    expect(messages.map((message) => message.type)).toEqual(['page', 'page', 'identify', 'group', 'alias', 'alias']);
    const [named, unnamed, identify, group, alias, explicitAlias] = messages;
    expect(named).toMatchObject({
      name: 'Pricing',
      properties: { name: 'Pricing', plan: 'pro', path: '/products/42', search: '?utm_source=newsletter&utm_campaign=spring' },
    });
    expect(named).not.toHaveProperty('userId');
    expect(unnamed).not.toHaveProperty('name');
    expect(unnamed!.properties).toMatchObject({ url: 'https://shop.example.com/products/42?utm_source=newsletter&utm_campaign=spring' });
    expect(identify).toMatchObject({ userId: 'user-42', anonymousId, traits: { email: 'layla@example.com' } });
    expect(group).toMatchObject({ userId: 'user-42', groupId: 'acme', traits: { employees: 40 } });
    expect(alias).toMatchObject({ userId: 'user-43', previousId: 'user-42', anonymousId });
    expect(explicitAlias).toMatchObject({ userId: 'user-44', previousId: 'legacy-7' });
  });

  it('ignores calls that lack their required argument, with a warning', async () => {
    const requests = mockServer();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const stratum = await loadStratum({ flushAt: 1 });
    stratum.track('' as string);
    stratum.group('' as string);
    await stratum.flush();
    expect(requests).toHaveLength(0);
    expect(warn).toHaveBeenCalledTimes(2);
  });
});

describe('calls before load()', () => {
  it('are kept and replayed in order once load() runs', async () => {
    const requests = mockServer();
    const stratum = new Stratum(HOST);
    stratum.page('Home');
    stratum.identify('user-42', { email: 'layla@example.com' });
    stratum.track('Signed Up');
    expect(stratum.user().anonymousId).toBeNull();

    stratum.load(WRITE_KEY, { flushAt: 3 });
    await stratum.ready();
    await stratum.flush();
    expect(messagesOf(requests).map((message) => [message.type, message.userId])).toEqual([
      ['page', undefined],
      ['identify', 'user-42'],
      ['track', 'user-42'],
    ]);
  });

  it('load() twice keeps the first configuration', async () => {
    const requests = mockServer();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const stratum = await loadStratum({ flushAt: 1 });
    stratum.load('cdp_other_key', { host: 'https://elsewhere.example.com' });
    stratum.track('Once');
    await stratum.flush();
    expect(warn).toHaveBeenCalledOnce();
    expect(requests[0]!.url).toBe(`${HOST}/v1/batch`);
  });
});
