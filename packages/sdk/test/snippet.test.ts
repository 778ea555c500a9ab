import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Stratum } from '../src/stratum';
import { messagesOf, mockServer } from './support';

beforeEach(() => {
  document.head.replaceChildren();
});

// The snippet customers paste is the one in the README: run exactly that.
const readme = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'README.md'), 'utf8');
const snippet = /```html\n<script>\n([\s\S]*?)<\/script>\n```/.exec(readme)![1]!;

describe('README snippet', () => {
  it('records calls in a stub, loads {host}/sdk.js, and the bundle replays them', async () => {
    const requests = mockServer();
    new Function(snippet)();
    const stub = window.stratum as unknown[] & { track: (...args: unknown[]) => unknown };
    expect(Array.isArray(stub)).toBe(true);
    const clickedAt = Date.now() - 3_000;
    vi.spyOn(Date, 'now').mockReturnValueOnce(clickedAt);
    stub.track('Clicked Banner', { position: 'top' });
    expect([...stub]).toEqual([
      ['load', ['cdp_YOUR_WRITE_KEY', { host: 'https://cdp.example.com' }], expect.any(Number)],
      ['page', [], expect.any(Number)],
      ['track', ['Clicked Banner', { position: 'top' }], clickedAt],
    ]);
    const script = document.head.querySelector<HTMLScriptElement>('script[src$="/sdk.js"]');
    expect(script?.src).toBe('https://cdp.example.com/sdk.js');
    expect(script?.async).toBe(true);

    // What the script tag does once it arrives.
    vi.resetModules();
    await import('../src/index');
    expect(window.stratum).toBeInstanceOf((await import('../src/stratum')).Stratum);
    await (window.stratum as Stratum).flush();

    expect(requests.map((request) => request.url)).toEqual(['https://cdp.example.com/v1/batch']);
    expect(requests[0]!.headers.get('Authorization')).toBe(`Basic ${btoa('cdp_YOUR_WRITE_KEY:')}`);
    expect(messagesOf(requests).map((message) => message.event ?? message.type)).toEqual(['page', 'Clicked Banner']);
    // Stamped when the page made the call, not when the SDK arrived to replay it.
    expect(messagesOf(requests)[1]!.timestamp).toBe(new Date(clickedAt).toISOString());
  });

  it('leaves an SDK that is already there alone', async () => {
    vi.resetModules();
    await import('../src/index');
    const sdk = window.stratum;
    new Function(snippet)();
    expect(window.stratum).toBe(sdk);
    expect(document.head.querySelectorAll('script')).toHaveLength(0);
  });

  it('pasted twice, loads the SDK once', () => {
    new Function(snippet)();
    new Function(snippet)();
    expect(document.head.querySelectorAll('script')).toHaveLength(1);
    expect((window.stratum as unknown[]).filter((call) => (call as unknown[])[0] === 'load')).toHaveLength(1);
  });
});
