import type { LiveEvent } from '@stratum/contracts';

/** The debugger keeps the newest events only: a busy source would otherwise grow the page without bound. */
export const LIVE_FEED_CAP = 200;

/**
 * What the live debugger shows. While paused, arriving events wait (and are counted) instead of moving the list
 * under the reader's eyes; resuming puts them on top.
 */
export interface LiveFeedState {
  /** Newest first. */
  events: LiveEvent[];
  /** Arrived while paused, newest first (capped like `events`). */
  waiting: LiveEvent[];
  /** How many arrived while paused, including those beyond the cap. */
  waitingCount: number;
  paused: boolean;
  /** Events the server passed over to keep up with a busy source (see liveSkipSchema); `atLeast` when not all counted. */
  skipped: { total: number; atLeast: boolean };
}

export type LiveFeedAction =
  | { type: 'received'; events: LiveEvent[] }
  | { type: 'skipped'; omitted: number; atLeast: boolean }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'clear' };

export const EMPTY_LIVE_FEED: LiveFeedState = { events: [], waiting: [], waitingCount: 0, paused: false, skipped: { total: 0, atLeast: false } };

/** `arrived` is in stream order (oldest first); the result puts the newest on top. */
function prepend(list: LiveEvent[], arrived: LiveEvent[]): LiveEvent[] {
  return [...arrived.toReversed(), ...list].slice(0, LIVE_FEED_CAP);
}

export function liveFeedReducer(state: LiveFeedState, action: LiveFeedAction): LiveFeedState {
  switch (action.type) {
    case 'received':
      if (action.events.length === 0) return state;
      return state.paused
        ? { ...state, waiting: prepend(state.waiting, action.events), waitingCount: state.waitingCount + action.events.length }
        : { ...state, events: prepend(state.events, action.events) };
    case 'skipped':
      return { ...state, skipped: { total: state.skipped.total + action.omitted, atLeast: state.skipped.atLeast || action.atLeast } };
    case 'pause':
      return { ...state, paused: true };
    case 'resume':
      return { ...state, events: [...state.waiting, ...state.events].slice(0, LIVE_FEED_CAP), waiting: [], waitingCount: 0, paused: false };
    case 'clear':
      return { ...state, events: [], waiting: [], waitingCount: 0, skipped: EMPTY_LIVE_FEED.skipped };
  }
}
