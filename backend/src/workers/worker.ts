import { createLogger } from '../core/logging';
import { exitOnShutdownSignal } from '../core/shutdown';
import { loadRuntimeConfig } from '../core/runtime-config';
import { openDatabase } from '../db/client';
import { runMigrations } from '../db/migrate';
import { startJobs } from './boss';
import { DrainScheduler } from '../services/cdp/ingest/drain-scheduler';
import { ImportRunner } from '../services/cdp/imports/run-import';

/**
 * `npm run worker`: a separate job process for the PostgreSQL server. The embedded database belongs to the one
 * `npm start` process, which runs its jobs itself.
 */
const config = loadRuntimeConfig();
const log = createLogger(config.logLevel);
if (!config.databaseUrl) {
  log.fatal('npm run worker needs DATABASE_URL; on the embedded database `npm start` runs the jobs in-process');
  process.exit(1);
}
const database = await openDatabase({ databaseUrl: config.databaseUrl, poolSize: config.poolSize, preparedStatements: config.preparedStatements });
await runMigrations(database);
const jobs = await startJobs(database, log);
// Collection queue: whatever the API processes acknowledged but have not drained yet.
const queue = new DrainScheduler(database.db, config, { log });
queue.startPolling(500);
const imports = new ImportRunner(database.db, config, log);
imports.startPolling(2000);
log.info('worker started');

exitOnShutdownSignal(log, async () => {
  await Promise.all([queue.stop(), imports.stop()]);
  await jobs.stop();
  await database.close();
});
