import {
  type CollectionState,
  type ConsentDecision,
  categoryPreferences,
  collectionState,
  mergeConsent,
  readConsent,
  writeConsent,
} from './consent';
import { messageContext, pageContext } from './context';
import { Delivery } from './delivery';
import { Identity } from './identity';
import { MAX_MESSAGE_BYTES, MessageQueue, byteLength } from './queue';
import type { ConsentPreferences, LoadOptions, Message, Properties, Traits } from './types';
import { readSourceSettings } from './source-settings';
import { uuid } from './uuid';

export type { ConsentPreferences, LoadOptions, Message, Properties, Traits } from './types';

/** The methods the snippet stub records as `[name, args]` before the SDK arrives. */
export const STUB_METHODS = ['load', 'track', 'identify', 'page', 'group', 'alias', 'reset', 'consent', 'flush'] as const;
type StubMethod = (typeof STUB_METHODS)[number];
/** `[method, args, at]`: `at` (ms since the epoch) is when the page made the call; older snippets leave it out. */
export type StubCall = [StubMethod, unknown[], number?];

/** While a recorded call is replayed, the time it was made: its message is stamped with it, not with the replay's. */
let replayedCallAt: number | null = null;

const DEFAULTS = { flushAt: 20, flushInterval: 5000, maxQueue: 500 };
// The server refuses a whole batch for one invalid message, so what it would refuse is caught here, call by call.
const MAX_EVENT_LENGTH = 255;
const MAX_ID_LENGTH = 512;

interface Loaded {
  identity: Identity;
  queue: MessageQueue;
  delivery: Delivery;
  /** Null until the source's settings say whether the tenant requires consent (true at once with the option). */
  requireConsent: boolean | null;
  preferences: ConsentDecision | null;
  state: CollectionState;
}

type MessageFields = Omit<Message, 'messageId' | 'timestamp' | 'anonymousId' | 'context'>;

/** A user, group or previous id as the server accepts it (a non-empty string or a number), else null. */
function idOf(value: unknown): string | null {
  const id = typeof value === 'number' ? String(value) : value;
  return typeof id === 'string' && id.trim() !== '' && id.length <= MAX_ID_LENGTH ? id : null;
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && value > 0 ? value : fallback;
}

/** Replays calls recorded before load (by the snippet stub or by this class) in their original order. */
export function replay(target: Stratum, calls: readonly unknown[]): void {
  for (const call of calls) {
    if (!Array.isArray(call) || !STUB_METHODS.includes(call[0] as StubMethod)) continue;
    const method = target[call[0] as StubMethod] as (...args: unknown[]) => unknown;
    replayedCallAt = typeof call[2] === 'number' && Number.isFinite(call[2]) ? call[2] : null;
    try {
      method.apply(target, Array.isArray(call[1]) ? (call[1] as unknown[]) : []);
    } finally {
      replayedCallAt = null;
    }
  }
}

/**
 * The browser SDK: Segment-spec calls become messages with an automatic context, wait in an offline queue and go to
 * `{host}/v1/batch`. Calls made before load() are kept and replayed by it.
 */
export class Stratum {
  private deferred: StubCall[] = [];
  private loaded: Loaded | null = null;
  private settingsRead: Promise<void> = Promise.resolve();

  /** @param defaultHost where the API is when load() names no host: by default the origin the script came from. */
  constructor(private readonly defaultHost: string = location.origin) {}

  load(writeKey: string, options: LoadOptions = {}): void {
    if (this.loaded) return console.warn('[stratum] load() was already called; ignoring the second call');
    if (typeof writeKey !== 'string' || writeKey === '') return console.warn('[stratum] load() needs a write key');

    const requireConsent = options.requireConsent === true ? true : null;
    const preferences = readConsent();
    const state = collectionState(preferences, requireConsent);
    const granted = state === 'granted';
    const host = (options.host ?? this.defaultHost).replace(/\/+$/, '');
    const queue = new MessageQueue(positive(options.maxQueue, DEFAULTS.maxQueue), granted);
    const delivery = new Delivery(
      {
        host,
        writeKey,
        flushAt: positive(options.flushAt, DEFAULTS.flushAt),
        flushInterval: positive(options.flushInterval, DEFAULTS.flushInterval),
      },
      queue,
    );
    const loaded: Loaded = { identity: new Identity(options.cookieDomain, granted), queue, delivery, requireConsent, preferences, state };
    this.loaded = loaded;
    this.applyConsent(loaded, state);
    // The tenant may require consent (a setting of its own, whatever this page's options say): until its answer
    // arrives, messages wait in memory. A visitor's earlier decision settles it at once.
    if (state === 'unknown') {
      this.settingsRead = readSourceSettings(host, writeKey, (required) => {
        loaded.requireConsent = required;
        // A decision made meanwhile may have left analytics open for exactly this answer to settle.
        if (loaded.preferences) this.decide(loaded, {});
        else this.applyConsent(loaded, collectionState(null, required));
      });
    }

    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') delivery.sendBeacons();
    });
    addEventListener('pagehide', () => delivery.sendBeacons());

    const deferred = this.deferred;
    this.deferred = [];
    replay(this, deferred);
    // Messages a previous page left in storage.
    if (granted && queue.size > 0) delivery.queued();
  }

  track(event: string, properties?: Properties): void {
    if (!this.loaded) return this.defer('track', [event, properties]);
    if (typeof event !== 'string' || event.trim() === '' || event.length > MAX_EVENT_LENGTH) {
      return console.warn(`[stratum] track() needs an event name of 1 to ${MAX_EVENT_LENGTH} characters`);
    }
    this.record(this.loaded, { type: 'track', event, properties: { ...properties } });
  }

  /** identify(userId, traits), identify(traits) for the current user, or identify(null, traits). */
  identify(userId?: string | number | null | Traits, traits?: Traits): void {
    if (!this.loaded) return this.defer('identify', [userId, traits]);
    if (typeof userId === 'object' && userId !== null) return this.identify(null, userId);
    let id: string | null = null;
    if (userId !== undefined && userId !== null && userId !== '') {
      id = idOf(userId);
      if (id === null) return console.warn(`[stratum] identify() needs a user id of 1 to ${MAX_ID_LENGTH} characters`);
    }
    this.loaded.identity.identify(id, { ...traits });
    this.record(this.loaded, { type: 'identify', traits: { ...this.loaded.identity.traits } });
  }

  /** A page view; the page's path, url, title, referrer and search fill the properties the caller leaves out. */
  page(name?: string | Properties, properties?: Properties): void {
    if (!this.loaded) return this.defer('page', [name, properties]);
    const named = typeof name === 'string' && name !== '';
    if (named && name.length > MAX_EVENT_LENGTH) return console.warn(`[stratum] page() names are at most ${MAX_EVENT_LENGTH} characters`);
    const extra = typeof name === 'object' && name !== null ? name : properties;
    const fields: MessageFields = { type: 'page', properties: { ...pageContext(), ...(named ? { name } : {}), ...extra } };
    if (named) fields.name = name;
    this.record(this.loaded, fields);
  }

  group(groupId: string, traits?: Traits): void {
    if (!this.loaded) return this.defer('group', [groupId, traits]);
    const id = idOf(groupId);
    if (id === null) return console.warn('[stratum] group() needs a group id');
    this.record(this.loaded, { type: 'group', groupId: id, traits: { ...traits } });
  }

  /** Links `previousId` (by default the current userId, else the anonymous id) to `userId`, as Segment's alias does. */
  alias(userId: string, previousId?: string): void {
    if (!this.loaded) return this.defer('alias', [userId, previousId]);
    const { identity } = this.loaded;
    const to = idOf(userId);
    const from = previousId === undefined ? (identity.userId ?? identity.anonymousId) : idOf(previousId);
    if (to === null || from === null) return console.warn('[stratum] alias() needs a user id (and a valid previous id)');
    this.record(this.loaded, { type: 'alias', userId: to, previousId: from });
  }

  /** Forgets the user (userId, traits) and starts a new anonymous id, e.g. on sign-out. Consent stays: it is the browser's. */
  reset(): void {
    if (!this.loaded) return this.defer('reset', []);
    this.loaded.identity.reset();
  }

  /**
   * Records the visitor's decision. It is stored, attached to every following message as
   * `context.consent.categoryPreferences`, and decides collection: analytics refused stops it (and erases what was
   * stored), analytics granted starts it — messages held while consent was pending are sent then.
   */
  consent(preferences: Partial<ConsentPreferences>): void {
    if (!this.loaded) return this.defer('consent', [preferences]);
    if (typeof preferences !== 'object' || preferences === null) return console.warn('[stratum] consent() needs an object');
    this.decide(this.loaded, preferences);
  }

  /** Sends what is waiting now (unless the server asked us to wait with Retry-After, or consent is pending). */
  flush(): Promise<void> {
    if (!this.loaded) {
      this.defer('flush', []);
      return Promise.resolve();
    }
    return this.loaded.delivery.flush();
  }

  /** Resolves once the SDK knows whether it may collect (the source's settings are read, when they are needed). */
  ready(): Promise<void> {
    return this.settingsRead;
  }

  user(): { anonymousId: string | null; userId: string | null } {
    return { anonymousId: this.loaded?.identity.anonymousId ?? null, userId: this.loaded?.identity.userId ?? null };
  }

  private defer(method: StubMethod, args: unknown[]): void {
    this.deferred.push([method, args, Date.now()]);
  }

  private decide(loaded: Loaded, preferences: Partial<ConsentPreferences>): void {
    loaded.preferences = mergeConsent(preferences, loaded.preferences, loaded.requireConsent);
    writeConsent(loaded.preferences);
    this.applyConsent(loaded, collectionState(loaded.preferences, loaded.requireConsent));
  }

  private applyConsent(loaded: Loaded, state: CollectionState): void {
    const granted = state === 'granted';
    const waited = loaded.state !== 'granted' && granted;
    const decided = categoryPreferences(loaded.preferences);
    if (waited && decided) {
      // These messages waited for exactly this decision, so they carry it.
      for (const message of loaded.queue.messages()) {
        message.context.consent ??= { categoryPreferences: { ...decided } };
      }
    }
    const previous = loaded.state;
    loaded.state = state;
    if (state !== 'unknown') {
      loaded.identity.setPersistent(granted);
      loaded.queue.setPersistent(granted);
    }
    if (state === 'denied') loaded.queue.clear();
    loaded.delivery.paused = !granted;
    // Held for a decision: sent at once. Held only for the settings: batched as usual from now on.
    if (waited && previous === 'pending') void loaded.delivery.flush();
    else if (waited && loaded.queue.size > 0) loaded.delivery.queued();
  }

  private record(loaded: Loaded, fields: MessageFields): void {
    if (loaded.state === 'denied') return;
    const context = messageContext();
    // With analytics still open the message waits, and is stamped once the decision is settled.
    const decided = categoryPreferences(loaded.preferences);
    if (decided) context.consent = { categoryPreferences: decided };
    const message: Message = {
      messageId: uuid(),
      timestamp: new Date(replayedCallAt ?? Date.now()).toISOString(),
      anonymousId: loaded.identity.anonymousId,
      ...(loaded.identity.userId === null ? {} : { userId: loaded.identity.userId }),
      ...fields,
      context,
    };
    if (byteLength(message) > MAX_MESSAGE_BYTES) {
      return console.warn(`[stratum] ${message.type} message dropped: larger than ${MAX_MESSAGE_BYTES} bytes`);
    }
    loaded.queue.push(message);
    loaded.delivery.queued();
  }
}
