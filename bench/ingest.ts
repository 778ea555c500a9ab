/**
 * `npm run bench:ingest`: identity-resolved ingestion over real HTTP (POST /api/v1/cdp/events, 1000-event
 * batches) against the same run's raw COPY of the same rows, on the PostgreSQL server and on PGlite.
 *
 *   BENCH_DB=postgres|pglite|both (default both)   BENCH_EVENTS (default 60000 server, 20000 PGlite)
 *   BENCH_CONCURRENCY batches in flight (default 3)  DATABASE_URL server to use (default local postgres)
 *   BENCH_TENANTS tenants sending at once (default 1: the target's measure; more shows what the identity lock costs)
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';
import { buildConfig, parseEnv } from '../backend/src/core/config';
import { hashPassword } from '../backend/src/core/security';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows, type DatabaseHandle } from '../backend/src/db/client';
import { runMigrations } from '../backend/src/db/migrate';
import { buildApp } from '../backend/src/main';
import { tenants, users } from '../backend/src/models';
import { settleMerges } from '../backend/src/workers/jobs/settle-merges';
import { REFERENCE_RUNS, copyRatePglite, copyRateServer } from './copy-reference';
import { realisticEvents } from './realistic-events';
import { fmt, percentile } from './stats';
import { sendFromWorker } from './load-worker';
import { cpuMeter, describeCpuUse } from './cpu-use';

const BATCH = 1000;
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const kinds = (process.env.BENCH_DB ?? 'both') === 'both' ? ['postgres', 'pglite'] : [process.env.BENCH_DB!];
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 3);
const tenantCount = Math.max(1, Number(process.env.BENCH_TENANTS ?? 1));
const serverIsLocal = ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(serverUrl).hostname);

async function scratchServerDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => undefined });
  const name = `stratum_bench_${randomBytes(4).toString('hex')}`;
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** A tenant with no quota to speak of and an admin signed in; returns the admin's token. */
async function benchTenant(database: DatabaseHandle, base: string, index: number): Promise<string> {
  const email = `bench${index}@bench.example`;
  const [tenant] = await database.db
    .insert(tenants)
    .values({ name: `Bench ${index}`, slug: `bench-${Date.now()}-${index}`, settings: { default_phone_region: 'AE', cdp: { ingest_events_per_minute: 1e9 } } })
    .returning();
  await database.db.insert(users).values({ tenantId: tenant!.id, email, fullName: 'Bench', role: 'admin', passwordHash: await hashPassword('bench-password-1') });
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'bench-password-1' }),
  });
  return ((await login.json()) as { data: { access_token: string } }).data.access_token;
}

async function run(kind: string) {
  const total = Number(process.env.BENCH_EVENTS ?? (kind === 'postgres' ? 60_000 : 20_000));
  const scratch = kind === 'postgres' ? await scratchServerDatabase() : null;
  const database: DatabaseHandle = await openDatabase({ databaseUrl: scratch?.url, poolSize: 10 });
  await runMigrations(database);
  const config = buildConfig(parseEnv({ NODE_ENV: 'production', LOG_LEVEL: 'silent', JWT_SECRET: 'b'.repeat(48), ENCRYPTION_MASTER_KEY: 'k'.repeat(48) }), {
    jwtSecret: '',
    encryptionMasterKey: '',
  });
  const app = await buildApp({ config, database });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  // Each tenant sends its own people (another seed); the batches in flight are shared out among the tenants.
  const senders = [];
  const events = [];
  let bodyCount = 0;
  for (let t = 0; t < tenantCount; t++) {
    const token = await benchTenant(database, base, t);
    const own = realisticEvents(Math.floor(total / tenantCount), 42 + t);
    events.push(...own);
    const bodies: string[] = [];
    for (let i = 0; i < own.length; i += BATCH) bodies.push(JSON.stringify({ events: own.slice(i, i + BATCH) }));
    bodyCount += bodies.length;
    senders.push({ token, bodies });
  }

  // The load generators run on their own threads, so the server's event loop does only the server's work.
  const meter = cpuMeter();
  const sent = await Promise.all(
    senders.map(({ token, bodies }) =>
      sendFromWorker({ url: `${base}/api/v1/cdp/events`, headers: { authorization: `Bearer ${token}` }, bodies, concurrency: Math.ceil(concurrency / tenantCount) }),
    ),
  );
  const cpu = meter();
  const latencies = sent.flatMap((s) => s.latencies);
  const accepted = sent.reduce((sum, s) => sum + s.accepted, 0);
  const seconds = Math.max(...sent.map((s) => s.seconds));
  const resolvedRate = accepted / seconds;
  await app.close();
  // What the merges by events leave to the background job (settleMerges, every minute), timed apart from the run.
  const settleStarted = performance.now();
  const settled = await settleMerges(database.db);
  const settleSeconds = (performance.now() - settleStarted) / 1000;

  const copyRate = kind === 'postgres' ? await copyRateServer(scratch!.url, events) : await copyRatePglite(database.pglite!, events);
  const [profiles] = await queryRows<{ live: number; merges: number }>(
    database.db,
    sql`select (select count(*) from cdp_profiles where merged_into_id is null)::int as live,
               (select count(*) from cdp_profile_merges)::int as merges`,
  );
  await database.close();
  await scratch?.drop();

  console.log(`\n${kind === 'postgres' ? 'PostgreSQL server' : 'PGlite (embedded)'}: ${fmt(events.length)} events, ${bodyCount} batches of ${BATCH}, ${concurrency} in flight${tenantCount > 1 ? `, ${tenantCount} tenants` : ''}`);
  console.log(`  resolved ingest      ${fmt(resolvedRate)} events/s  (${fmt(accepted)} accepted in ${fmt(seconds, 2)} s)`);
  console.log(`  batch latency        p50 ${fmt(percentile(latencies, 50))} ms   p99 ${fmt(percentile(latencies, 99))} ms`);
  console.log(`  CPU while sending    ${describeCpuUse(kind === 'postgres' && serverIsLocal ? cpu : { ...cpu, postgres: null }, kind === 'pglite')}`);
  console.log(`  raw COPY, same rows  ${fmt(copyRate)} rows/s  (median of ${REFERENCE_RUNS} loads)`);
  console.log(`  ratio                ${fmt(resolvedRate / copyRate, 3)}  (target ≥ 0.10)`);
  console.log(`  result               ${fmt(profiles?.live ?? 0)} live profiles, ${fmt(profiles?.merges ?? 0)} merges`);
  console.log(`  merges settled after ${fmt(settled)} in ${fmt(settleSeconds, 2)} s  (${fmt((100 * settleSeconds) / seconds, 1)}% of the sending time, as a background job)`);
}

for (const kind of kinds) await run(kind);
