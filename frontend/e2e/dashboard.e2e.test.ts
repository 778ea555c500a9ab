import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Envelope, IngestEvent, IngestResult, Paginated, Tenant, TokenPair } from '@stratum/contracts';
import { launchChromium } from './browser';
import { E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD } from './globalSetup';
import { signInToDemoTenant, snapshot } from './support';

let browser: Browser;
const baseURL = inject('baseURL');

async function api<T>(method: string, url: string, { token, tenantId, body }: { token?: string; tenantId?: string; body?: unknown } = {}) {
  const response = await fetch(`${baseURL}/api/v1${url}`, {
    method,
    headers: {
      'Content-Type': 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(tenantId ? { 'X-Tenant-ID': tenantId } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const envelope = (await response.json()) as Envelope<T>;
  if (!response.ok || envelope.data === null) throw new Error(`${method} ${url} answered ${response.status}: ${envelope.message}`);
  return envelope.data as T;
}

const digits = (text: string) => Number(text.replace(/\D/g, ''));

async function toggleDark(page: Page, dark: boolean) {
  const isDark = () => page.evaluate(() => document.documentElement.classList.contains('dark'));
  if ((await isDark()) !== dark) await page.getByTestId('theme-toggle').click();
  await expect.poll(isDark).toBe(dark);
}

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('public ROI calculator', () => {
  let context: BrowserContext;
  let page: Page;
  const output = (testId: string) => page.getByTestId(testId).innerText();

  beforeAll(async () => {
    context = await browser.newContext({ baseURL, viewport: { width: 1360, height: 860 } });
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
  });

  it('opens without signing in and shows the SPEC example', async () => {
    await page.goto('/cdp-calculator');
    await page.getByRole('heading', { name: 'What is a unified customer view worth?' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/cdp-calculator');
    expect(await page.evaluate(() => localStorage.getItem('stratum.session'))).toBeNull();

    expect(await output('roi-current')).toBe('875');
    expect(await output('roi-projected')).toBe('1,875');
    expect(await output('roi-additional')).toBe('+1,000');
    expect(await output('roi-revenue')).toBe('+$500,000');
    expect(await output('roi-percent')).toBe('9,900%');
    expect(await page.getByTestId('roi-percent').getAttribute('data-colour')).toBe('green');
    expect(await output('roi-payback')).toBe('<1 mo');
    await snapshot(page, 'calculator-light');
  });

  it('recalculates when the sessions slider moves by keyboard', async () => {
    const sessions = page.getByRole('slider', { name: 'Monthly sessions' });
    await sessions.focus();
    await page.keyboard.press('ArrowRight');

    expect(await sessions.getAttribute('aria-valuenow')).toBe('110000');
    expect(await sessions.getAttribute('aria-valuetext')).toBe('110,000 sessions');
    expect(await output('roi-current')).toBe('963');
    expect(await output('roi-projected')).toBe('2,063');
    expect(await output('roi-additional')).toBe('+1,100');
    expect(await output('roi-revenue')).toBe('+$550,000');
    expect(await output('roi-percent')).toBe('10,900%');
  });

  it('reads in Arabic with dirhams and in the dark theme', async () => {
    await page.getByTestId('calculator-currency').selectOption('AED');
    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { name: 'كم تساوي رؤية موحّدة لعملائك؟' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await output('roi-revenue')).toContain('د.إ.');
    await snapshot(page, 'calculator-ar');

    await toggleDark(page, true);
    await snapshot(page, 'calculator-ar-dark');
    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { name: 'What is a unified customer view worth?' }).waitFor();
    await snapshot(page, 'calculator-dark');
  });
});

describe('CDP dashboard', () => {
  let context: BrowserContext;
  let page: Page;
  let token = '';
  let demoTenantId = '';
  const todayValue = () => page.getByTestId('kpi-events-today').getByTestId('kpi-value');

  beforeAll(async () => {
    context = await browser.newContext({ baseURL, viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    const pair = await api<TokenPair>('POST', '/auth/login', { body: { email: E2E_ADMIN_EMAIL, password: E2E_ADMIN_PASSWORD } });
    token = pair.access_token;
    const tenants = await api<Paginated<Tenant>>('GET', '/tenants?page_size=100', { token });
    demoTenantId = tenants.items.find((tenant) => tenant.name === 'Demo Company')?.id ?? '';
    expect(demoTenantId).not.toBe('');
  });

  afterAll(async () => {
    await context?.close();
  });

  it('signs in as the superadmin, picks the demo tenant and opens the dashboard', async () => {
    await signInToDemoTenant(page);

    await page.getByTestId('nav-cdp-dashboard').click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await todayValue().waitFor();
    await page.getByTestId('trend-chart').locator('svg.recharts-surface').waitFor();
    // A month of demo data: profiles, EMQ and data health all have figures.
    expect(digits(await page.getByTestId('kpi-profiles').getByTestId('kpi-value').innerText())).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('kpi-health').getByTestId('health-gate').count()).toBe(1);
    expect(await page.getByTestId('top-event-row').count()).toBeGreaterThan(0);
  });

  it('counts events sent over HTTP after a refresh', async () => {
    const before = digits(await todayValue().innerText());
    const now = new Date().toISOString();
    const run = Date.now();
    const events: IngestEvent[] = Array.from({ length: 5 }, (_, index) => ({
      event_name: 'Dashboard Check',
      event_time: now,
      identifiers: [{ type: 'anonymous_id', value: `e2e-dashboard-${run}-${index}` }],
      properties: { index },
      idempotency_key: `e2e-dashboard-${run}-${index}`,
    }));
    const result = await api<IngestResult>('POST', '/cdp/events', { token, tenantId: demoTenantId, body: { events } });
    expect(result.accepted).toBe(5);

    // Ingestion may settle a moment after the 201; refresh until the KPI has it (the page is never reloaded).
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations.push(frame.url());
    });
    await expect
      .poll(
        async () => {
          await page.getByTestId('dashboard-refresh').click();
          await expect.poll(() => page.getByTestId('dashboard-refresh').isEnabled()).toBe(true);
          return digits(await todayValue().innerText());
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBeGreaterThanOrEqual(before + 5);
    expect(navigations).toEqual([]);
  });

  it('lists the seeded bot spike as a high-severity anomaly', async () => {
    const spike = page.locator('[data-testid="anomaly-row"][data-severity="high"][data-direction="spike"]').filter({ hasText: 'Page Viewed' });
    await spike.first().waitFor();
    expect(await spike.first().getByTestId('anomaly-severity').innerText()).toBe('High');
    expect(await spike.first().getByTestId('anomaly-event').innerText()).toBe('Page Viewed');
    // Only the main area scrolls: nothing on this long page (the chart's screen-reader table) overflows the document,
    // which would scroll the sidebar and top bar away.
    const overflow = () =>
      page.evaluate(() => {
        const root = document.documentElement;
        return { x: root.scrollWidth - root.clientWidth, y: root.scrollHeight - root.clientHeight };
      });
    expect(await overflow()).toEqual({ x: 0, y: 0 });
    await snapshot(page, 'dashboard-light');

    await page.getByTestId('health-details').click();
    const popover = page.getByTestId('health-popover');
    await popover.waitFor();
    expect(await popover.getByTestId('health-component').count()).toBe(4);
    await snapshot(page, 'dashboard-health-popover');
    await page.keyboard.press('Escape');
    await expect.poll(() => popover.count()).toBe(0);
  });

  it('switches the range and reads in dark mode and in Arabic', async () => {
    await page.getByTestId('range-24h').click();
    await page.getByText('Events and purchases per hour').waitFor();
    await toggleDark(page, true);
    await snapshot(page, 'dashboard-dark');

    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { name: 'لوحة المعلومات' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await snapshot(page, 'dashboard-ar-dark');
    await toggleDark(page, false);
    await snapshot(page, 'dashboard-ar');
    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  });

  it('fills the console calculator from the tenant’s own data', async () => {
    await page.getByTestId('nav-cdp-roi').click();
    await page.getByRole('heading', { name: 'CDP ROI calculator' }).waitFor();
    expect(await page.getByTestId('roi-revenue').innerText()).toContain('AED');
    await page.getByRole('switch', { name: 'Use my data' }).click();
    await page.getByTestId('roi-my-data-note').filter({ hasText: 'Based on' }).waitFor();
    const match = Number(await page.getByRole('slider', { name: 'Current identity match rate' }).getAttribute('aria-valuenow'));
    expect(match % 5).toBe(0);
    expect(match).toBeGreaterThanOrEqual(10);
    expect(match).toBeLessThanOrEqual(70);
    await snapshot(page, 'roi-console');
  });
});
