import { describe, expect, it } from 'vitest';
import { cn, formatCurrency, formatDate, formatNumber, formatPercent, formatRelative } from './utils';

describe('cn', () => {
  it('joins conditional classes and lets the later Tailwind class win', () => {
    const hidden = false;
    expect(cn('px-2 text-sm', hidden && 'hidden', 'px-4')).toBe('text-sm px-4');
  });
});

describe('formatCurrency', () => {
  it('defaults to US dollars', () => {
    expect(formatCurrency(1234.5, undefined, 'en-US')).toBe('$1,234.50');
  });

  it('formats dirhams for a UAE Arabic reader', () => {
    const text = formatCurrency(1234.5, 'AED', 'ar-AE');
    expect(text).toContain('د.إ');
    // ar-AE may render Western or Arabic-Indic digits depending on the ICU build; both are the same amount.
    const amount = (text.match(/[\d٠-٩][\d٠-٩,٬.٫]*/)?.[0] ?? '')
      .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660))
      .replace(/[,٬]/g, '')
      .replace('٫', '.');
    expect(amount).toBe('1234.50');
  });

  it('formats dirhams in English with the currency code', () => {
    expect(formatCurrency(500000, 'AED', 'en-AE')).toMatch(/AED\s?500,000\.00/);
  });
});

describe('formatNumber', () => {
  it('groups thousands per locale', () => {
    expect(formatNumber(1875, 'en-US')).toBe('1,875');
    expect(formatNumber(1875, 'de-DE')).toBe('1.875');
  });
});

describe('formatPercent', () => {
  it('turns a ratio into a percentage', () => {
    expect(formatPercent(0.625, 'en-US')).toBe('62.5%');
  });
});

describe('formatDate', () => {
  it('formats an ISO timestamp for the locale and time zone given', () => {
    expect(formatDate('2026-01-15T10:30:00Z', 'en-US', { dateStyle: 'medium', timeZone: 'UTC' })).toBe('Jan 15, 2026');
  });

  it('shows an unparseable value as it came instead of "Invalid Date"', () => {
    expect(formatDate('not a date', 'en-US')).toBe('not a date');
  });
});

describe('formatRelative', () => {
  const now = Date.parse('2026-01-15T10:30:00Z');

  it('picks the largest unit that fits', () => {
    expect(formatRelative('2026-01-15T10:25:00Z', 'en-US', now)).toBe('5 minutes ago');
    expect(formatRelative('2026-01-13T10:30:00Z', 'en-US', now)).toBe('2 days ago');
    expect(formatRelative('2026-01-15T10:30:00Z', 'en-US', now)).toBe('now');
  });

  it('shows an unparseable value as it came', () => {
    expect(formatRelative('soon', 'en-US', now)).toBe('soon');
  });
});
