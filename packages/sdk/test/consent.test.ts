import { describe, expect, it, vi } from 'vitest';
import { type LoadOptions, Stratum } from '../src/stratum';
import { HOST, WRITE_KEY, answer, answerSettings, loadStratum, messagesOf, mockServer, settingsRequests, sourceSettings, storedQueue } from './support';

const NOTHING_STORED = { cookie: '', anonymousId: null, queue: null };
const stored = () => ({
  cookie: document.cookie,
  anonymousId: localStorage.getItem('stratum_anon_id'),
  queue: localStorage.getItem('stratum_queue'),
});

/** The source's settings, held back until the test releases them: the snippet's replayed calls run before they arrive. */
function settingsOnTheirWay(requireConsent: boolean): () => void {
  let release!: () => void;
  answerSettings(() => new Promise<Response>((resolve) => (release = () => resolve(sourceSettings(requireConsent)))));
  return () => release();
}

/** A page whose first calls come before the source's settings, as the snippet's do. */
function loadBeforeSettings(options: LoadOptions = {}): Stratum {
  const stratum = new Stratum(HOST);
  stratum.load(WRITE_KEY, options);
  return stratum;
}

/** An identified visitor's calls, while consent is required and undecided: nothing is sent or kept, however long. */
async function expectHeldBeforeConsent(stratum: Stratum, requests: readonly unknown[]): Promise<void> {
  stratum.identify('user-42', { email: 'layla@example.com' });
  stratum.track('Viewed Pricing');
  await stratum.flush();
  await vi.advanceTimersByTimeAsync(60_000);
  expect(requests).toHaveLength(0);
  expect(stored()).toEqual(NOTHING_STORED);
  expect(localStorage.getItem('stratum_user_id')).toBeNull();
}

describe('requireConsent', () => {
  it('sends nothing and stores nothing until analytics is granted, then sends what waited', async () => {
    vi.useFakeTimers();
    const requests = mockServer();
    const stratum = await loadStratum({ requireConsent: true, flushAt: 1 });
    await expectHeldBeforeConsent(stratum, requests);

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
    (await loadStratum({ requireConsent: true })).consent({ analytics: true, ads: true });

    const nextPage = await loadStratum({ requireConsent: true, flushAt: 1 });
    nextPage.track('Returned');
    await nextPage.flush();
    expect(messagesOf(requests)[0]!.context.consent?.categoryPreferences).toEqual({ analytics: true, ads: true, email: false, sms: false });
  });

  it('drops what waited, and everything after, when analytics is refused', async () => {
    vi.useFakeTimers();
    const requests = mockServer();
    const stratum = await loadStratum({ requireConsent: true, flushAt: 1 });
    stratum.track('Before Decision');
    stratum.consent({ analytics: false, ads: false, email: false, sms: false });
    stratum.track('After Refusal');
    await stratum.flush();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(requests).toHaveLength(0);
    expect(stored()).toEqual(NOTHING_STORED);
    expect(localStorage.getItem('stratum_consent')).not.toBeNull();
  });

  it('keeps waiting for analytics after a decision on other categories only', async () => {
    vi.useFakeTimers();
    const requests = mockServer();
    const stratum = await loadStratum({ requireConsent: true, flushAt: 1 });
    stratum.consent({ ads: true });
    await expectHeldBeforeConsent(stratum, requests);

    stratum.consent({ analytics: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(messagesOf(requests).map((message) => message.type)).toEqual(['identify', 'track']);
    expect(messagesOf(requests)[0]!.context.consent?.categoryPreferences).toEqual({ analytics: true, ads: true, email: false, sms: false });
  });

  it('holds pending messages in memory only, bounded by maxQueue', async () => {
    const requests = mockServer();
    const stratum = await loadStratum({ requireConsent: true, maxQueue: 2, flushAt: 10 });
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
    const stratum = await loadStratum({ flushAt: 1 });
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
    const stratum = await loadStratum({ flushAt: 20 });
    stratum.track('Queued');
    expect(storedQueue()).toHaveLength(1);

    stratum.consent({ analytics: false });
    stratum.track('Ignored');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(requests).toHaveLength(0);
    expect(stored()).toEqual(NOTHING_STORED);
  });

  it('keeps collecting when a tenant that does not require consent hears of another category only', async () => {
    const requests = mockServer();
    const stratum = await loadStratum({ flushAt: 1 });
    stratum.consent({ ads: true });
    stratum.track('Still collected');
    await stratum.flush();
    expect(messagesOf(requests).map((message) => message.event)).toEqual(['Still collected']);
    expect(messagesOf(requests)[0]!.context.consent?.categoryPreferences).toEqual({ analytics: true, ads: true, email: false, sms: false });
  });

  it('keeps earlier answers for the categories a later call leaves out', async () => {
    const requests = mockServer();
    const stratum = await loadStratum({ flushAt: 1 });
    stratum.consent({ analytics: true, sms: true });
    stratum.consent({ ads: true });
    stratum.track('Merged');
    await stratum.flush();
    expect(messagesOf(requests)[0]!.context.consent?.categoryPreferences).toEqual({ analytics: true, ads: true, email: false, sms: true });
  });
});

describe("the tenant's own requirement (the source's settings)", () => {
  it('holds everything until analytics is granted when the tenant requires consent, whatever the page options say', async () => {
    vi.useFakeTimers();
    answerSettings(() => sourceSettings(true));
    const requests = mockServer();
    const stratum = await loadStratum({ requireConsent: false, flushAt: 1 });
    expect(settingsRequests).toEqual([`${HOST}/v1/projects/${WRITE_KEY}/settings`]);
    await expectHeldBeforeConsent(stratum, requests);

    stratum.consent({ analytics: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(messagesOf(requests).map((message) => message.type)).toEqual(['identify', 'track']);
  });

  it('erases what an earlier page stored before the tenant began to require consent', async () => {
    const first = await loadStratum({ flushAt: 20 });
    first.track('Stored Earlier');
    expect(storedQueue()).toHaveLength(1);

    answerSettings(() => sourceSettings(true));
    await loadStratum();
    expect(stored()).toEqual(NOTHING_STORED);
  });

  it('neither sends, stores nor erases until the settings arrive, and reads them again after a failure', async () => {
    vi.useFakeTimers();
    // The last page left a message in storage (and, gone, never sends it itself).
    const before = await loadStratum({ flushAt: 20, flushInterval: 3_600_000 });
    before.track('From The Last Page');
    const anonymousId = before.user().anonymousId;

    const outage = [new TypeError('offline'), answer(503)];
    answerSettings(() => outage.shift() ?? sourceSettings(false));
    const requests = mockServer();
    const stratum = new Stratum(HOST);
    stratum.load(WRITE_KEY, { flushAt: 2 });
    stratum.track('While Unknown');
    await vi.advanceTimersByTimeAsync(0);
    expect(requests).toHaveLength(0);
    // The earlier page's id and queue are kept as they were; the new message waits in memory.
    expect(storedQueue().map((message) => message.event)).toEqual(['From The Last Page']);
    expect(stratum.user().anonymousId).toBe(anonymousId);

    await vi.advanceTimersByTimeAsync(10_000);
    await stratum.ready();
    // The first page's read, then offline, 503 and the answer.
    expect(settingsRequests).toHaveLength(4);
    await vi.advanceTimersByTimeAsync(0);
    expect(messagesOf(requests).map((message) => message.event)).toEqual(['From The Last Page', 'While Unknown']);
    expect(document.cookie).toContain(`stratum_anon_id=${anonymousId}`);
  });

  it('keeps analytics granted after a decision on other categories made before the settings arrive, when consent is not required', async () => {
    const release = settingsOnTheirWay(false);
    const requests = mockServer();
    const stratum = loadBeforeSettings({ flushAt: 1 });
    stratum.consent({ ads: true });
    stratum.identify('cr-x');
    stratum.track('After Partial Consent');
    release();
    await stratum.ready();
    await stratum.flush();

    const granted = { analytics: true, ads: true, email: false, sms: false };
    const messages = messagesOf(requests);
    expect(messages.map((message) => message.event ?? message.type)).toEqual(['identify', 'After Partial Consent']);
    for (const message of messages) expect(message.context.consent).toEqual({ categoryPreferences: granted });
    expect(JSON.parse(localStorage.getItem('stratum_consent')!)).toEqual(granted);
    expect(document.cookie).toContain(`stratum_anon_id=${stratum.user().anonymousId}`);
  });

  it('settles analytics on the next page when the visitor left before the settings arrived', async () => {
    settingsOnTheirWay(false);
    loadBeforeSettings().consent({ ads: true });

    answerSettings(() => sourceSettings(false));
    const requests = mockServer();
    const nextPage = await loadStratum({ flushAt: 1 });
    nextPage.track('Next Page');
    await nextPage.flush();
    expect(messagesOf(requests)[0]!.context.consent?.categoryPreferences).toEqual({ analytics: true, ads: true, email: false, sms: false });
  });

  it('still awaits analytics after a decision on other categories made before the settings arrive, when consent is required', async () => {
    vi.useFakeTimers();
    const release = settingsOnTheirWay(true);
    const requests = mockServer();
    const stratum = loadBeforeSettings({ flushAt: 1 });
    stratum.consent({ ads: true });
    release();
    await stratum.ready();
    await expectHeldBeforeConsent(stratum, requests);

    stratum.consent({ analytics: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(messagesOf(requests).map((message) => message.type)).toEqual(['identify', 'track']);
    expect(messagesOf(requests)[0]!.context.consent?.categoryPreferences).toEqual({ analytics: true, ads: true, email: false, sms: false });
  });

  it('honours analytics: false made before the settings arrive, even when consent is not required', async () => {
    vi.useFakeTimers();
    const release = settingsOnTheirWay(false);
    const requests = mockServer();
    const stratum = loadBeforeSettings({ flushAt: 1 });
    stratum.consent({ analytics: false, ads: true });
    stratum.track('After Refusal');
    release();
    await stratum.ready();
    await stratum.flush();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(requests).toHaveLength(0);
    expect(stored()).toEqual(NOTHING_STORED);
    expect(JSON.parse(localStorage.getItem('stratum_consent')!)).toMatchObject({ analytics: false, ads: true });
  });

  it('does not ask once the visitor has decided, nor when the page requires consent itself', async () => {
    const decided = await loadStratum();
    decided.consent({ analytics: true });
    const asked = settingsRequests.length;
    await loadStratum();
    await loadStratum({ requireConsent: true });
    expect(settingsRequests).toHaveLength(asked);
  });
});
