import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import type { Profile, SourceWithKey } from '@stratum/contracts';
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

/** Creates a website source in the demo tenant and returns its key. */
export async function websiteSourceKey(api: DemoTenantApi, name: string): Promise<string> {
  const created = await api<SourceWithKey>('POST', '/api/v1/cdp/sources', { name: `${name} ${Date.now()}`, source_type: 'website' });
  expect(created.status).toBe(201);
  return created.data!.source_key;
}

/**
 * A console snippet written for a bundler (`import { X } from 'package'`, `export const y =`) as a page script for
 * the library's UMD build: the import reads the build's global, the export becomes a window property, and the
 * snippet's example visitor (`user-123`, `jane@example.com`) is this one. Throws when the snippet changed shape.
 */
export function asPageScript(snippet: string, umdGlobal: string, visitor: { user: string; email: string }): string {
  const script = snippet
    .replace(/^import \{ (\w+) \} from '[^']+';$/m, `const { $1 } = window.${umdGlobal};`)
    .replace(/^export const (\w+) =/m, 'window.$1 =')
    .replace("'user-123'", JSON.stringify(visitor.user))
    .replace("'jane@example.com'", JSON.stringify(visitor.email));
  if (script.includes('import ') || script.includes('export ') || !script.includes(JSON.stringify(visitor.email))) {
    throw new Error(`The snippet changed shape:\n${snippet}`);
  }
  return script;
}
