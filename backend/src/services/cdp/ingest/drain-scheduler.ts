import type { Logger } from 'pino';
import type { AppConfig } from '../../../core/config';
import type { Db } from '../../../db/client';
import { commitChunk, DRAIN_CHUNK, readChunk, tenantsWithQueuedEvents, type PreparedChunk } from './raw-event-queue';

/**
 * Runs the queue drain for tenants: at once when this process enqueued something (freshness), and on a poll for
 * whatever other processes or a crash left behind. At most one drain loop per tenant per process; across
 * processes the tenant lock keeps them in order.
 */
export class DrainScheduler {
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private poller: NodeJS.Timeout | null = null;
  private stopped = false;

  private readonly log?: Pick<Logger, 'error'>;
  private readonly drainHere: boolean;
  private readonly chunkMessages: number;

  constructor(
    private readonly db: Db,
    private readonly config: AppConfig,
    options: {
      log?: Pick<Logger, 'error'>;
      /** False when separate worker processes do all the draining (they poll); this process then only queues. */
      drainHere?: boolean;
      /** Messages per transaction (see DRAIN_CHUNK and EMBEDDED_DRAIN_CHUNK). */
      chunkMessages?: number;
    } = {},
  ) {
    this.log = options.log;
    this.drainHere = options.drainHere ?? true;
    this.chunkMessages = options.chunkMessages ?? DRAIN_CHUNK;
  }

  kick(tenantId: string): void {
    if (this.stopped || !this.drainHere) return;
    if (this.running.has(tenantId)) {
      this.again.add(tenantId);
      return;
    }
    const loop = this.loop(tenantId).finally(() => this.running.delete(tenantId));
    this.running.set(tenantId, loop);
  }

  private async loop(tenantId: string): Promise<void> {
    do {
      this.again.delete(tenantId);
      try {
        await this.drainAll(tenantId);
      } catch (err) {
        // The rows stay queued; the next kick or poll retries them.
        this.log?.error({ err, tenant_id: tenantId }, 'draining queued events failed');
        return;
      }
    } while (this.again.has(tenantId) && !this.stopped);
  }

  /**
   * Reads and prepares the next chunk (rows after the current one) while the current one is being written, so
   * the CPU work of validation and hashing overlaps the database work done under the tenant lock.
   */
  private async drainAll(tenantId: string): Promise<void> {
    let next: Promise<PreparedChunk> = readChunk(this.db, this.config, tenantId, null, this.chunkMessages);
    while (!this.stopped) {
      const current = await next;
      if (current.rows.length === 0) return;
      next = readChunk(this.db, this.config, tenantId, current.lastId, this.chunkMessages);
      // If the prefetch fails, the loop ends; the rows stay queued for the next kick or poll.
      next.catch(() => undefined);
      await commitChunk(this.db, this.config, current);
    }
  }

  startPolling(intervalMs: number): void {
    this.poller = setInterval(() => {
      tenantsWithQueuedEvents(this.db)
        .then((tenants) => tenants.forEach((t) => this.kick(t)))
        .catch((err: unknown) => this.log?.error({ err }, 'polling the event queue failed'));
    }, intervalMs);
    this.poller.unref();
  }

  /** Resolves when no drain is running in this process (tests and shutdown). */
  async whenIdle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }

  /** Stops taking work and lets the chunks in flight commit; queued rows wait for the next process. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poller) clearInterval(this.poller);
    await this.whenIdle();
  }
}
