import type { EventEmitter } from 'node:events';
import type { Logger } from 'pino';

/** A repeat of the signal sooner than this is the same request: `tsx` relays the terminal's Ctrl-C a second time. */
const REPEAT_MS = 1000;

/**
 * Stops gracefully on SIGTERM or SIGINT (requests finished, imports and the queue paused, the database closed),
 * then exits. The listener stays for the whole shutdown: with none left, a relayed second signal ended the process
 * in the middle of it (an import then stayed "running" until its claim went stale). A later signal quits at once.
 */
export function exitOnShutdownSignal(
  log: Pick<Logger, 'info' | 'warn'>,
  stop: () => Promise<unknown>,
  proc: EventEmitter & { exit(code: number): void } = process,
): void {
  let since = 0;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    proc.on(signal, () => {
      if (since) {
        if (Date.now() - since > REPEAT_MS) {
          log.warn({ signal }, 'stopping now, without finishing the shutdown');
          proc.exit(1);
        }
        return;
      }
      since = Date.now();
      log.info({ signal }, 'shutting down');
      void stop().then(() => proc.exit(0));
    });
  }
}
