import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { DatabaseHandle } from '../db/client';
import { MARK_CHURNED_CRON, MARK_CHURNED_QUEUE, markChurnedProfiles } from './jobs/mark-churned-profiles';
import { PURGE_CRON, PURGE_QUEUE, purgeExpiredRows } from './jobs/purge-expired';
import { RETENTION_CRON, RETENTION_QUEUE, applyRetention } from './jobs/apply-retention';
import { SETTLE_MERGES_CRON, SETTLE_MERGES_QUEUE, settleMerges } from './jobs/settle-merges';
import { EMBEDDED_MAINTENANCE_CRON, EMBEDDED_MAINTENANCE_QUEUE, maintainEmbeddedDatabase } from './jobs/maintain-embedded-database';

/**
 * pg-boss on either database. On a server it opens its own small pool; on PGlite it shares the one embedded
 * connection through pg-boss's `db` adapter (PGlite runs a multi-statement script only through `exec`).
 */
export function createBoss(handle: DatabaseHandle): PgBoss {
  if (handle.kind === 'postgres' && handle.url) {
    return new PgBoss({ connectionString: handle.url, max: 3, schema: 'pgboss' });
  }
  const pglite = handle.pglite;
  if (!pglite) throw new Error('embedded database handle without a client');
  return new PgBoss({
    schema: 'pgboss',
    db: {
      async executeSql(text: string, values: unknown[]) {
        if (values && values.length > 0) return { rows: (await pglite.query(text, values)).rows };
        const results = await pglite.exec(text);
        return { rows: results.at(-1)?.rows ?? [] };
      },
    },
  });
}

export interface JobRunner {
  boss: PgBoss;
  /** Drains: stops taking jobs, waits for the ones in flight, then closes. Queued jobs stay for the next worker. */
  stop(): Promise<void>;
}

/** Starts pg-boss, creates the queues, schedules the recurring jobs and (unless `work` is false) works them. */
export async function startJobs(
  handle: DatabaseHandle,
  log: Logger,
  options: { work: boolean } = { work: true },
): Promise<JobRunner> {
  const boss = createBoss(handle);
  boss.on('error', (err) => log.error({ err }, 'job queue error'));
  await boss.start();
  const recurring: { queue: string; cron: string; run: () => Promise<object> }[] = [
    { queue: PURGE_QUEUE, cron: PURGE_CRON, run: async () => ({ purged: await purgeExpiredRows(handle.db) }) },
    { queue: MARK_CHURNED_QUEUE, cron: MARK_CHURNED_CRON, run: async () => ({ churned: await markChurnedProfiles(handle.db) }) },
    { queue: RETENTION_QUEUE, cron: RETENTION_CRON, run: async () => ({ removed: await applyRetention(handle.db) }) },
    { queue: SETTLE_MERGES_QUEUE, cron: SETTLE_MERGES_CRON, run: async () => ({ settled: await settleMerges(handle.db) }) },
  ];
  const pglite = handle.pglite;
  if (pglite) {
    const state = {};
    recurring.push({ queue: EMBEDDED_MAINTENANCE_QUEUE, cron: EMBEDDED_MAINTENANCE_CRON, run: () => maintainEmbeddedDatabase(pglite, state) });
  }
  for (const job of recurring) {
    await boss.createQueue(job.queue);
    await boss.schedule(job.queue, job.cron);
    if (options.work) {
      await boss.work(job.queue, async () => {
        const result = await job.run();
        // The minutely ones would fill the log with runs that found nothing to do.
        if (Object.values(result).some(Boolean)) log.info({ job: job.queue, ...result }, 'recurring job done');
      });
    }
  }
  return {
    boss,
    stop: () => boss.stop({ graceful: true, wait: true, timeout: 30_000 }),
  };
}
