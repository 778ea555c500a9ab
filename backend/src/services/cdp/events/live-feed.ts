import { MAX_EVENTS_PER_BATCH, type LiveEvent } from '@stratum/contracts';
import type { Db } from '../../../db/client';
import { inScope, tenantScope } from '../../../db/scope';
import { liveCursorAt, type LiveCursor } from './live-cursor';
import { liveEventsByIds, newestLiveIds, type LiveId } from './live-events';

/** At most this many events a poll (a poll a second): a debugger is read by a person. */
export const LIVE_POLL_LIMIT = 100;
/**
 * How far behind the stream may fall before it jumps to the newest events. A request of the largest size is still
 * shown whole, a hundred a poll; under a sustained flood the stream stays about ten polls from now and says what it
 * left out, instead of falling ever further behind.
 */
export const LIVE_BACKLOG_MAX = MAX_EVENTS_PER_BATCH;
/**
 * How long after its id was made an event may still commit. Ids are made when a request is validated, before its
 * transaction takes the tenant's lock: the batch then takes its quota, may wait for the lock behind the drain
 * (about half a second a chunk, see DRAIN_CHUNK, whose next chunk is prepared while one commits) and is run again
 * up to five times when it loses a race (withRetry, whose pauses add up to ~150 ms). Refusals get their ids just
 * before they are written, in a transaction of their own. Each poll reads this window again and shows what it had
 * not shown, so a batch that commits late is shown late, not never.
 */
export const LIVE_SETTLE_MS = 10_000;
/** Ids read a poll, of each kind: room for the backlog besides the settle window's ids already shown. */
const LIVE_IDS_CAP = 2 * LIVE_BACKLOG_MAX;

export interface LivePlan {
  send: LiveId[];
  omitted: LiveId[];
}

/**
 * What a poll shows of the ids it read (oldest first): those not shown yet, oldest first, up to `limit`. When more
 * are waiting than the backlog allows, or the read was cut off (`complete` false), it shows the newest `limit`
 * instead and leaves the older ones out.
 */
export function planLivePoll(ids: LiveId[], handled: ReadonlySet<string>, complete: boolean, limit = LIVE_POLL_LIMIT, backlogMax = LIVE_BACKLOG_MAX): LivePlan {
  const waiting = ids.filter((i) => !handled.has(i.id));
  if (complete && waiting.length <= backlogMax) return { send: waiting.slice(0, limit), omitted: [] };
  const kept = Math.min(limit, waiting.length);
  return { send: waiting.slice(waiting.length - kept), omitted: waiting.slice(0, waiting.length - kept) };
}

/**
 * Where the next poll starts reading. Never past `settled` (the start of the settle window) while the ids after it
 * were read whole: an event there may still commit. Never past an event still waiting to be shown. In a flood
 * (`completeFrom`: the read was cut off there) the ids below the cut are given up.
 */
export function nextLiveCursor(cursor: LiveCursor, plan: LivePlan, waitingAfterPlan: number, completeFrom: string | null, settled: LiveCursor): LiveCursor {
  const max = (a: string, b: string) => (a > b ? a : b);
  if (completeFrom !== null) return max(cursor, completeFrom);
  if (waitingAfterPlan === 0) return max(cursor, settled);
  const lastSent = plan.send.at(-1)?.id ?? cursor;
  return max(cursor, lastSent < settled ? lastSent : settled);
}

export interface LivePoll {
  /** Oldest first. */
  events: LiveEvent[];
  /** Events passed over to keep up with a flood (see planLivePoll). */
  omitted: number;
  /** False when the read was cut off: more than `omitted` were passed over. */
  omittedExactly: boolean;
  /** Where a reconnection resumes (as the SSE `id`): it may show again some events this stream showed. */
  cursor: LiveCursor;
}

/**
 * One live stream of a source's events, accepted and refused: polled about once a second, it remembers which of
 * the events in its settle window it has shown (or left out), so it shows each once, including those that
 * commit after newer ones.
 */
export class LiveFeed {
  private cursor: LiveCursor;
  /** Ids after the cursor already shown or left out: at most the ids read a poll, pruned as the cursor moves. */
  private readonly handled = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly tenantId: string,
    private readonly sourceId: string,
    start: LiveCursor,
    /** Whether the viewer may read PII: emails and phones in properties and context are masked otherwise. */
    private clear: boolean,
  ) {
    this.cursor = start;
  }

  /** The viewer's right to read PII as it is now (a role can change while a stream is open). */
  showPersonalData(clear: boolean): void {
    this.clear = clear;
  }

  async poll(now = Date.now()): Promise<LivePoll> {
    const settled = liveCursorAt(now - LIVE_SETTLE_MS);
    const { ids, completeFrom, plan, events } = await inScope(this.db, tenantScope(this.tenantId), async (tx) => {
      const read = await newestLiveIds(tx, this.tenantId, this.sourceId, this.cursor, LIVE_IDS_CAP);
      const planned = planLivePoll(read.ids, this.handled, read.completeFrom === null);
      return { ...read, plan: planned, events: planned.send.length ? await liveEventsByIds(tx, this.tenantId, this.sourceId, planned.send, this.clear) : [] };
    });
    for (const { id } of [...plan.send, ...plan.omitted]) this.handled.add(id);
    const waiting = ids.filter((i) => !this.handled.has(i.id)).length;
    this.cursor = nextLiveCursor(this.cursor, plan, waiting, completeFrom, settled);
    for (const id of this.handled) if (id <= this.cursor) this.handled.delete(id);
    return { events, omitted: plan.omitted.length, omittedExactly: completeFrom === null, cursor: this.cursor };
  }
}
