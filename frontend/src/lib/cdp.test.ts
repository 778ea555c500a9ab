import { describe, expect, it } from 'vitest';
import { ingestEventSchema } from '@stratum/contracts';
import { emqBand, ingestCurl, maskIdentifier, sampleTestEvent, shownIdentifier, tenantCurrency, tenantTimeZone, withZone } from './cdp';

describe('emqBand', () => {
  it.each([
    [100, 'excellent'],
    [80, 'excellent'],
    [79, 'good'],
    [60, 'good'],
    [59, 'fair'],
    [40, 'fair'],
    [39, 'poor'],
    [0, 'poor'],
  ])('puts %i in the %s band', (score, band) => {
    expect(emqBand(score)).toBe(band);
  });
});

describe('maskIdentifier', () => {
  it('masks like the API does', () => {
    expect(maskIdentifier('email', 'jane@example.com')).toBe('j***@example.com');
    expect(maskIdentifier('phone', '+971501234567')).toBe('+97150*****67');
    expect(maskIdentifier('device_id', 'dvc-ios-0001')).toBe('dv***01');
    expect(maskIdentifier('external_id', 'abc')).toBe('***');
  });

  it('leaves an already masked value as it is', () => {
    for (const [type, value] of [
      ['email', 'jane@example.com'],
      ['phone', '+971501234567'],
      ['anonymous_id', 'anon-7f3a9c'],
    ] as const) {
      const once = maskIdentifier(type, value);
      expect(maskIdentifier(type, once)).toBe(once);
    }
  });

  it('shows clear values masked until revealed, and masked values as sent', () => {
    expect(shownIdentifier('email', 'jane@example.com', { clear: true, revealed: false })).toBe('j***@example.com');
    expect(shownIdentifier('email', 'jane@example.com', { clear: true, revealed: true })).toBe('jane@example.com');
    expect(shownIdentifier('email', 'j***@example.com', { clear: false, revealed: true })).toBe('j***@example.com');
  });
});

describe('tenantTimeZone', () => {
  it("is the tenant's IANA zone, or UTC when unset or unknown (as the server counts)", () => {
    expect(tenantTimeZone({ timezone: 'Asia/Dubai' })).toBe('Asia/Dubai');
    expect(tenantTimeZone({ timezone: 'Mars/Olympus' })).toBe('UTC');
    expect(tenantTimeZone({ timezone: 4 })).toBe('UTC');
    expect(tenantTimeZone(undefined)).toBe('UTC');
  });
});

describe('tenantCurrency', () => {
  it('uses the tenant setting and falls back to US dollars', () => {
    expect(tenantCurrency({ currency: 'AED' })).toBe('AED');
    expect(tenantCurrency({ currency: 'dirham' })).toBe('USD');
    expect(tenantCurrency(undefined)).toBe('USD');
  });
});

describe('ingestCurl', () => {
  it('posts a contract-valid sample event to the ingest endpoint with the key header', () => {
    const command = ingestCurl({ origin: 'https://cdp.example.com', sourceKey: 'cdp_key', eventTime: '2026-01-15T10:30:00.000Z' });
    expect(command).toContain("curl -X POST 'https://cdp.example.com/api/v1/cdp/ingest'");
    expect(command).toContain("-H 'X-Source-Key: cdp_key'");
    const body = JSON.parse(/-d '([\s\S]*)'$/.exec(command)?.[1] ?? '') as { events: unknown[] };
    expect(body.events).toHaveLength(1);
    expect(ingestEventSchema.safeParse(body.events[0]).success).toBe(true);
    expect(ingestEventSchema.safeParse(sampleTestEvent('not a time')).success).toBe(false);
  });
});

describe('withZone', () => {
  it("names the zone only where it is not the browser's, whatever name either goes by", () => {
    const browser = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(withZone('Time', browser)).toBe('Time');
    expect(withZone('Time', undefined)).toBe('Time');
    const other = browser === 'Asia/Calcutta' ? 'America/New_York' : 'Asia/Kolkata';
    expect(withZone('Time', other)).toBe(`Time (${other})`);
    // Etc/UTC and Etc/GMT are UTC, as Asia/Kolkata is Chromium's Asia/Calcutta.
    if (browser === 'UTC') expect(withZone('Time', 'Etc/GMT')).toBe('Time');
  });
});
