// Storage can be missing or throw (disabled cookies, Safari private mode, quota exceeded): the SDK must keep working
// from memory then, so every access is guarded.

export const STORAGE_KEYS = {
  anonymousId: 'stratum_anon_id',
  userId: 'stratum_user_id',
  traits: 'stratum_traits',
  queue: 'stratum_queue',
  consent: 'stratum_consent',
} as const;

export function readStored(key: string): unknown {
  try {
    const raw = localStorage.getItem(key);
    return raw === null ? null : (JSON.parse(raw) as unknown);
  } catch {
    return null;
  }
}

export function writeStored(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Quota or disabled storage: memory still holds the value.
  }
}

export function removeStored(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch {
    // Nothing stored then.
  }
}

export function readCookie(name: string): string | null {
  try {
    for (const pair of document.cookie.split('; ')) {
      const at = pair.indexOf('=');
      if (pair.slice(0, at) === name) return decodeURIComponent(pair.slice(at + 1));
    }
  } catch {
    // Cookies disabled or malformed value.
  }
  return null;
}

/** A first-party cookie; `maxAgeSeconds` 0 deletes it. */
export function writeCookie(name: string, value: string, maxAgeSeconds: number, domain?: string): void {
  let cookie = `${name}=${encodeURIComponent(value)}; Max-Age=${maxAgeSeconds}; Path=/; SameSite=Lax`;
  if (domain) cookie += `; Domain=${domain}`;
  if (location.protocol === 'https:') cookie += '; Secure';
  try {
    document.cookie = cookie;
  } catch {
    // Cookies disabled: localStorage still keeps the id.
  }
}

const PROBE = 'stratum_cookie_probe';

/**
 * The widest domain this page may set a cookie on (`example.com` on `www.shop.example.com`), found as analytics.js
 * finds it: each parent is tried from the top, and the browser refuses public suffixes (`com`, `co.uk`). So the
 * anonymous id is one across a site's subdomains (`www.`, `checkout.`). None on an IP address or a one-label host
 * (`localhost`): the cookie is then the host's own.
 */
export function widestCookieDomain(hostname: string): string | undefined {
  if (!hostname.includes('.') || /^[\d.]+$/.test(hostname) || hostname.includes(':')) return undefined;
  const labels = hostname.split('.');
  for (let i = labels.length - 2; i >= 0; i--) {
    const domain = labels.slice(i).join('.');
    writeCookie(PROBE, '1', 10, domain);
    if (readCookie(PROBE) === '1') {
      writeCookie(PROBE, '', 0, domain);
      return domain;
    }
  }
  return undefined;
}
