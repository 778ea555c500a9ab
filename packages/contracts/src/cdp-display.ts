/**
 * Display rules shared by the API and the console, so a masked value or an EMQ band reads the same everywhere.
 */

/** What people without `cdp:pii:read` see: `j***@example.com`, `+97150*****67`, `ab***yz`. */
export function maskIdentifier(type: string, value: string): string {
  if (type === 'email') {
    const at = value.lastIndexOf('@');
    if (at > 0) return `${value[0]}***${value.slice(at)}`;
  }
  if (type === 'phone' && value.length > 8) {
    return `${value.slice(0, 6)}${'*'.repeat(value.length - 8)}${value.slice(-2)}`;
  }
  if (value.length <= 4) return '*'.repeat(value.length);
  return `${value.slice(0, 2)}***${value.slice(-2)}`;
}

export type EmqBand = 'excellent' | 'good' | 'fair' | 'poor';

/** SPEC bands: ≥ 80 excellent (full automation), 60–79 good, 40–59 fair, < 40 poor (manual). */
export function emqBand(score: number): EmqBand {
  if (score >= 80) return 'excellent';
  if (score >= 60) return 'good';
  if (score >= 40) return 'fair';
  return 'poor';
}
