/**
 * `npm run bench:insights`: the insight endpoints, and the console's lists and a profile read, over a tenant with
 * 10M events (PostgreSQL server).
 * The events, their hourly rollups (aggregated exactly as ingestion keeps them) and 1M profiles are generated in
 * SQL; each endpoint is then called through the real HTTP stack and timed (median of 5). The reference is a
 * plain count(*) over the same 10M events, measured in the same run.
 *
 *   BENCH_EVENTS (default 10,000,000)   BENCH_PROFILES (default 1,000,000)   DATABASE_URL (default local postgres)
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { buildConfig, parseEnv } from '../backend/src/core/config';
import { hashPassword } from '../backend/src/core/security';
import { openDatabase } from '../backend/src/db/client';
import { runMigrations } from '../backend/src/db/migrate';
import { buildApp } from '../backend/src/main';
import { tenants, users } from '../backend/src/models';
import { fmt, percentile } from './stats';

const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const PROFILES = Number(process.env.BENCH_PROFILES ?? 1_000_000);

const admin = postgres(serverUrl, { max: 1, onnotice: () => undefined });
const name = `stratum_bench_${randomBytes(4).toString('hex')}`;
await admin.unsafe(`create database ${name}`);
const url = new URL(serverUrl);
url.pathname = `/${name}`;
const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
await runMigrations(database);
const sql = postgres(url.toString(), { max: 1, onnotice: () => undefined });

const [tenant] = await database.db.insert(tenants).values({ name: 'Insights', slug: 'insights', settings: { currency: 'AED' } }).returning();
const tid = tenant!.id;
await database.db.insert(users).values({ tenantId: tid, email: 'bench@bench.example', fullName: 'Bench', role: 'admin', passwordHash: await hashPassword('bench-password-1') });

const appSource = 'a9000000-0000-4000-8000-000000000000';
const t0 = performance.now();
console.log(`generating ${fmt(PROFILES)} profiles and ${fmt(EVENTS)} events over 30 days…`);
await sql.unsafe(`
  insert into cdp_profiles (id, tenant_id, first_seen_at, last_seen_at, lifecycle_stage, total_events, total_sessions, total_purchases, identity_strength, profile_data)
  select gen_random_uuid(), '${tid}', now() - interval '30 days', now() - (g % 720) * interval '1 hour',
         (array['anonymous','known','customer','churned'])[1 + g % 4]::cdp_lifecycle_stage, 10, 2, g % 3, (array[10,80,80,10])[1 + g % 4],
         -- Traits as identify calls leave them, for the profile search (one person in 997 is a Nadia).
         jsonb_build_object('first_name', (array['Omar','Sara','Li','Ana','Raj','Mia','Yusuf'])[1 + g % 7] || (g % 997)::text,
                            'city', (array['Dubai','Cairo','Riyadh','Amman','Doha'])[1 + g % 5], 'plan', 'plan-' || (g % 4)::text)
           || case when g % 997 = 0 then '{"last_name": "Nadia"}'::jsonb else '{}'::jsonb end
  from generate_series(1, ${PROFILES}) g`);
await sql.unsafe(`
  insert into cdp_events (id, tenant_id, profile_id, origin_profile_id, source_id, event_name, event_time, received_at, properties, context, identifiers, emq_score)
  select gen_random_uuid(), '${tid}', '00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000001',
         -- One event in a hundred from a mobile app, all month long.
         case when g % 100 = 0 then '${appSource}'::uuid end,
         (array['Page Viewed','Product Viewed','Signed Up','Order Completed','Logged In','Added to Cart'])[1 + g % 6],
         now() - (g % 2592000) * interval '1 second', now(), jsonb_build_object('total', g % 500), '{}'::jsonb,
         '[{"type":"anonymous_id","hash":"x"}]'::jsonb, 20 + g % 80
  from generate_series(1, ${EVENTS}) g`);
// A server source that sent for two days, two weeks ago: the explorer filtered by it should not read the month.
const serverSource = '00000000-0000-4000-8000-00000000005e';
await sql.unsafe(`
  insert into cdp_events (id, tenant_id, profile_id, origin_profile_id, source_id, event_name, event_time, received_at, properties, context, identifiers, emq_score)
  select gen_random_uuid(), '${tid}', '00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000001', '${serverSource}',
         'Order Completed', now() - interval '14 days' - (g % 172800) * interval '1 second', now(), jsonb_build_object('total', g % 500),
         '{}'::jsonb, '[{"type":"external_id","hash":"x"}]'::jsonb, 60
  from generate_series(1, 2000) g`);
// The rollups exactly as ingestion maintains them (same bands, purchases and revenue rules); sessions stay 0, as
// these events belong to no real person.
await sql.unsafe(`
  insert into cdp_event_rollups_hourly (tenant_id, hour, event_name, source_id, events, emq_sum, emq_excellent, emq_good, emq_fair, emq_poor, purchases, revenue)
  select tenant_id, date_trunc('hour', event_time), event_name, coalesce(source_id, '00000000-0000-0000-0000-000000000000'), count(*), sum(emq_score),
         count(*) filter (where emq_score >= 80), count(*) filter (where emq_score between 60 and 79),
         count(*) filter (where emq_score between 40 and 59), count(*) filter (where emq_score < 40),
         count(*) filter (where event_name = 'Order Completed'),
         coalesce(sum((properties->>'total')::numeric) filter (where event_name = 'Order Completed'), 0)
  from cdp_events where tenant_id = '${tid}' group by 1, 2, 3, 4`);
await sql.unsafe('vacuum analyze');
console.log(`generated in ${fmt((performance.now() - t0) / 1000, 1)} s`);

const refStart = performance.now();
await sql.unsafe(`select count(*) from cdp_events where tenant_id = '${tid}'`);
const reference = performance.now() - refStart;

const config = buildConfig(parseEnv({ NODE_ENV: 'production', LOG_LEVEL: 'silent', JWT_SECRET: 'b'.repeat(48), ENCRYPTION_MASTER_KEY: 'k'.repeat(48) }), { jwtSecret: '', encryptionMasterKey: '' });
const app = await buildApp({ config, database });
const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'bench@bench.example', password: 'bench-password-1' } });
const headers = { authorization: `Bearer ${login.json().data.access_token}` };
const endpoints = [
  '/api/v1/cdp/events/statistics',
  '/api/v1/cdp/events/statistics?from=' + encodeURIComponent(new Date(Date.now() - 30 * 86_400_000).toISOString()),
  '/api/v1/cdp/events/trends?interval=day',
  '/api/v1/cdp/events/trends?interval=hour',
  '/api/v1/cdp/profiles/statistics',
  '/api/v1/cdp/emq',
  '/api/v1/cdp/data-health',
  '/api/v1/cdp/anomalies/events?hours=24',
  '/api/v1/cdp/anomalies/summary?hours=168',
  '/api/v1/cdp/roi/inputs',
  // What the console lists: the newest events and profiles, a page far in, and one profile.
  '/api/v1/cdp/events?page=1&page_size=50',
  '/api/v1/cdp/events?page=200&page_size=50',
  // Filters: a sixth of the events, and a name no event has (the whole tenant is read to say so).
  '/api/v1/cdp/events?event_name=Signed%20Up&page_size=50',
  '/api/v1/cdp/events?event_name=Refund%20Requested&page_size=50',
  // A source that sent 2,000 events over two days, two weeks ago, and one that sends a hundredth of them all month.
  `/api/v1/cdp/events?source_id=${serverSource}&page_size=50`,
  `/api/v1/cdp/events?source_id=${appSource}&page_size=50`,
  '/api/v1/cdp/profiles?page=1&page_size=20',
  // Search: a trait a fifth, a six-hundredth and a thousandth of the people have, and an email nobody has.
  '/api/v1/cdp/profiles?q=dubai&page_size=20',
  '/api/v1/cdp/profiles?q=sara12&page_size=20',
  '/api/v1/cdp/profiles?q=nadia&page_size=20',
  '/api/v1/cdp/profiles?q=nobody%40example.com&page_size=20',
  `/api/v1/cdp/profiles/${(await sql.unsafe(`select id from cdp_profiles where tenant_id = '${tid}' limit 1`))[0]!.id}`,
];
console.log(`\nPostgreSQL server, ${fmt(EVENTS)} events, ${fmt(PROFILES)} profiles (median of 5, through HTTP)`);
console.log(`  reference: count(*) over the tenant's events   ${fmt(reference)} ms`);
for (const endpoint of endpoints) {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    const res = await app.inject({ url: endpoint, headers });
    if (res.statusCode !== 200) throw new Error(`${endpoint}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    times.push(performance.now() - start);
  }
  console.log(`  ${endpoint.split('?')[0]!.replace('/api/v1/cdp/', '').replace(/[0-9a-f-]{36}$/, '{id}').padEnd(22)} ${(endpoint.includes('?') ? decodeURIComponent(endpoint.split('?')[1]!).slice(0, 34) : '').padEnd(36)} ${fmt(percentile(times, 50), 1).padStart(8)} ms`);
}
await app.close();
await database.close();
await sql.end();
await admin.unsafe(`drop database if exists ${name} with (force)`);
await admin.end();
