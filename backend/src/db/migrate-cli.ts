import { loadRuntimeConfig } from '../core/runtime-config';
import { openDatabase } from './client';
import { runMigrations } from './migrate';

const config = loadRuntimeConfig();
const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 1, preparedStatements: config.preparedStatements });
await runMigrations(handle);
await handle.close();
console.log(`Migrations applied to the ${handle.kind === 'pglite' ? 'embedded' : 'server'} database.`);
