import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { IngestEvent } from '@stratum/contracts';
import { launchChromium } from './browser';
import { createServerSource, ingestWithKey, signInToDemoTenant, snapshot } from './support';

let browser: Browser;
let page: Page;
const baseURL = inject('baseURL');

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage({ baseURL, viewport: { width: 1440, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
});

describe('customer data journey', () => {
  const run = Date.now();
  const anonymousId = `anon-${run}`;
  const email = `layla.${run}@example.com`;
  const deviceId = `ios-${run}`;
  const phone = `+9715${String(run).slice(-8)}`;
  let sourceKey = '';

  it('signs in as the superadmin and picks the demo tenant', async () => {
    await signInToDemoTenant(page);
  });

  it('creates a source and reads its key from the one-time display', async () => {
    const created = await createServerSource(page, 'E2E checkout server');
    const reveal = created.reveal;
    sourceKey = created.key;
    expect(sourceKey).toMatch(/^cdp_[A-Za-z0-9_-]{32,}$/);
    expect(await reveal.getByRole('alert').innerText()).toContain('This key will not be shown again');
    await snapshot(page, 'cdp-source-key');
    await page.getByTestId('source-key-done').click();
    await expect.poll(() => reveal.count()).toBe(0);

    // Afterwards only the prefix is left on the page.
    const row = page.getByTestId('source-row').filter({ hasText: 'E2E checkout server' });
    await row.waitFor();
    const prefix = (await row.locator('code').innerText()).replace(/…$/, '');
    expect(prefix.length).toBeGreaterThanOrEqual(8);
    expect(sourceKey.startsWith(prefix)).toBe(true);
    expect(await page.content()).not.toContain(sourceKey);
    await snapshot(page, 'cdp-sources');
  });

  it('ingests events over HTTP that resolve into one merged profile', async () => {
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
    // One request per event, in order, so two profiles exist before the bridging event joins them.
    const batches: IngestEvent[] = [
      {
        event_name: 'Page Viewed',
        event_time: at(40),
        identifiers: [{ type: 'anonymous_id', value: anonymousId }],
        properties: { path: '/pricing' },
        context: { user_agent: 'Mozilla/5.0 (e2e)', ip: '203.0.113.10', campaign: { source: 'newsletter' } },
      },
      {
        event_name: 'Signed Up',
        event_time: at(30),
        identifiers: [
          { type: 'anonymous_id', value: anonymousId },
          { type: 'email', value: email },
        ],
        properties: { plan: 'trial' },
        traits: { first_name: 'Layla', city: 'Dubai' },
        consent: { email: true, analytics: true },
      },
      {
        event_name: 'App Opened',
        event_time: at(20),
        identifiers: [
          { type: 'device_id', value: deviceId },
          { type: 'phone', value: phone },
        ],
        properties: { app_version: '4.2.0' },
        context: { user_agent: 'StratumApp/4.2 (iOS)' },
      },
      {
        event_name: 'Logged In',
        event_time: at(10),
        identifiers: [
          { type: 'email', value: email },
          { type: 'device_id', value: deviceId },
        ],
        properties: { method: 'password' },
      },
    ];
    const profileIds: (string | null)[] = [];
    for (const event of batches) {
      const result = await ingestWithKey(baseURL, sourceKey, [event]);
      expect(result).toMatchObject({ accepted: 1, rejected: 0, duplicates: 0 });
      profileIds.push(result.results[0]?.profile_id ?? null);
    }
    // Two profiles before the bridge (web and app), one after it.
    expect(profileIds[0]).toBe(profileIds[1]);
    expect(profileIds[2]).not.toBe(profileIds[1]);
    expect(profileIds[3]).toBe(profileIds[1]);
  });

  it('finds the profile by email and shows the resolved identity', async () => {
    await page.getByTestId('nav-cdp-profiles').click();
    await page.getByRole('heading', { name: 'Profiles' }).waitFor();
    await page.getByTestId('profile-search').fill(email);
    await expect.poll(() => page.getByTestId('profile-row').count()).toBe(1);
    await snapshot(page, 'cdp-profiles');
    await page.getByTestId('profile-row').first().getByRole('link').click();

    await page.getByTestId('profile-identity').waitFor();
    expect(await page.getByTestId('lifecycle-badge').innerText()).toBe('Known');
    expect(await page.getByTestId('identifier-count').innerText()).toBe('4');
    await expect.poll(() => page.getByTestId('identifier-row').count()).toBe(4);
    await expect.poll(() => page.getByTestId('graph-node').count()).toBe(4);
    // The superadmin may read PII: values arrive in clear but stay masked until revealed.
    expect(await page.getByTestId('profile-identity').innerText()).toBe(`l***@example.com`);

    const merges = page.getByTestId('merge-row');
    await expect.poll(() => merges.count()).toBe(1);
    expect(await merges.first().getByTestId('undo-merge').isVisible()).toBe(true);
    expect(await merges.first().innerText()).toContain('merged into this profile');
    await page.getByTestId('emq-bar').first().waitFor();
    await snapshot(page, 'cdp-profile-light');

    await page.getByTestId('reveal-toggle').first().click();
    expect(await page.getByTestId('profile-identity').innerText()).toBe(email);
    await page.getByTestId('reveal-toggle').first().click();
  });

  it('shows the profile in Arabic, right to left', async () => {
    await page.getByTestId('language-switch').click();
    await page.getByRole('link', { name: 'جميع الملفات الشخصية' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await page.getByTestId('lifecycle-badge').innerText()).toBe('معروف');
    await snapshot(page, 'cdp-profile-ar');

    await page.getByTestId('theme-toggle').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(true);
    await snapshot(page, 'cdp-profile-ar-dark');
    // On a phone the cards keep to the screen's width (the graph scrolls inside its own): none reaches past it,
    // where in Arabic a card's start would be cut off with no way to scroll to it.
    const size = page.viewportSize()!;
    await page.setViewportSize({ width: 390, height: 844 });
    const spill = () =>
      page.evaluate(() => {
        const cards = [...document.querySelectorAll('[data-testid$="-card"]')].map((card) => card.getBoundingClientRect());
        return cards.filter((card) => card.width > 0 && (card.left < -1 || card.right > window.innerWidth + 1)).length;
      });
    await expect.poll(spill).toBe(0);
    await page.setViewportSize(size);
    await page.getByTestId('theme-toggle').click();
    await page.getByTestId('language-switch').click();
    await page.getByRole('link', { name: 'All profiles' }).waitFor();
  });

  it('lists the ingested events with their JSON', async () => {
    await page.getByTestId('nav-cdp-events').click();
    await page.getByRole('heading', { name: 'Events' }).waitFor();
    await page.getByTestId('event-filter-name').fill('Logged In');
    await page.getByLabel('Source').selectOption({ label: 'E2E checkout server' });
    // The demo tenant has seeded events too: only the one sent above is from the new source.
    await expect.poll(() => page.getByTestId('event-row').count()).toBe(1);
    const row = page.getByTestId('event-row');
    expect(await row.innerText()).toContain('E2E checkout server');
    await row.getByTestId('view-event-json').click();
    const json = page.getByTestId('event-json');
    await json.waitFor();
    const stored = JSON.parse(await json.innerText()) as { event_name: string; identifier_types: string[] };
    expect(stored.event_name).toBe('Logged In');
    expect([...stored.identifier_types].sort()).toEqual(['device_id', 'email']);
    await snapshot(page, 'cdp-events');
    await page.keyboard.press('Escape');
  });

  it('adds a currency rate in the settings, and a purchase in that currency then counts its revenue', async () => {
    const purchase = (id: string) => ({
      event_name: 'Order Completed',
      event_time: new Date().toISOString(),
      identifiers: [{ type: 'email', value: email }],
      idempotency_key: `${id}-${run}`,
      properties: { total: 10, currency: 'EUR' },
    });
    const before = await ingestWithKey(baseURL, sourceKey, [purchase('eur-before')]);
    expect(before.results[0]!.error).toBe("revenue not counted: no rate from EUR to AED in the tenant's currency_rates");

    await page.getByTestId('nav-cdp-settings').click();
    await page.getByRole('heading', { name: 'CDP settings' }).waitFor();
    await page.getByRole('button', { name: 'Add a rate' }).click();
    const added = page.getByTestId('currency-rate-row').last();
    await added.getByLabel('Currency', { exact: true }).fill('eur');
    await added.getByLabel('Rate', { exact: true }).fill('4');
    await snapshot(page, 'cdp-settings');
    await page.getByTestId('save-cdp-settings').click();
    await page.getByText('Settings saved').first().waitFor();

    const after = await ingestWithKey(baseURL, sourceKey, [purchase('eur-after')]);
    expect(after.results[0]).toMatchObject({ status: 'accepted', error: null });
    await page.reload();
    const currencies = () => page.getByTestId('currency-rate-row').getByLabel('Currency', { exact: true }).evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    await expect.poll(currencies).toEqual(['EUR', 'USD']);

    // The time zone list reads left to right in Arabic too: its chevron stays on its right, clear of the name.
    // Computed from the right edge (`calc(100% - 10px)`); from the left it would read `10px`.
    const chevronSide = () => page.getByLabel(/^(Time zone|المنطقة الزمنية)$/).evaluate((select) => getComputedStyle(select).backgroundPositionX);
    expect(await chevronSide()).toMatch(/^calc\(100% - /);
    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await chevronSide()).toMatch(/^calc\(100% - /);
    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('ltr');
  });
});
