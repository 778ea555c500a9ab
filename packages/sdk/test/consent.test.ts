import { describe, expect, it, vi } from 'vitest';
import { loadStratum, messagesOf, mockServer, storedQueue } from './support';

const NOTHING_STORED = { cookie: '', anonymousId: null, queue: null };
const stored = () => ({
  cookie: document.cookie,
  anonymousId: localStorage.getItem('stratum_anon_id'),
  queue: localStorage.getItem('stratum_queue'),
});

describe('requireConsent', () => {
  it('sends nothing and stores nothing until analytics is granted, then sends what waited', async () => {
    vi.useFakeTimers();
    const requests = mockServer();
    const stratum = loadStratum({ requireConsent: true, flushAt: 1 });
    stratum.identify('user-42', { email: 'layla@example.com' });
    stratum.track('Viewed Pricing');
    await stratum.flush();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(requests).toHaveLength(0);
    expect(stored()).toEqual(NOTHING_STORED);
    expect(localStorage.getItem('stratum_user_id')).toBeNull();

    stratum.consent({ analytics: true, email: true });
    await vi.advanceTimersByTimeAsync(0);
    const messages = messagesOf(requests);
    expect(messages.map((message) => message.type)).toEqual(['identify', 'track']);
    for (const message of messages) {
      expect(message.context.consent).toEqual({ categoryPreferences: { analytics: true, ads: false, email: true, sms: false } });
    }
    // Granted: the ids are kept from now on, with the decision itself.
    expect(document.cookie).toContain(`stratum_anon_id=${stratum.user().anonymousId}`);
    expect(JSON.parse(localStorage.getItem('stratum_consent')!)).toEqual({ analytics: true, ads: false, email: true, sms: false });
  });

  it('remembers the decision on the next page', async () => {
    const requests = mockServer();
    loadStratum({ requireConsent: true }).consent({ analytics: true, ads: true });

    const nextPage = loadStratum({ requireConsent: true, flushAt: 1 });
    nextPage.track('Returned');
    await nextPage.flush();
    expect(messagesOf(requests)[0]!.context.consent?.categoryPreferences).toEqual({ analytics: true, ads: true, email: false, sms: false });
  });

  it('drops what waited, and everything after, when analytics is refused', async () => {
    vi.useFakeTimers();
    const requests = mockServer();
    const stratum = loadStratum({ requireConsent: true, flushAt: 1 });
    stratum.track('Before Decision');
    stratum.consent({ analytics: false, ads: false, email: false, sms: false });
    stratum.track('After Refusal');
    await stratum.flush();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(requests).toHaveLength(0);
    expect(stored()).toEqual(NOTHING_STORED);
    expect(localStorage.getItem('stratum_consent')).not.toBeNull();
  });

  it('holds pending messages in memory only, bounded by maxQueue', async () => {
    const requests = mockServer();
    const stratum = loadStratum({ requireConsent: true, maxQueue: 2, flushAt: 10 });
    for (const event of ['1', '2', '3']) stratum.track(event);
    expect(storedQueue()).toEqual([]);
    stratum.consent({ analytics: true });
    await stratum.flush();
    expect(messagesOf(requests).map((message) => message.event)).toEqual(['2', '3']);
  });
});

describe('consent without requireConsent', () => {
  it('attaches the preferences to the messages that follow the decision', async () => {
    const requests = mockServer();
    const stratum = loadStratum({ flushAt: 1 });
    stratum.track('Before');
    stratum.consent({ analytics: true, ads: true });
    stratum.track('After');
    await stratum.flush();
    const [before, after] = messagesOf(requests);
    expect(before!.context.consent).toBeUndefined();
    expect(after!.context.consent).toEqual({ categoryPreferences: { analytics: true, ads: true, email: false, sms: false } });
  });

  it('stops collecting and erases stored ids and queue when analytics is withdrawn', async () => {
    vi.useFakeTimers();
    const requests = mockServer();
    const stratum = loadStratum({ flushAt: 20 });
    stratum.track('Queued');
    expect(storedQueue()).toHaveLength(1);

    stratum.consent({ analytics: false });
    stratum.track('Ignored');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(requests).toHaveLength(0);
    expect(stored()).toEqual(NOTHING_STORED);
  });

  it('keeps earlier answers for the categories a later call leaves out', async () => {
    const requests = mockServer();
    const stratum = loadStratum({ flushAt: 1 });
    stratum.consent({ analytics: true, sms: true });
    stratum.consent({ ads: true });
    stratum.track('Merged');
    await stratum.flush();
    expect(messagesOf(requests)[0]!.context.consent?.categoryPreferences).toEqual({ analytics: true, ads: true, email: false, sms: true });
  });
});
