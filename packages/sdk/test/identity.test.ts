import { describe, expect, it, vi } from 'vitest';
import { uuid } from '../src/uuid';
import { widestCookieDomain } from '../src/storage';
import { Stratum } from '../src/stratum';
import { HOST, UUID_V4, loadStratum, messagesOf, mockServer } from './support';

const cookieId = () => /(?:^|; )stratum_anon_id=([^;]*)/.exec(document.cookie)?.[1] ?? null;
const storedId = () => JSON.parse(localStorage.getItem('stratum_anon_id') ?? 'null') as string | null;

describe('anonymous id', () => {
  it('is a UUID v4 kept in both the cookie and localStorage on a first visit', async () => {
    const { anonymousId } = (await loadStratum()).user();
    expect(anonymousId).toMatch(UUID_V4);
    expect(cookieId()).toBe(anonymousId);
    expect(storedId()).toBe(anonymousId);
  });

  it('is written as a first-party cookie for a year, SameSite=Lax, on / and the configured domain', async () => {
    const cookieWrites = vi.spyOn(document, 'cookie', 'set');
    const { anonymousId } = (await loadStratum({ cookieDomain: '.example.com' })).user();
    expect(cookieWrites).toHaveBeenCalledWith(
      `stratum_anon_id=${anonymousId}; Max-Age=31536000; Path=/; SameSite=Lax; Domain=.example.com; Secure`,
    );
  });

  it('comes back from the cookie when localStorage was cleared', async () => {
    const first = (await loadStratum()).user().anonymousId;
    localStorage.clear();
    expect((await loadStratum()).user().anonymousId).toBe(first);
    expect(storedId()).toBe(first);
  });

  it('is shared by the site\'s subdomains: the cookie is on the widest domain the browser allows', async () => {
    const cookieWrites = vi.spyOn(document, 'cookie', 'set');
    const { anonymousId } = (await loadStratum()).user();
    // On shop.example.com: `com` is a public suffix the browser refuses, `example.com` is taken.
    expect(cookieWrites).toHaveBeenCalledWith(`stratum_anon_id=${anonymousId}; Max-Age=31536000; Path=/; SameSite=Lax; Domain=example.com; Secure`);
    expect(document.cookie).not.toContain('stratum_cookie_probe');
    for (const host of ['localhost', '127.0.0.1', '[::1]']) expect(widestCookieDomain(host), host).toBeUndefined();
  });

  it("takes over an earlier version's cookie on the host alone, which would otherwise shadow a reset", async () => {
    document.cookie = 'stratum_anon_id=earlier-id; Max-Age=600; Path=/';
    const stratum = await loadStratum();
    expect(stratum.user().anonymousId).toBe('earlier-id');
    stratum.reset();
    const fresh = stratum.user().anonymousId;
    expect((await loadStratum()).user().anonymousId).toBe(fresh);
  });

  it('comes back from localStorage when the cookie was deleted', async () => {
    const first = (await loadStratum()).user().anonymousId;
    document.cookie = 'stratum_anon_id=; Max-Age=0; Path=/; Domain=example.com';
    expect(cookieId()).toBeNull();
    expect((await loadStratum()).user().anonymousId).toBe(first);
    expect(cookieId()).toBe(first);
  });

  it('falls back to getRandomValues where randomUUID is missing (plain-http pages)', async () => {
    // An own property hides the prototype's method for this test only.
    Object.defineProperty(crypto, 'randomUUID', { configurable: true, value: undefined });
    const randomValues = vi.spyOn(crypto, 'getRandomValues');
    try {
      const ids = new Set(Array.from({ length: 50 }, () => uuid()));
      expect(ids.size).toBe(50);
      for (const id of ids) expect(id).toMatch(UUID_V4);
      expect(randomValues).toHaveBeenCalledTimes(50);
    } finally {
      Reflect.deleteProperty(crypto, 'randomUUID');
    }
  });
});

describe('identify and reset', () => {
  it('keeps userId and traits in localStorage across page loads', async () => {
    mockServer();
    (await loadStratum()).identify('user-42', { email: 'layla@example.com', plan: 'pro' });
    expect(JSON.parse(localStorage.getItem('stratum_user_id')!)).toBe('user-42');

    const nextPage = await loadStratum();
    expect(nextPage.user()).toMatchObject({ userId: 'user-42' });
    nextPage.identify({ city: 'Dubai' });
    expect(JSON.parse(localStorage.getItem('stratum_traits')!)).toEqual({ email: 'layla@example.com', plan: 'pro', city: 'Dubai' });
  });

  it('starts from empty traits when a different user is identified', async () => {
    const requests = mockServer();
    const stratum = await loadStratum({ flushAt: 1 });
    stratum.identify('user-1', { email: 'one@example.com' });
    stratum.identify('user-2', { plan: 'free' });
    await stratum.flush();
    expect(messagesOf(requests).map((message) => [message.userId, message.traits])).toEqual([
      ['user-1', { email: 'one@example.com' }],
      ['user-2', { plan: 'free' }],
    ]);
  });

  it('reset() forgets the user and starts a new anonymous id', async () => {
    const requests = mockServer();
    const stratum = await loadStratum({ flushAt: 1 });
    stratum.identify('user-42', { email: 'layla@example.com' });
    const before = stratum.user().anonymousId;

    stratum.reset();
    const after = stratum.user();
    expect(after.userId).toBeNull();
    expect(after.anonymousId).toMatch(UUID_V4);
    expect(after.anonymousId).not.toBe(before);
    expect(cookieId()).toBe(after.anonymousId);
    expect(storedId()).toBe(after.anonymousId);
    expect(localStorage.getItem('stratum_user_id')).toBeNull();
    expect(localStorage.getItem('stratum_traits')).toBeNull();

    stratum.track('Browsed');
    await stratum.flush();
    const last = messagesOf(requests).at(-1)!;
    expect(last.anonymousId).toBe(after.anonymousId);
    expect(last).not.toHaveProperty('userId');
  });

  it('user() answers nulls before load', async () => {
    expect(new Stratum(HOST).user()).toEqual({ anonymousId: null, userId: null });
  });
});
