import { createLogger } from './core/logging';
import { exitOnShutdownSignal } from './core/shutdown';
import { loadRuntimeConfig } from './core/runtime-config';
import { openDatabase } from './db/client';
import { runMigrations } from './db/migrate';
import { buildApp } from './main';
import { ensureDemoData } from './services/bootstrap/demo-data';
import { ensureFirstStart } from './services/bootstrap/first-start';
import { removeAbandonedUploads } from './services/cdp/imports/abandoned-uploads';
import { startJobs, type JobRunner } from './workers/boss';

/** `npm start`: migrate, bootstrap, serve the API and the console, and (on the embedded database) run jobs. */
const config = loadRuntimeConfig();
const log = createLogger(config.logLevel);
const database = await openDatabase({
  databaseUrl: config.databaseUrl,
  dataDir: config.dataDir,
  poolSize: config.poolSize,
  preparedStatements: config.preparedStatements,
}).catch((err: Error) => {
  // Unreachable server, or the embedded database's folder held by another process: the reason, then stop.
  log.fatal({ err }, `could not open the database: ${err.message}`);
  process.exit(1);
});
await runMigrations(database);

const firstStart = await ensureFirstStart(database.db, config);
if (firstStart.generated.length > 0) {
  // Printed once, on the terminal only: never through the logger, whose lines may be shipped elsewhere.
  const lines = firstStart.generated.map((c) => `  ${c.role}: ${c.email} / ${c.password}`);
  process.stdout.write(`\nGenerated sign-in credentials (shown only this once):\n${lines.join('\n')}\n\n`);
}

if (firstStart.demoTenantId) {
  const seeded = await ensureDemoData(database.db, config, firstStart.demoTenantId, {
    onFill: () => log.info('filling the demo tenant (about half a minute, once); the server listens after'),
  });
  if (seeded > 0) log.info({ events: seeded }, 'demo tenant filled through the ingestion pipeline');
}

const abandoned = await removeAbandonedUploads(database.db, config.dataDir);
if (abandoned > 0) log.info({ files: abandoned }, 'removed uploads left behind by a process that stopped while receiving them');

const app = await buildApp({ config, database, logger: log, queuePollMs: 1000 });
const jobs: JobRunner | null = config.jobsInProcess ? await startJobs(database, log) : null;
try {
  await app.listen({ host: config.host, port: config.port });
} catch (err) {
  // Another server on the port: say so, and close the database properly rather than leave it to a crash.
  const inUse = (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
  log.fatal(inUse ? `port ${config.port} is in use: stop what listens there, or set PORT` : { err }, 'could not listen');
  await app.close();
  await jobs?.stop();
  await database.close();
  process.exit(1);
}
log.info(
  { port: config.port, database: database.kind, jobs: jobs ? 'in-process' : 'external worker' },
  `Stratum CDP on http://localhost:${config.port} (API /api/v1, docs /api/docs)`,
);

// Stop taking requests first, then let in-flight jobs finish, then close the database.
exitOnShutdownSignal(log, async () => {
  await app.close();
  await jobs?.stop();
  await database.close();
});
