import type { Message } from './types';

export type SendOutcome =
  | { kind: 'sent' }
  /** 400/401 and other client errors: sending the same batch again cannot succeed. */
  | { kind: 'rejected'; status: number; reason: string }
  /** Network error, 408, 429 or 5xx: keep the messages and try again later. */
  | { kind: 'retry'; retryAfterMs?: number };

const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

export function batchUrl(host: string): string {
  return `${host}/v1/batch`;
}

/** `Retry-After` in seconds or as an HTTP date (RFC 9110 §10.2.3), in milliseconds from `now`. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS) : undefined;
}

async function reasonOf(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { message?: unknown };
    return typeof body.message === 'string' ? body.message : '';
  } catch {
    return '';
  }
}

/** One `POST /v1/batch` authenticated with HTTP Basic (write key as user, empty password). */
export async function postBatch(host: string, writeKey: string, batch: readonly Message[]): Promise<SendOutcome> {
  let response: Response;
  try {
    response = await fetch(batchUrl(host), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Basic ${btoa(`${writeKey}:`)}` },
      body: JSON.stringify({ batch, sentAt: new Date().toISOString() }),
      credentials: 'omit',
    });
  } catch {
    return { kind: 'retry' };
  }
  if (response.ok) return { kind: 'sent' };
  if (response.status === 408 || response.status === 429 || response.status >= 500) {
    return { kind: 'retry', retryAfterMs: parseRetryAfter(response.headers.get('Retry-After')) };
  }
  return { kind: 'rejected', status: response.status, reason: await reasonOf(response) };
}

/**
 * Hands a batch to the browser for delivery after the page is gone. sendBeacon cannot set headers, so the write key
 * travels in the body, and a text/plain Blob keeps the request CORS-simple (no preflight). Without sendBeacon, or when
 * it refuses (its quota is about 64 KB), fetch with keepalive is the fallback; `onDelivered` runs only when the
 * browser (beacon) or the server (fetch) took the batch.
 */
export function beaconBatch(host: string, writeKey: string, batch: readonly Message[], onDelivered: () => void): boolean {
  const body = JSON.stringify({ batch, sentAt: new Date().toISOString(), writeKey });
  try {
    if (typeof navigator.sendBeacon === 'function' && navigator.sendBeacon(batchUrl(host), new Blob([body], { type: 'text/plain' }))) {
      onDelivered();
      return true;
    }
  } catch {
    // Some browsers throw on a beacon to a blocked URL; fall through to fetch.
  }
  fetch(batchUrl(host), {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain' },
    body,
    keepalive: true,
    credentials: 'omit',
  }).then(
    (response) => {
      if (response.ok) onDelivered();
    },
    () => undefined,
  );
  return false;
}
