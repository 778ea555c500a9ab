import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './browser';
import { createServerSource, ingestWithKey, signInToDemoTenant, snapshot } from './support';

let browser: Browser;
let page: Page;
let fileDir: string;
const baseURL = inject('baseURL');

async function switchLanguage(to: 'ar' | 'en') {
  await page.getByTestId('language-switch').click();
  await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe(to === 'ar' ? 'rtl' : 'ltr');
}

/**
 * Whether a code block's copy button covers the start of the code's first line. Code reads left to right in
 * Arabic too, so the button must stay on the side the code leaves free.
 */
async function copyButtonCoversCode(testId: string): Promise<boolean> {
  return page.getByTestId(testId).evaluate((pre) => {
    const text = pre.querySelector('code')?.firstChild;
    const button = pre.parentElement?.querySelector('button');
    if (!text || !button) throw new Error('a code block without code or copy button');
    const range = document.createRange();
    range.setStart(text, 0);
    range.setEnd(text, (text.textContent ?? '').split('\n')[0]?.length ?? 0);
    const line = range.getBoundingClientRect();
    const box = button.getBoundingClientRect();
    return line.left < box.right && box.left < line.right && line.top < box.bottom && box.top < line.bottom;
  });
}

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage({ baseURL, viewport: { width: 1440, height: 900 } });
  fileDir = mkdtempSync(path.join(tmpdir(), 'stratum-collection-e2e-'));
});

afterAll(async () => {
  await browser?.close();
  if (fileDir) rmSync(fileDir, { recursive: true, force: true });
});

describe('collection journey', () => {
  const run = Date.now();
  const sourceName = `E2E collection server ${run}`;
  let sourceKey = '';

  it('signs in as the superadmin and picks the demo tenant', async () => {
    await signInToDemoTenant(page);
  });

  it('creates a server source and opens its setup with the one-time key filled in', async () => {
    const created = await createServerSource(page, sourceName);
    const reveal = created.reveal;
    sourceKey = created.key;
    expect(sourceKey).toMatch(/^cdp_[A-Za-z0-9_-]{32,}$/);
    await reveal.getByTestId('source-setup-link').click();

    await page.getByRole('heading', { level: 1, name: sourceName }).waitFor();
    await expect.poll(() => reveal.count()).toBe(0);
    expect(await page.getByTestId('setup-key-full').isVisible()).toBe(true);
    const curl = await page.getByTestId('snippet-ingest-curl').innerText();
    expect(curl).toContain(`X-Source-Key: ${sourceKey}`);
    expect(curl).toContain(`${baseURL}/api/v1/cdp/ingest`);
    expect(await page.getByTestId('snippet-analytics-node').innerText()).toContain(`host: '${baseURL}'`);
    await snapshot(page, 'collection-setup-server');
  });

  it('shows an accepted and a rejected event in the live debugger', async () => {
    await page.getByRole('tab', { name: 'Live events' }).click();
    await expect.poll(() => page.getByTestId('live-connection').getAttribute('data-state')).toBe('open');
    expect(await page.getByText('Waiting for events…').isVisible()).toBe(true);

    const now = new Date().toISOString();
    const result = await ingestWithKey(baseURL, sourceKey, [
      {
        event_name: 'Collection Check',
        event_time: now,
        identifiers: [{ type: 'email', value: `live.${run}@example.com` }],
        properties: { plan: 'gold' },
        context: { user_agent: 'e2e', ip: '203.0.113.7' },
      },
      { event_name: 'Broken Event', event_time: now, identifiers: [] },
    ]);
    expect(result).toMatchObject({ accepted: 1, rejected: 1 });

    const accepted = page.locator('[data-testid="live-event-row"][data-kind="accepted"]');
    const rejected = page.locator('[data-testid="live-event-row"][data-kind="rejected"]');
    await accepted.first().waitFor({ timeout: 15_000 });
    await rejected.first().waitFor({ timeout: 15_000 });
    expect(await accepted.count()).toBe(1);
    expect(await rejected.count()).toBe(1);
    expect(await accepted.getByTestId('live-event-name').innerText()).toBe('Collection Check');
    expect(await accepted.getByTestId('live-event-status').innerText()).toBe('Accepted');
    expect(Number(await accepted.getByTestId('emq-badge').locator('[aria-hidden]').innerText())).toBeGreaterThanOrEqual(40);
    expect(await rejected.getByTestId('live-event-name').innerText()).toBe('Broken Event');
    expect(await rejected.getByTestId('live-event-reason').innerText()).toMatch(/identifier/i);
    expect(await accepted.getByRole('link').getAttribute('href')).toBe(`/cdp/profiles/${result.results[0]?.profile_id}`);
    await snapshot(page, 'collection-live-light');

    await accepted.getByTestId('live-view-json').click();
    const json = JSON.parse(await page.getByTestId('event-json').innerText()) as { kind: string; properties: Record<string, unknown> };
    expect(json).toMatchObject({ kind: 'accepted', properties: { plan: 'gold' } });
    await page.keyboard.press('Escape');

    // Paused: a new event is counted, not shown, until resumed.
    await page.getByTestId('live-pause').click();
    await ingestWithKey(baseURL, sourceKey, [{ event_name: 'While Paused', event_time: new Date().toISOString(), identifiers: [{ type: 'anonymous_id', value: `anon-${run}` }] }]);
    await expect.poll(() => page.getByTestId('live-resume').innerText(), { timeout: 15_000 }).toContain('1 new');
    expect(await page.getByTestId('live-event-row').count()).toBe(2);
    await page.getByTestId('live-resume').click();
    await expect.poll(() => page.getByTestId('live-event-name').first().innerText()).toBe('While Paused');
    // The header's counters follow while the live tab is open.
    await expect.poll(() => page.getByTestId('source-event-count').innerText(), { timeout: 15_000 }).toBe('2');

    await switchLanguage('ar');
    await page.getByRole('tab', { name: 'الأحداث المباشرة' }).waitFor();
    await snapshot(page, 'collection-live-ar');
    await page.getByRole('tab', { name: 'الإعداد' }).click();
    expect(await copyButtonCoversCode('snippet-ingest-curl')).toBe(false);
    await switchLanguage('en');
    expect(await copyButtonCoversCode('snippet-ingest-curl')).toBe(false);
    await page.getByRole('tab', { name: 'Live events' }).click();
  });

  it('imports a CSV with a column mapping and follows it to completion', async () => {
    const fileName = `collection-${run}.csv`;
    const filePath = path.join(fileDir, fileName);
    writeFileSync(
      filePath,
      [
        'Email,Event,Timestamp,Order Ref,Total',
        `ana.${run}@example.com,Order Completed,2026-01-10T10:00:00Z,A-1,120.50`,
        `ben.${run}@example.com,Order Completed,2026-01-11T11:00:00Z,A-2,80`,
        `cy.${run}@example.com,Order Completed,last tuesday,A-3,10`,
      ].join('\n'),
    );

    await page.getByTestId('nav-cdp-imports').click();
    await page.getByRole('heading', { name: 'Imports', exact: true }).waitFor();
    await page.getByTestId('import-file-input').setInputFiles(filePath);
    await expect.poll(() => page.getByTestId('mapping-row').count()).toBe(5);
    expect(await page.getByLabel('Target for column Email').inputValue()).toBe('identifier.email');
    expect(await page.getByLabel('Target for column Event').inputValue()).toBe('event_name');
    expect(await page.getByLabel('Target for column Timestamp').inputValue()).toBe('event_time');
    expect(await page.getByLabel('Key for column Order Ref').inputValue()).toBe('Order_Ref');
    await page.getByLabel('Key for column Order Ref').fill('order_id');
    await page.getByTestId('import-source').selectOption({ label: sourceName });
    await snapshot(page, 'collection-imports-mapping');
    await page.getByTestId('import-submit').click();

    const job = page.getByTestId('import-job').filter({ hasText: fileName });
    await job.waitFor();
    await expect.poll(() => job.getAttribute('data-status'), { timeout: 30_000 }).toBe('completed');
    expect(await job.getByTestId('import-counts').innerText()).toContain('Rows: 3 · Imported: 2 · Failed: 1');
    expect(await job.innerText()).toContain(sourceName);
    await job.getByTestId('import-errors-toggle').click();
    const errorRow = job.getByTestId('import-error-row');
    expect(await errorRow.count()).toBe(1);
    expect(await errorRow.innerText()).toMatch(/^3\s+Invalid field: Timestamp: not a date \(last tuesday\)/);
    await snapshot(page, 'collection-imports-light');

    await switchLanguage('ar');
    await page.getByRole('heading', { name: 'الاستيراد', exact: true }).waitFor();
    expect(await job.getByTestId('import-status').innerText()).toBe('مكتمل');
    await snapshot(page, 'collection-imports-ar');
    await switchLanguage('en');
  });
});
