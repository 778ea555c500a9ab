/**
 * `npm run bench:import`: a 1,000,000-row CSV through POST /api/v1/cdp/imports (multipart, streamed) and the
 * background runner, on the PostgreSQL server. Prints upload time, rows/s and the process's peak memory (the
 * file is never held in memory). Reference: COPY of the same rows as plain text in the same run.
 *
 *   BENCH_ROWS (default 1,000,000)   DATABASE_URL (default local postgres)
 */
import { createReadStream, createWriteStream, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';
import { buildConfig, parseEnv } from '../backend/src/core/config';
import { hashPassword } from '../backend/src/core/security';
import { openDatabase } from '../backend/src/db/client';
import { runMigrations } from '../backend/src/db/migrate';
import { buildApp } from '../backend/src/main';
import { tenants, users } from '../backend/src/models';
import { fmt } from './stats';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dir = mkdtempSync(path.join(tmpdir(), 'stratum-import-'));
const file = path.join(dir, 'orders.csv');

await new Promise<void>((resolve, reject) => {
  const out = createWriteStream(file);
  out.on('error', reject);
  out.write('email,customer_id,event,timestamp,total,newsletter\n');
  let i = 0;
  const write = () => {
    let ok = true;
    while (i < ROWS && ok) {
      const person = i % 150_000;
      ok = out.write(`buyer${person}@import.example,C-${person},Order Completed,${new Date(Date.now() - (i % 2_000_000) * 1000).toISOString()},${(i % 900) + 10}.50,${i % 3 ? 'yes' : 'no'}\n`);
      i++;
    }
    if (i < ROWS) out.once('drain', write);
    else out.end(resolve);
  };
  write();
});
const bytes = statSync(file).size;

const admin = postgres(serverUrl, { max: 1, onnotice: () => undefined });
const name = `stratum_bench_${randomBytes(4).toString('hex')}`;
await admin.unsafe(`create database ${name}`);
const url = new URL(serverUrl);
url.pathname = `/${name}`;
const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 6 });
await runMigrations(database);
const [tenant] = await database.db.insert(tenants).values({ name: 'Import', slug: 'import', settings: { cdp: { ingest_events_per_minute: 1e9 } } }).returning();
await database.db.insert(users).values({ tenantId: tenant!.id, email: 'bench@bench.example', fullName: 'Bench', role: 'admin', passwordHash: await hashPassword('bench-password-1') });
const config = { ...buildConfig(parseEnv({ NODE_ENV: 'production', LOG_LEVEL: 'silent', JWT_SECRET: 'b'.repeat(48), ENCRYPTION_MASTER_KEY: 'k'.repeat(48) }), { jwtSecret: '', encryptionMasterKey: '' }), dataDir: dir };
const app = await buildApp({ config, database });
await app.listen({ host: '127.0.0.1', port: 0 });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'bench@bench.example', password: 'bench-password-1' } });
const token = login.json().data.access_token as string;

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
const form = new FormData();
form.set('kind', 'events');
form.set('mapping', JSON.stringify({ email: 'identifier.email', customer_id: 'identifier.external_id', event: 'event_name', timestamp: 'event_time', total: 'properties.total', newsletter: 'consent.email' }));
// A streamed file part: the request body is read from disk as it is sent.
const blob = await (await import('node:fs')).openAsBlob(file);
form.set('file', blob, 'orders.csv');
const uploadStart = performance.now();
const res = await fetch(`${base}/api/v1/cdp/imports`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
const created = (await res.json()) as { data: { id: string } };
const uploadSeconds = (performance.now() - uploadStart) / 1000;
const runStart = performance.now();
await app.importRunner.whenIdle();
const runSeconds = (performance.now() - runStart) / 1000;
clearInterval(sampler);
const job = (await app.inject({ url: `/api/v1/cdp/imports/${created.data.id}`, headers: { authorization: `Bearer ${token}` } })).json().data;
await app.close();

const sql = postgres(url.toString(), { max: 1, onnotice: () => undefined });
await sql.unsafe('create table bench_import_copy (email text, customer_id text, event text, ts text, total text, newsletter text)');
const copyStart = performance.now();
const stream = await sql`copy bench_import_copy from stdin with (format csv, header true)`.writable();
await new Promise<void>((resolve, reject) => createReadStream(file).pipe(stream).on('finish', resolve).on('error', reject));
const copyRate = ROWS / ((performance.now() - copyStart) / 1000);
await sql.end();
await database.close();
await admin.unsafe(`drop database if exists ${name} with (force)`);
await admin.end();

console.log(`\nPostgreSQL server: ${fmt(ROWS)}-row CSV (${fmt(bytes / 1024 ** 2, 1)} MB) through /api/v1/cdp/imports`);
console.log(`  upload (into the database) ${fmt(uploadSeconds, 1)} s`);
console.log(`  import (identity pipeline)  ${fmt(job.rows_ok)} ok, ${fmt(job.rows_failed)} failed in ${fmt(runSeconds, 1)} s = ${fmt(ROWS / runSeconds)} rows/s`);
console.log(`  peak process memory          ${fmt(peakRss / 1024 ** 2)} MB`);
console.log(`  raw COPY, same file          ${fmt(copyRate)} rows/s (ratio ${fmt(ROWS / runSeconds / copyRate, 3)})`);
