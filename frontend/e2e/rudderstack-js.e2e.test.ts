import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Paginated, StoredEvent } from '@stratum/contracts';
import { rudderStackJsSnippet } from '../src/lib/collectionSnippets';
import { launchChromium } from './browser';
import { asPageScript, profileWithEvents, startShop, websiteSourceKey, type Shop } from './shop';
import { demoTenantApi, type DemoTenantApi } from './support';

// RudderStack's own browser SDK (@rudderstack/analytics-js, its bundled UMD build) on a customer's site, set up as
// the source page says: it must read its source configuration from Stratum and send its calls here, across origins,
// and nothing may go to RudderStack.

const baseURL = inject('baseURL');
const require = createRequire(import.meta.url);
const library = readFileSync(require.resolve('@rudderstack/analytics-js/bundled').replace(/esm\/index\.mjs$|cjs\/index\.cjs$/, 'umd/index.js'), 'utf8');

let shop: Shop;
let browser: Browser;
let sourceKey = '';
let api: DemoTenantApi;

/** The console's snippet for this source as a page script; `?beacon=1` turns on `useBeacon`, flushing every 100 ms. */
function pageScript({ user, email, query }: { user: string; email: string; query: URLSearchParams }): string {
  const beacon = query.get('beacon') === '1' ? 'useBeacon: true, beaconQueueOptions: { flushQueueInterval: 100 }, ' : '';
  const snippet = rudderStackJsSnippet({ origin: baseURL, sourceKey }).replace('{ configUrl:', `{ ${beacon}configUrl:`);
  return asPageScript(snippet, 'rudderanalytics', { user, email });
}

beforeAll(async () => {
  api = await demoTenantApi(baseURL);
  sourceKey = await websiteSourceKey(api, 'E2E RudderStack');
  shop = await startShop(library, pageScript);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await shop?.close();
});

/** Opens the shop as a new visitor and waits for their identify and track calls to reach one profile. */
async function visit(beacon: boolean) {
  const user = `e2e-rs-${beacon ? 'beacon-' : ''}${Date.now()}`;
  const email = `${user}@example.com`;
  const context = await browser.newContext();
  const page = await context.newPage();
  const requested: string[] = [];
  const answered: { url: string; status: number }[] = [];
  page.on('request', (request) => requested.push(request.url()));
  page.on('response', (response) => answered.push({ url: response.url().split('?')[0]!, status: response.status() }));

  await page.goto(`${shop.origin}/?user=${encodeURIComponent(user)}&email=${encodeURIComponent(email)}${beacon ? '&beacon=1' : ''}`);

  const profile = await profileWithEvents(api, email, 2);
  expect(profile).toMatchObject({ external_id: user, total_purchases: 1, total_revenue: 99 });
  // The SDK's anonymous id came along with the identify call.
  expect(profile.identifiers.map((identifier) => identifier.type).sort()).toEqual(['anonymous_id', 'email', 'external_id']);
  const events = await api<Paginated<StoredEvent>>('GET', `/api/v1/cdp/profiles/${profile.id}/events`);
  expect(events.data!.items.map((event) => event.event_name).sort()).toEqual(['Identify', 'Order Completed']);
  // Everything the page asked for came from the shop or from Stratum.
  expect(requested.filter((url) => !url.startsWith(shop.origin) && !url.startsWith(baseURL))).toEqual([]);
  await context.close();
  return { requested, answered };
}

describe("RudderStack's JavaScript SDK pointed at Stratum", () => {
  it('reads its source configuration from Stratum and its identify and track calls land on one profile', async () => {
    const { answered } = await visit(false);
    expect(answered).toEqual(
      expect.arrayContaining([
        { url: `${baseURL}/v1/sourceConfig/`, status: 200 },
        { url: `${baseURL}/v1/identify`, status: 200 },
        { url: `${baseURL}/v1/track`, status: 200 },
      ]),
    );
  });

  it('sends the same calls as beacons when told to (useBeacon), and they land too', async () => {
    const { requested } = await visit(true);
    // A beacon's answer is not the page's to read, so the requests are checked, not the responses.
    expect(requested.some((url) => url.startsWith(`${baseURL}/beacon/v1/batch?writeKey=`))).toBe(true);
    expect(requested.filter((url) => url.startsWith(`${baseURL}/v1/identify`) || url.startsWith(`${baseURL}/v1/track`))).toEqual([]);
  });
});
