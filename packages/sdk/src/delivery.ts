import { MAX_BATCH_BYTES, type MessageQueue, takeWithin } from './queue';
import { beaconBatch, postBatch } from './transport';

// Exponential backoff with jitter, so thousands of browsers do not come back in step after an outage.
const BACKOFF_BASE_MS = 1000;
const BACKOFF_MAX_MS = 60_000;
// sendBeacon and keepalive fetch share a budget of about 64 KB of bodies in flight per page.
const BEACON_MAX_BYTES = 60_000;

export interface DeliveryOptions {
  host: string;
  writeKey: string;
  flushAt: number;
  flushInterval: number;
}

export function backoffDelay(attempt: number, random = Math.random()): number {
  const ceiling = Math.min(BACKOFF_BASE_MS * 2 ** attempt, BACKOFF_MAX_MS);
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

/**
 * Moves messages from the queue to the server: one request at a time, when `flushAt` messages wait, `flushInterval`
 * after the first one, on flush(), and by beacon when the page is hidden or left. Messages leave the queue only once
 * the server (or the browser's beacon) has taken them; retryable failures back off and keep them.
 */
export class Delivery {
  /** True while consent is pending: messages wait, nothing is sent. */
  paused = false;
  private inFlight: Promise<void> | null = null;
  private intervalTimer: ReturnType<typeof setTimeout> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private warned = false;

  constructor(
    private readonly options: DeliveryOptions,
    private readonly queue: MessageQueue,
  ) {}

  /** Call after a message joined the queue. */
  queued(): void {
    if (this.paused) return;
    if (this.queue.size >= this.options.flushAt) void this.flush();
    else
      this.intervalTimer ??= setTimeout(() => {
        // Forgotten as it fires: a flush that finds a batch in flight does nothing, and that batch's end must be
        // able to set the next timer for what is still waiting.
        this.intervalTimer = null;
        void this.flush();
      }, this.options.flushInterval);
  }

  /** Sends everything waiting, batch after batch; resolves when the queue is empty or a retry is scheduled. */
  flush(): Promise<void> {
    this.inFlight ??= this.drain().finally(() => {
      this.inFlight = null;
      // A message queued between the last batch and this line would otherwise wait for the next trigger.
      if (!this.paused && !this.retryTimer && this.queue.size > 0) this.queued();
    });
    return this.inFlight;
  }

  /** Last chance before the page may be frozen or unloaded: hand every waiting message to sendBeacon. */
  sendBeacons(): void {
    // Honour a Retry-After even now: the queue is in localStorage and goes out on the next page.
    if (this.paused || this.retryTimer) return;
    let rest = this.queue.messages();
    while (rest.length > 0) {
      const chunk = takeWithin(rest, BEACON_MAX_BYTES);
      rest = rest.slice(chunk.length);
      if (!beaconBatch(this.options.host, this.options.writeKey, chunk, () => this.queue.remove(chunk))) return;
    }
  }

  private async drain(): Promise<void> {
    this.clearIntervalTimer();
    while (!this.paused && !this.retryTimer && this.queue.size > 0) {
      const batch = takeWithin(this.queue.messages(), MAX_BATCH_BYTES);
      const outcome = await postBatch(this.options.host, this.options.writeKey, batch);
      switch (outcome.kind) {
        case 'sent':
          this.attempt = 0;
          this.queue.remove(batch);
          break;
        case 'rejected':
          this.attempt = 0;
          this.queue.remove(batch);
          this.warnOnce(`[stratum] ${batch.length} message(s) refused by the server (HTTP ${outcome.status})${outcome.reason ? `: ${outcome.reason}` : ''}`);
          break;
        case 'retry': {
          const delay = outcome.retryAfterMs ?? backoffDelay(this.attempt);
          this.attempt += 1;
          this.retryTimer = setTimeout(() => {
            this.retryTimer = null;
            void this.flush();
          }, delay);
          return;
        }
      }
    }
  }

  private clearIntervalTimer(): void {
    if (this.intervalTimer) clearTimeout(this.intervalTimer);
    this.intervalTimer = null;
  }

  private warnOnce(message: string): void {
    if (this.warned) return;
    this.warned = true;
    console.warn(message);
  }
}
