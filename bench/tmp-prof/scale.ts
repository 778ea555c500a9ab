import { buildConfig, parseEnv } from '../../backend/src/core/config';
import { openDatabase } from '../../backend/src/db/client';
import { runMigrations } from '../../backend/src/db/migrate';
import { ingestEvents } from '../../backend/src/services/cdp/ingest/ingest-events';
import { tenants } from '../../backend/src/models';
import { realisticEvents } from '../realistic-events';

const database = await openDatabase({ databaseUrl: process.env.PGURL, poolSize: 4 });
await runMigrations(database);
if (process.env.EXP_SQL) await database.pglite!.exec(process.env.EXP_SQL);
const config = buildConfig(parseEnv({ NODE_ENV: 'production', LOG_LEVEL: 'silent', JWT_SECRET: 'b'.repeat(48), ENCRYPTION_MASTER_KEY: 'k'.repeat(48) }), { jwtSecret: '', encryptionMasterKey: '' });
const [tenant] = await database.db.insert(tenants).values({ name: 'B', slug: `b-${Date.now()}`, settings: { default_phone_region: 'AE', cdp: { ingest_events_per_minute: 1e9 } } }).returning();
const N = Number(process.env.N ?? 200000);
const events = realisticEvents(N);
const target = { tenantId: tenant!.id, sourceId: null };
let t = performance.now(); let c = process.cpuUsage();
for (let i = 0; i < N; i += 1000) {
  await ingestEvents(database.db, config, target, events.slice(i, i + 1000));
  if ((i + 1000) % 20000 === 0) {
    const cpu = process.cpuUsage(c);
    console.log(`${(i + 1000) / 1000}k: ${((performance.now() - t) / 20).toFixed(0)} ms/batch wall, ${((cpu.user + cpu.system) / 1000 / 20).toFixed(0)} ms cpu`);
    t = performance.now(); c = process.cpuUsage();
  }
}
const { maintainEmbeddedDatabase } = await import('../../backend/src/workers/jobs/maintain-embedded-database');
const state = {};
console.log('first', await maintainEmbeddedDatabase(database.pglite!, state));
await ingestEvents(database.db, config, target, realisticEvents(1000, 7));
console.log('second after 1000 more', await maintainEmbeddedDatabase(database.pglite!, state));
console.log('third, nothing new', await maintainEmbeddedDatabase(database.pglite!, state));
await database.close();
