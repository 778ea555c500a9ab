import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Envelope, IngestResult, Paginated, Tenant, TokenPair } from '@stratum/contracts';
import { E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD } from './globalSetup';

/**
 * Optional screenshots for reviewing the UI (set E2E_SCREENSHOT_DIR); they are not assertions. The console
 * scrolls inside <main>, so the viewport grows to the content for the shot.
 */
export async function snapshot(page: Page, name: string): Promise<void> {
  const dir = process.env.E2E_SCREENSHOT_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.waitForTimeout(200); // let transitions settle
  const viewport = page.viewportSize() ?? { width: 1440, height: 900 };
  const contentHeight = await page.evaluate(() => {
    const main = document.getElementById('main');
    return main ? main.scrollHeight + main.getBoundingClientRect().top : document.body.scrollHeight;
  });
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, Math.ceil(contentHeight)) });
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
  await page.setViewportSize(viewport);
}

/** Sends one batch the way a server integration would: the source key alone authenticates it. */
export async function ingestWithKey(baseURL: string, sourceKey: string, events: unknown[]): Promise<IngestResult> {
  const response = await fetch(`${baseURL}/api/v1/cdp/ingest`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Source-Key': sourceKey },
    body: JSON.stringify({ events }),
  });
  const body = (await response.json()) as { data: IngestResult | null; message: string | null };
  if (response.status !== 201 || !body.data) throw new Error(`Ingest answered ${response.status}: ${body.message}`);
  return body.data;
}

/** Signs in as the seeded superadmin and picks the demo tenant, as the journeys that work in it start. */
export async function signInToDemoTenant(page: Page): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(E2E_ADMIN_EMAIL);
  await page.getByLabel('Password').fill(E2E_ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Choose a tenant' }).waitFor();
  await page.getByTestId('tenant-switcher').selectOption({ label: 'Demo Company' });
  await page.getByTestId('kpi-users-total').getByTestId('kpi-value').waitFor();
}

/** Creates a server source from the Sources page and returns its key dialog (still open) and the key shown once. */
export async function createServerSource(page: Page, name: string) {
  await page.getByTestId('nav-cdp-sources').click();
  await page.getByRole('heading', { name: 'Sources' }).waitFor();
  await page.getByTestId('add-source').click();
  const form = page.getByRole('dialog', { name: 'New source' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Type').selectOption('server');
  await page.getByTestId('create-source-submit').click();
  const reveal = page.getByRole('dialog', { name: 'Copy your source key' });
  await reveal.waitFor();
  const key = await reveal.getByTestId('source-key').inputValue();
  return { reveal, key };
}

/** A call to the REST API; the envelope's data comes back with the status, whatever it is. */
export type DemoTenantApi = <T>(method: string, url: string, body?: unknown) => Promise<{ status: number; data: T | null }>;

/** The REST API as the seeded admin working in the demo tenant: what a journey sets up and checks outside the browser. */
export async function demoTenantApi(baseURL: string): Promise<DemoTenantApi> {
  const session = { token: '', tenantId: '' };
  const api: DemoTenantApi = async <T>(method: string, url: string, body?: unknown) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (session.token) headers.Authorization = `Bearer ${session.token}`;
    if (session.tenantId) headers['X-Tenant-ID'] = session.tenantId;
    const response = await fetch(`${baseURL}${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const envelope = (await response.json()) as Envelope<T>;
    return { status: response.status, data: envelope.data };
  };
  const login = await api<TokenPair>('POST', '/api/v1/auth/login', { email: E2E_ADMIN_EMAIL, password: E2E_ADMIN_PASSWORD });
  session.token = login.data!.access_token;
  const tenants = await api<Paginated<Tenant>>('GET', '/api/v1/tenants?q=Demo&page_size=100');
  session.tenantId = tenants.data!.items.find((tenant) => tenant.name === 'Demo Company')!.id;
  return api;
}
