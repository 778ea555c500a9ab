import { createLogger } from '../../core/logging';
import { loadRuntimeConfig } from '../../core/runtime-config';
import { openDatabase } from '../../db/client';
import { runMigrations } from '../../db/migrate';
import { fillDemoData, resetDemoData } from './demo-data';
import { ensureFirstStart } from './first-start';

/** `npm run seed:demo`: re-create the demo tenant's data (same seed, so the same people and events). */
const config = { ...loadRuntimeConfig(), seedDemo: true };
const log = createLogger(config.logLevel);
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2, preparedStatements: config.preparedStatements });
await runMigrations(database);
const { demoTenantId } = await ensureFirstStart(database.db, config);
await resetDemoData(database.db, demoTenantId!);
const events = await fillDemoData(database.db, config, demoTenantId!);
log.info({ events }, 'demo data re-created');
await database.close();
