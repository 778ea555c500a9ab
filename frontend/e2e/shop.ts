import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import type { Profile } from '@stratum/contracts';
import type { DemoTenantApi } from './support';

export interface Shop {
  origin: string;
  close: () => Promise<void>;
}

/**
 * A customer's site on another origin, on a real loopback server (Chromium blocks a routed page from reaching
 * loopback): `/library.js` is a tracking library's browser build, and `/?user=…&email=…` a page that loads it and
 * runs `pageScript` for that visitor (the page's other query parameters come along).
 */
export async function startShop(library: string, pageScript: (visitor: { user: string; email: string; query: URLSearchParams }) => string): Promise<Shop> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://shop');
    if (url.pathname === '/library.js') {
      response.writeHead(200, { 'Content-Type': 'text/javascript' });
      response.end(library);
      return;
    }
    const script = pageScript({ user: url.searchParams.get('user') ?? '', email: url.searchParams.get('email') ?? '', query: url.searchParams });
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><html><head><title>Shop</title><script src="/library.js"></script>
      <script>${script}</script></head><body>Shop</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Waits until the profile holding this email has `events` events (they arrive through the collection queue). */
export async function profileWithEvents(api: DemoTenantApi, email: string, events: number): Promise<Profile> {
  let profile: Profile | null = null;
  await expect
    .poll(
      async () => {
        const { data } = await api<Profile>('POST', '/api/v1/cdp/profiles/lookup', { identifier_type: 'email', identifier_value: email });
        profile = data;
        return data?.total_events ?? 0;
      },
      { timeout: 30_000, interval: 500 },
    )
    .toBe(events);
  return profile as unknown as Profile;
}
