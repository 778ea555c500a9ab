import { vi } from 'vitest';
import { Stratum, type LoadOptions, type Message } from '../src/stratum';

export const HOST = 'https://cdp.example.com';
export const WRITE_KEY = 'cdp_unit_test_key_0123456789abcdef';

export interface BatchBody {
  batch: Message[];
  sentAt: string;
  writeKey?: string;
}

export interface SentRequest {
  url: string;
  init: RequestInit;
  headers: Headers;
  body: BatchBody;
}

/** A response, a network failure, or a response still on its way (a slow server). */
type Answer = Response | Error | Promise<Response>;

export function answer(status: number, body: unknown = { success: status < 400 }, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

/** Answers the SDK's read of the source's settings (the tenant does not require consent unless a test says so). */
let settingsAnswers: () => Answer = () => sourceSettings(false);
export const settingsRequests: string[] = [];

export function sourceSettings(requireConsent: boolean): Response {
  return answer(200, { integrations: {}, stratum: { requireConsent } });
}

export function answerSettings(next: () => Answer): void {
  settingsAnswers = next;
}

export function resetSettings(): void {
  settingsAnswers = () => sourceSettings(false);
  settingsRequests.length = 0;
}

/**
 * Replaces fetch — the network boundary — with a server that answers batches from `script` in order (an Error is a
 * network failure) and 200 once the script is used up, and the source's settings as `answerSettings` says. Returns
 * the batch requests it received.
 */
export function mockServer(...script: Answer[]): SentRequest[] {
  const requests: SentRequest[] = [];
  const fetchMock = vi.fn((url: string | URL | Request, init: RequestInit = {}) => {
    if (String(url).endsWith('/settings')) {
      settingsRequests.push(String(url));
      const settings = settingsAnswers();
      return settings instanceof Error ? Promise.reject(settings) : Promise.resolve(settings);
    }
    requests.push({ url: String(url), init, headers: new Headers(init.headers), body: JSON.parse(String(init.body)) as BatchBody });
    const next = script.shift() ?? answer(200);
    return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
  });
  vi.stubGlobal('fetch', fetchMock);
  return requests;
}

export interface Beacon {
  url: string;
  type: string;
  body: BatchBody;
}

// jsdom's Blob has no text(); FileReader reads it.
function blobText(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

/** navigator.sendBeacon (absent from jsdom) that accepts or refuses every call. Bodies are read once they are Blobs. */
export function mockBeacon(accept = true): { beacons: (writeKey: string) => Promise<Beacon[]> } {
  const calls: { url: string; data: Blob }[] = [];
  Object.defineProperty(navigator, 'sendBeacon', {
    configurable: true,
    value: vi.fn((url: string, data: Blob) => {
      calls.push({ url, data });
      return accept;
    }),
  });
  return {
    /** The beacons sent with this write key. */
    beacons: async (writeKey) => {
      const all = await Promise.all(
        calls.map(async ({ url, data }) => ({ url, type: data.type, body: JSON.parse(await blobText(data)) as BatchBody })),
      );
      return all.filter((beacon) => beacon.body.writeKey === writeKey);
    },
  };
}

/** A page that loads the SDK and waits until it has read the source's settings. */
export async function loadStratum(options: LoadOptions = {}, writeKey = WRITE_KEY): Promise<Stratum> {
  const stratum = new Stratum(HOST);
  stratum.load(writeKey, options);
  await stratum.ready();
  return stratum;
}

export function messagesOf(requests: readonly { body: BatchBody }[]): Message[] {
  return requests.flatMap((request) => request.body.batch);
}

export function storedQueue(): Message[] {
  return JSON.parse(localStorage.getItem('stratum_queue') ?? '[]') as Message[];
}

export function setVisibility(state: DocumentVisibilityState): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, value: state });
  document.dispatchEvent(new Event('visibilitychange'));
}

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
