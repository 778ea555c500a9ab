import { afterEach, beforeEach, vi } from 'vitest';
import { mockServer, resetSettings } from './support';

function clearCookies(): void {
  for (const pair of document.cookie.split('; ')) {
    const name = pair.split('=')[0];
    if (!name) continue;
    document.cookie = `${name}=; Max-Age=0; Path=/`;
    document.cookie = `${name}=; Max-Age=0; Path=/; Domain=.example.com`;
  }
}

// Every test starts as a first visit: no storage, no cookie, no snippet, visible page.
beforeEach(() => {
  localStorage.clear();
  clearCookies();
  delete window.stratum;
  Reflect.deleteProperty(navigator, 'sendBeacon');
  Reflect.deleteProperty(document, 'visibilityState');
  resetSettings();
  // No test reaches the network: the SDK reads the source's settings at load, from this server unless a test
  // sets up its own.
  mockServer();
});

afterEach(() => {
  vi.useRealTimers();
});
