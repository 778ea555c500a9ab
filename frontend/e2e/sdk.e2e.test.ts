import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CdpSettingsView, Paginated, Profile, SourceWithKey, StoredEvent } from '@stratum/contracts';
import { launchChromium } from './browser';
import { demoTenantApi, type DemoTenantApi } from './support';

// The browser SDK on a customer's site: a shop on another origin pastes the README snippet, which loads /sdk.js from
// the real backend and posts to its /v1/batch across origins (CORS preflight, Basic auth, cookies of the shop).
// The shop is a real HTTP server on loopback rather than a page answered by Playwright: Chromium's Private Network
// Access blocks a plain-http page of unknown address (what a routed page is) from loading anything from loopback.

const baseURL = inject('baseURL');
let shopServer: Server;
let shopOrigin = '';
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sdkDir = path.join(repoRoot, 'packages', 'sdk');

/** The API of window.stratum that these pages call (the SDK package is not a dependency of the console). */
interface StratumGlobal {
  track(event: string, properties?: Record<string, unknown>): void;
  identify(userId?: string, traits?: Record<string, unknown>): void;
  page(name?: string, properties?: Record<string, unknown>): void;
  consent(preferences: Record<string, boolean>): void;
  flush(): Promise<void>;
  ready(): Promise<void>;
  user(): { anonymousId: string | null; userId: string | null };
}
type ShopWindow = Window & { stratum: StratumGlobal };

interface BatchRequest {
  body: { batch: { type: string; event?: string; anonymousId: string; context: { consent?: unknown } }[]; writeKey?: string };
  status: number | null;
}

let browser: Browser;
let sourceKey = '';
let api: DemoTenantApi;

async function lookup(identifierType: string, value: string): Promise<Profile | null> {
  const { data } = await api<Profile>('POST', '/api/v1/cdp/profiles/lookup', { identifier_type: identifierType, identifier_value: value });
  return data;
}

/** The README snippet, pointed at this backend with these load() options. */
function snippet(options: string): string {
  const readme = readFileSync(path.join(sdkDir, 'README.md'), 'utf8');
  const code = /```html\n<script>\n([\s\S]*?)<\/script>\n```/.exec(readme)?.[1];
  if (!code?.includes('{ host: host }')) throw new Error('The snippet in packages/sdk/README.md changed shape');
  return code
    .replace('{ host: host }', `{ host: host, ${options} }`)
    .replace("'https://cdp.example.com'", JSON.stringify(baseURL))
    .replace("'cdp_YOUR_WRITE_KEY'", JSON.stringify(sourceKey));
}

/** Every page of the shop pastes the snippet, with the load() options named in the `sdk` query parameter. */
function startShop(): Promise<void> {
  shopServer = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://shop');
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><html><head><title>Shop ${url.pathname}</title>
      <script>${snippet(LOAD_OPTIONS[url.searchParams.get('sdk') ?? 'default'] ?? '')}</script></head><body>Shop</body></html>`);
  });
  return new Promise((resolve) => {
    shopServer.listen(0, '127.0.0.1', () => {
      shopOrigin = `http://127.0.0.1:${(shopServer.address() as AddressInfo).port}`;
      resolve();
    });
  });
}

const LOAD_OPTIONS: Record<string, string> = {
  default: 'flushAt: 1',
  // Nothing leaves by fetch while the page is open: only the pagehide beacon can deliver.
  beacon: 'flushAt: 100, flushInterval: 600000',
};

/** A browser profile of its own (cookies, storage) that records the batches its pages send. */
async function shopVisitor(): Promise<{ context: BrowserContext; page: Page; batches: BatchRequest[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const batches: BatchRequest[] = [];
  const seen = new Map<Request, BatchRequest>();
  page.on('request', (request) => {
    if (request.method() !== 'POST' || request.url() !== `${baseURL}/v1/batch`) return;
    const body = (request.postDataJSON() as BatchRequest['body'] | null) ?? { batch: [] };
    const entry: BatchRequest = { body, status: null };
    seen.set(request, entry);
    batches.push(entry);
  });
  page.on('requestfinished', (request) => {
    request
      .response()
      .then((response) => {
        const entry = seen.get(request);
        if (entry && response) entry.status = response.status();
      })
      // A beacon that finishes as a test closes its page has no response left to read; its status stays unknown.
      .catch(() => undefined);
  });
  return { context, page, batches };
}

async function visit(page: Page, url: string): Promise<void> {
  await page.goto(url);
  // The snippet's stub is an array; the SDK replaces it with an object once /sdk.js has run.
  await page.waitForFunction(() => typeof (window as unknown as ShopWindow).stratum.user === 'function');
  // Until it has read the source's settings (does the tenant require consent?) it holds messages in memory only,
  // so a page left before then sends nothing: the visitors here stay that long.
  await page.evaluate(() => (window as unknown as ShopWindow).stratum.ready());
}

/** Waits until every message has left the browser's queue. */
async function drained(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as ShopWindow).stratum.flush());
  await expect.poll(() => page.evaluate(() => localStorage.getItem('stratum_queue'))).toBeNull();
}

beforeAll(async () => {
  // The backend serves /sdk.js from packages/sdk/dist, so build it first.
  execFileSync(process.execPath, [path.join(sdkDir, 'build.mjs')], { cwd: repoRoot, stdio: 'pipe' });
  const script = await fetch(`${baseURL}/sdk.js`);
  if (script.status !== 200) throw new Error(`GET /sdk.js answered ${script.status}`);

  api = await demoTenantApi(baseURL);
  const created = await api<SourceWithKey>('POST', '/api/v1/cdp/sources', { name: `E2E website ${Date.now()}`, source_type: 'website' });
  expect(created.status).toBe(201);
  sourceKey = created.data!.source_key;

  await startShop();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (shopServer ? shopServer.close(resolve) : resolve(undefined)));
});

describe('browser SDK on a customer site', () => {
  it('joins anonymous browsing and identified events into one profile', async () => {
    const email = `e2e-sdk.${Date.now()}@example.com`;
    const { context, page, batches } = await shopVisitor();

    await visit(page, `${shopOrigin}/`);
    const { anonymousId } = await page.evaluate(() => (window as unknown as ShopWindow).stratum.user());
    expect(anonymousId).toMatch(/^[0-9a-f-]{36}$/);
    // Leaving right away: the page view goes by fetch, by the pagehide beacon, or from storage on the next page.
    await visit(page, `${shopOrigin}/products/42?utm_source=e2e&utm_campaign=spring`);
    expect(await page.evaluate(() => (window as unknown as ShopWindow).stratum.user().anonymousId)).toBe(anonymousId);

    await page.evaluate(
      ([address]) => {
        const { stratum } = window as unknown as ShopWindow;
        stratum.track('Product Viewed', { sku: 'SKU-42' });
        stratum.identify('user-42', { email: address, first_name: 'Layla' });
        stratum.track('Order Completed', { total: 99, currency: 'AED' });
      },
      [email],
    );
    await drained(page);
    expect(batches.length).toBeGreaterThan(0);
    expect(batches.every((batch) => batch.status === null || batch.status === 200)).toBe(true);

    let profile: Profile | null = null;
    await expect
      .poll(async () => (profile = await lookup('email', email))?.total_events ?? 0, { timeout: 30_000, interval: 500 })
      .toBeGreaterThanOrEqual(5);
    const found = profile as unknown as Profile;
    expect(found.identifiers.map((identifier) => identifier.type)).toEqual(
      expect.arrayContaining(['anonymous_id', 'external_id', 'email']),
    );
    expect(found).toMatchObject({ external_id: 'user-42', lifecycle_stage: 'customer', total_purchases: 1, total_revenue: 99 });
    expect((await lookup('anonymous_id', anonymousId!))?.id).toBe(found.id);

    const events = await api<Paginated<StoredEvent>>('GET', `/api/v1/cdp/profiles/${found.id}/events?page_size=100`);
    const names = events.data!.items.map((event) => event.event_name);
    expect(names.filter((name) => name === 'Page Viewed')).toHaveLength(2);
    expect(names).toEqual(expect.arrayContaining(['Product Viewed', 'Identify', 'Order Completed']));
    // messageId is the idempotency key: a page view sent twice (request and beacon) is stored once.
    expect(new Set(events.data!.items.map((event) => event.idempotency_key)).size).toBe(events.data!.items.length);
    await context.close();
  });

  it('delivers what waits by sendBeacon when the visitor leaves the page', async () => {
    const { context, page, batches } = await shopVisitor();
    await visit(page, `${shopOrigin}/checkout?sdk=beacon`);
    await page.evaluate(() => (window as unknown as ShopWindow).stratum.track('Checkout Started', { step: 1 }));
    const { anonymousId } = await page.evaluate(() => (window as unknown as ShopWindow).stratum.user());
    expect(batches).toEqual([]);

    await page.goto('about:blank');
    let profile: Profile | null = null;
    await expect
      .poll(async () => (profile = await lookup('anonymous_id', anonymousId!))?.total_events ?? 0, { timeout: 30_000, interval: 500 })
      .toBe(2);
    const events = await api<Paginated<StoredEvent>>('GET', `/api/v1/cdp/profiles/${(profile as unknown as Profile).id}/events`);
    expect(events.data!.items.map((event) => event.event_name).sort()).toEqual(['Checkout Started', 'Page Viewed']);
    await context.close();
  });

  it('sends nothing before consent when the tenant requires it, then what waited, with the decision', async () => {
    // The tenant's setting, not the page's options: the snippet is the default one.
    const settings = await api<CdpSettingsView>('GET', '/api/v1/cdp/settings');
    expect((await api('PUT', '/api/v1/cdp/settings', { ...settings.data, require_consent: true })).status).toBe(200);
    try {
      await consentJourney();
    } finally {
      await api('PUT', '/api/v1/cdp/settings', settings.data);
    }
  });
});

/** A visitor on a shop whose tenant requires consent: nothing leaves or is kept until analytics is granted. */
async function consentJourney(): Promise<void> {
  const { context, page, batches } = await shopVisitor();
  await visit(page, `${shopOrigin}/pricing`);
  await page.evaluate(() => (window as unknown as ShopWindow).stratum.track('Pricing Viewed', { plan: 'growth' }));
  await page.evaluate(() => (window as unknown as ShopWindow).stratum.flush());
  await page.waitForTimeout(1500);

  expect(batches).toEqual([]);
  expect((await context.cookies(shopOrigin)).map((cookie) => cookie.name)).not.toContain('stratum_anon_id');
  expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key !== 'stratum_consent'))).toEqual([]);

  const sent = page.waitForRequest((request) => request.url() === `${baseURL}/v1/batch` && request.method() === 'POST');
  await page.evaluate(() => (window as unknown as ShopWindow).stratum.consent({ analytics: true, email: true }));
  await sent;
  await drained(page);

  const messages = batches.flatMap((batch) => batch.body.batch);
  expect(messages.map((message) => message.event ?? message.type)).toEqual(['page', 'Pricing Viewed']);
  for (const message of messages) {
    expect(message.context.consent).toEqual({ categoryPreferences: { analytics: true, ads: false, email: true, sms: false } });
  }
  expect((await context.cookies(shopOrigin)).map((cookie) => cookie.name)).toContain('stratum_anon_id');

  const anonymousId = messages[0]!.anonymousId;
  let profile: Profile | null = null;
  await expect
    .poll(async () => (profile = await lookup('anonymous_id', anonymousId))?.total_events ?? 0, { timeout: 30_000, interval: 500 })
    .toBe(2);
  const consents = (profile as unknown as Profile).consents;
  expect(consents.find((consent) => consent.consent_type === 'analytics')?.granted).toBe(true);
  await context.close();
}
