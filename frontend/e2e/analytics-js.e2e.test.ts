import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Paginated, StoredEvent } from '@stratum/contracts';
import { segmentAnalyticsJsSnippet } from '../src/lib/collectionSnippets';
import { launchChromium } from './browser';
import { asPageScript, profileWithEvents, startShop, websiteSourceKey, type Shop } from './shop';
import { demoTenantApi, type DemoTenantApi } from './support';

// Segment's own browser library (@segment/analytics-next, its UMD build) on a customer's site, set up exactly as the
// source page's "Already using Segment analytics.js?" step says: it must read its settings from Stratum and send
// its calls here, across origins, and nothing may go to Segment.

const baseURL = inject('baseURL');
const require = createRequire(import.meta.url);
const library = readFileSync(require.resolve('@segment/analytics-next/dist/umd/index.js'), 'utf8');

let shop: Shop;
let browser: Browser;
let sourceKey = '';
let api: DemoTenantApi;

/** The console's snippet for this source as a page script. */
const pageScript = (visitor: { user: string; email: string }) => asPageScript(segmentAnalyticsJsSnippet({ origin: baseURL, sourceKey }), 'AnalyticsNext', visitor);

beforeAll(async () => {
  api = await demoTenantApi(baseURL);
  sourceKey = await websiteSourceKey(api, 'E2E analytics.js');
  shop = await startShop(library, pageScript);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await shop?.close();
});

describe("Segment's analytics.js pointed at Stratum", () => {
  it('reads its settings from Stratum and its identify and track calls land on one profile', async () => {
    const userId = `e2e-ajs-${Date.now()}`;
    const email = `${userId}@example.com`;
    const context = await browser.newContext();
    const page = await context.newPage();
    const requested: string[] = [];
    const answered: { url: string; status: number }[] = [];
    page.on('request', (request) => requested.push(request.url()));
    page.on('response', (response) => answered.push({ url: response.url(), status: response.status() }));

    await page.goto(`${shop.origin}/?user=${encodeURIComponent(userId)}&email=${encodeURIComponent(email)}`);

    const found = await profileWithEvents(api, email, 2);
    expect(found).toMatchObject({ external_id: userId, total_purchases: 1, total_revenue: 99 });
    // analytics.js's anonymous id came along with the identify call.
    expect(found.identifiers.map((identifier) => identifier.type).sort()).toEqual(['anonymous_id', 'email', 'external_id']);
    const events = await api<Paginated<StoredEvent>>('GET', `/api/v1/cdp/profiles/${found.id}/events`);
    expect(events.data!.items.map((event) => event.event_name).sort()).toEqual(['Identify', 'Order Completed']);

    expect(answered).toEqual(
      expect.arrayContaining([
        { url: `${baseURL}/v1/projects/${sourceKey}/settings`, status: 200 },
        { url: `${baseURL}/v1/i`, status: 200 },
        { url: `${baseURL}/v1/t`, status: 200 },
      ]),
    );
    // Everything the page asked for came from the shop or from Stratum.
    expect(requested.filter((url) => !url.startsWith(shop.origin) && !url.startsWith(baseURL))).toEqual([]);
    await context.close();
  });
});
