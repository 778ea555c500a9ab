import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './browser';
import { E2E_ADMIN_EMAIL } from './globalSetup';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('login', () => {
  it('shows an error for a wrong password and stays on the login page', async () => {
    const page = await browser.newPage({ baseURL: inject('baseURL') });
    await page.goto('/login');
    await page.getByLabel('Email').fill(E2E_ADMIN_EMAIL);
    await page.getByLabel('Password').fill('definitely-not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();

    const error = page.getByTestId('login-error');
    await error.waitFor();
    expect((await error.innerText()).trim().length).toBeGreaterThan(0);
    expect(new URL(page.url()).pathname).toBe('/login');
    const session = await page.evaluate(() => localStorage.getItem('stratum.session'));
    expect((JSON.parse(session ?? '{}') as { state?: { accessToken?: string | null } }).state?.accessToken ?? null).toBeNull();
  });
});
