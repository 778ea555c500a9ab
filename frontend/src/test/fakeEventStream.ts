import { vi } from 'vitest';
import type { LiveEvent } from '@stratum/contracts';

/**
 * A fake of the one request the console makes with fetch() instead of axios: the live event stream. Each call
 * opens a connection the test writes Server-Sent Events into, chunk by chunk, as the backend would.
 */
export interface FakeStreamConnection {
  url: string;
  headers: Record<string, string>;
  signal: AbortSignal | null;
  /** Raw text of the stream, e.g. `event: accepted\ndata: {...}\n\n`; may split messages anywhere. */
  send: (text: string) => void;
  /** One `event: <kind>` message carrying the event as JSON data. */
  emit: (event: LiveEvent) => void;
  /** The server ends the stream. */
  close: () => void;
}

export function installFakeEventStreams() {
  const encoder = new TextEncoder();
  const connections: FakeStreamConnection[] = [];
  const refusals: { status: number; message: string }[] = [];

  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers = Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
    const refusal = refusals.shift();
    if (refusal) {
      return new Response(JSON.stringify({ success: false, data: null, message: refusal.message, errors: [] }), {
        status: refusal.status,
        headers: { 'content-type': 'application/json' },
      });
    }
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    let open = true;
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        controller = c;
      },
    });
    const signal = init?.signal ?? null;
    signal?.addEventListener('abort', () => {
      if (!open) return;
      open = false;
      controller.error(new DOMException('The operation was aborted.', 'AbortError'));
    });
    const send = (text: string) => {
      if (open) controller.enqueue(encoder.encode(text));
    };
    connections.push({
      url,
      headers,
      signal,
      send,
      emit: (event) => send(`event: ${event.kind}\nid: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`),
      close: () => {
        if (!open) return;
        open = false;
        controller.close();
      },
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  });
  vi.stubGlobal('fetch', fetchMock);

  return {
    fetch: fetchMock,
    connections,
    /** The next connection attempt is answered with this error instead of a stream. */
    refuseNext: (status: number, message: string) => refusals.push({ status, message }),
    latest: () => {
      const connection = connections.at(-1);
      if (!connection) throw new Error('No live stream was opened');
      return connection;
    },
  };
}
