import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { liveEventSchema, liveSkipSchema, type LiveEvent, type LiveSkip } from '@stratum/contracts';
import { EMPTY_LIVE_FEED, liveFeedReducer } from '@/lib/liveFeed';
import { readEventStream } from '@/lib/sse';
import { useSessionStore } from '@/stores/session';
import { useTenantStore } from '@/stores/tenant';
import { API_BASE_URL, apiClient } from './client';
import { ApiRequestError } from './errors';

export type LiveConnection = 'connecting' | 'open' | 'reconnecting' | 'closed';

interface StreamOptions {
  signal: AbortSignal;
  onOpen: () => void;
  onEvent: (event: LiveEvent) => void;
  /** The server passed over events to keep up with a busy source. */
  onSkip?: (skip: LiveSkip) => void;
  /** Where the previous connection stopped (the stream's last `id:`): the server resumes from there. */
  lastEventId?: string;
  /** Each new stream position (`id:`) as it arrives. */
  onCursor?: (id: string) => void;
}

function streamHeaders(lastEventId?: string): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'text/event-stream' };
  if (lastEventId) headers['Last-Event-ID'] = lastEventId;
  const { accessToken } = useSessionStore.getState();
  if (accessToken) headers.Authorization = `Bearer ${accessToken}`;
  const tenantId = useTenantStore.getState().selectedTenantId;
  if (tenantId) headers['X-Tenant-ID'] = tenantId;
  return headers;
}

async function failure(response: Response): Promise<ApiRequestError> {
  let message = response.statusText || `HTTP ${response.status}`;
  try {
    const body = (await response.json()) as { message?: string | null };
    if (body.message) message = body.message;
  } catch {
    // Not an envelope: keep the status text.
  }
  return new ApiRequestError(message, { status: response.status });
}

/**
 * Reads `GET /cdp/sources/{id}/live` until the server closes it or `signal` aborts. The stream goes through fetch
 * with the same Bearer token and X-Tenant-ID as the API client. On a 401 the token has probably expired: one cheap
 * request through the API client lets its interceptor refresh the session (single-flight, shared with every other
 * request), and the stream is opened once more with the new token.
 */
export async function streamLiveEvents(sourceId: string, { signal, onOpen, onEvent, onSkip, lastEventId, onCursor }: StreamOptions): Promise<void> {
  const url = `${API_BASE_URL}/cdp/sources/${encodeURIComponent(sourceId)}/live`;
  let response = await fetch(url, { headers: streamHeaders(lastEventId), signal, cache: 'no-store' });
  if (response.status === 401) {
    await apiClient.get(`/cdp/sources/${encodeURIComponent(sourceId)}`, { signal });
    response = await fetch(url, { headers: streamHeaders(lastEventId), signal, cache: 'no-store' });
  }
  if (!response.ok || !response.body) throw await failure(response);
  onOpen();
  await readEventStream(response.body, {
    onMessage: (message) => {
      if (message.id && message.id !== lastEventId) onCursor?.(message.id);
      try {
        if (message.event === 'skipped') {
          const parsed = liveSkipSchema.safeParse(JSON.parse(message.data));
          if (parsed.success) onSkip?.(parsed.data);
        } else if (message.event === 'accepted' || message.event === 'rejected') {
          const parsed = liveEventSchema.safeParse(JSON.parse(message.data));
          if (parsed.success) onEvent(parsed.data);
        }
      } catch {
        // A malformed message is skipped; the stream goes on.
      }
    },
  });
}

const RECONNECT_BASE_MS = 1000;
const RECONNECT_MAX_MS = 15_000;
/** Ids remembered to drop the events a reconnection sees twice (the server resumes from the last complete poll). */
const SEEN_IDS_CAP = 2000;

function wait(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, milliseconds);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** A 4xx other than timeout/rate limiting will not get better by retrying (no access, source deleted). */
function isPermanent(error: unknown): boolean {
  return error instanceof ApiRequestError && error.status !== null && error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429;
}

/**
 * The live debugger's connection and feed: connects while mounted, reconnects with backoff when the stream
 * drops, and stops on a permanent error (then `retry` starts over).
 */
export function useLiveEvents(sourceId: string) {
  const [feed, dispatch] = useReducer(liveFeedReducer, EMPTY_LIVE_FEED);
  const [connection, setConnection] = useState<LiveConnection>('connecting');
  const [error, setError] = useState<ApiRequestError | null>(null);
  const [attempt, setAttempt] = useState(0);
  const seen = useRef(new Set<string>());

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    // Resumes within this connection loop only: a new source or a manual retry starts from the last minute.
    let lastEventId: string | undefined;
    const remember = (id: string): boolean => {
      if (seen.current.has(id)) return false;
      seen.current.add(id);
      if (seen.current.size > SEEN_IDS_CAP) {
        const oldest = seen.current.values().next().value;
        if (oldest !== undefined) seen.current.delete(oldest);
      }
      return true;
    };

    const run = async () => {
      let failures = 0;
      setError(null);
      while (!signal.aborted) {
        setConnection(failures === 0 ? 'connecting' : 'reconnecting');
        try {
          await streamLiveEvents(sourceId, {
            signal,
            lastEventId,
            onCursor: (id) => {
              lastEventId = id;
            },
            onOpen: () => {
              failures = 0;
              setConnection('open');
            },
            onEvent: (event) => {
              if (remember(event.id)) dispatch({ type: 'received', events: [event] });
            },
            onSkip: ({ omitted, at_least }) => dispatch({ type: 'skipped', omitted, atLeast: at_least }),
          });
        } catch (caught) {
          if (signal.aborted) return;
          if (isPermanent(caught)) {
            setError(caught as ApiRequestError);
            setConnection('closed');
            return;
          }
        }
        if (signal.aborted) return;
        failures += 1;
        setConnection('reconnecting');
        await wait(Math.min(RECONNECT_BASE_MS * 2 ** (failures - 1), RECONNECT_MAX_MS), signal);
      }
    };
    void run();
    return () => controller.abort();
  }, [sourceId, attempt]);

  return {
    feed,
    connection,
    error,
    retry: useCallback(() => setAttempt((value) => value + 1), []),
    pause: useCallback(() => dispatch({ type: 'pause' }), []),
    resume: useCallback(() => dispatch({ type: 'resume' }), []),
    clear: useCallback(() => dispatch({ type: 'clear' }), []),
  };
}
