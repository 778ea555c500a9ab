import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './browser';
import { E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD } from './globalSetup';
import { snapshot } from './support';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage({ baseURL: inject('baseURL'), viewport: { width: 1360, height: 860 } });
});

afterAll(async () => {
  await browser?.close();
});

describe('superadmin journey', () => {
  const newUserEmail = `e2e.user.${Date.now()}@example.com`;

  it('signs in as the superadmin', async () => {
    await page.goto('/');
    await page.waitForURL('**/login');
    await snapshot(page, 'login');
    await page.getByLabel('Email').fill(E2E_ADMIN_EMAIL);
    await page.getByLabel('Password').fill(E2E_ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.getByRole('heading', { name: 'Choose a tenant' }).waitFor();
  });

  it('picks the demo tenant and sees its overview', async () => {
    await page.getByTestId('tenant-switcher').selectOption({ label: 'Demo Company' });

    const usersTotal = page.getByTestId('kpi-users-total').getByTestId('kpi-value');
    await usersTotal.waitFor();
    expect(Number((await usersTotal.innerText()).replace(/\D/g, ''))).toBeGreaterThanOrEqual(1);
    await expect.poll(() => page.getByRole('heading', { name: 'Overview' }).isVisible()).toBe(true);
    await snapshot(page, 'overview-ltr');
  });

  it('switches to Arabic (right to left) and back', async () => {
    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { name: 'نظرة عامة' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ar');
    await snapshot(page, 'overview-rtl');

    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
  });

  it('switches to the dark theme and back', async () => {
    const isDark = () => page.evaluate(() => document.documentElement.classList.contains('dark'));
    await page.getByTestId('theme-toggle').click();
    await expect.poll(isDark).toBe(true);
    await page.waitForTimeout(200); // let colour transitions settle before the optional screenshot
    await snapshot(page, 'overview-dark');
    await page.getByTestId('theme-toggle').click();
    await expect.poll(isDark).toBe(false);
  });

  it('creates a user in the demo tenant from the Users page', async () => {
    await page.getByTestId('nav-users').click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    await page.getByTestId('add-user').click();

    const dialog = page.getByRole('dialog', { name: 'Add user' });
    await dialog.getByLabel('Full name').fill('E2E Analyst');
    await dialog.getByLabel('Email').fill(newUserEmail);
    await dialog.getByLabel('Password').fill('a-long-enough-password');
    await dialog.getByLabel('Role').selectOption('analyst');
    await snapshot(page, 'create-user');
    await page.getByTestId('create-user-submit').click();

    await page.getByTestId('toast-success').filter({ hasText: newUserEmail }).waitFor();
    await page.getByTestId('user-row').filter({ hasText: newUserEmail }).waitFor();
    await expect.poll(() => dialog.count()).toBe(0);
  });

  it('finds the user.create event for that user in the audit log', async () => {
    await page.getByTestId('nav-audit').click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.getByTestId('audit-filter-action').fill('user.create');

    const rows = page.locator('[data-testid="audit-row"][data-action="user.create"]');
    await rows.first().waitFor();
    await expect.poll(() => page.locator('[data-testid="audit-row"]:not([data-action="user.create"])').count()).toBe(0);
    for (const expand of await rows.getByTestId('audit-expand').all()) await expand.click();

    const changes = page.getByTestId('audit-changes').filter({ hasText: newUserEmail });
    await changes.waitFor();
    expect(await changes.count()).toBe(1);
    await snapshot(page, 'audit');
  });
});
