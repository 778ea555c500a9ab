import { PGlite } from '@electric-sql/pglite';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cdpProfiles, refreshTokens } from '../../src/models';
import { ingestEvents } from '../../src/services/cdp/ingest/ingest-events';
import { startJobs, type JobRunner } from '../../src/workers/boss';
import { EMBEDDED_MAINTENANCE_QUEUE, maintainEmbeddedDatabase } from '../../src/workers/jobs/maintain-embedded-database';
import { PURGE_CRON, PURGE_QUEUE } from '../../src/workers/jobs/purge-expired';
import { SETTLE_MERGES_CRON, SETTLE_MERGES_QUEUE } from '../../src/workers/jobs/settle-merges';
import { testConfig } from '../support/test-app';
import { databaseForFile } from '../support/test-db';
import { makeTenant, makeUser } from '../support/factories';

const db = databaseForFile();
let jobs: JobRunner;
beforeAll(async () => {
  jobs = await startJobs(db, pino({ level: 'silent' }));
});
afterAll(() => jobs.stop());

async function eventually(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('condition not met in time');
}

describe('background jobs (pg-boss)', () => {
  it('schedules the refresh-token purge', async () => {
    const schedules = await jobs.boss.getSchedules();
    expect(schedules).toEqual(expect.arrayContaining([expect.objectContaining({ name: PURGE_QUEUE, cron: PURGE_CRON })]));
  });

  it('maintains the embedded database itself, and leaves a server to its autovacuum', async () => {
    const names = (await jobs.boss.getSchedules()).map((s) => s.name);
    if (db.kind === 'pglite') expect(names).toContain(EMBEDDED_MAINTENANCE_QUEUE);
    else expect(names).not.toContain(EMBEDDED_MAINTENANCE_QUEUE);
  });

  it('vacuums and analyses the embedded database when something was written since, and only then', async () => {
    const pglite = new PGlite();
    try {
      await pglite.exec('create table t (id int primary key, v int); insert into t select g, g from generate_series(1, 1000) g; delete from t where id <= 400');
      const state = {};
      expect((await maintainEmbeddedDatabase(pglite, state)).ran).toBe(true);
      const [stats] = (await pglite.query<{ last_vacuum: Date | null; last_analyze: Date | null; reltuples: number }>(
        `select s.last_vacuum, s.last_analyze, c.reltuples from pg_stat_user_tables s join pg_class c on c.oid = s.relid where s.relname = 't'`,
      )).rows;
      expect(stats).toMatchObject({ last_vacuum: expect.any(Date), last_analyze: expect.any(Date), reltuples: 600 });
      expect((await maintainEmbeddedDatabase(pglite, state)).ran).toBe(false);
      await pglite.exec('insert into t values (5000, 1)');
      expect((await maintainEmbeddedDatabase(pglite, state)).ran).toBe(true);
    } finally {
      await pglite.close();
    }
  });

  it('settles merges by events every minute: sessions that ran into one another across the sides count once', async () => {
    expect(await jobs.boss.getSchedules()).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: SETTLE_MERGES_QUEUE, cron: SETTLE_MERGES_CRON })]),
    );
    const tenant = await makeTenant(db.db);
    const at = (minutes: number) => new Date(Date.now() - 3_600_000 + minutes * 60_000).toISOString();
    const person = (identifiers: { type: string; value: string }[], minutes: number) =>
      ingestEvents(db.db, testConfig(), { tenantId: tenant.id, sourceId: null }, [{ event_name: 'Page Viewed', event_time: at(minutes), identifiers, properties: {} }]);
    await person([{ type: 'email', value: 'job@settle.test' }], 0);
    await person([{ type: 'device_id', value: 'job-device' }], 5);
    const { results } = await person([{ type: 'email', value: 'job@settle.test' }, { type: 'device_id', value: 'job-device' }], 10);
    const sessions = async () => (await db.db.select().from(cdpProfiles).where(eq(cdpProfiles.id, results[0]!.profile_id!)))[0]!.totalSessions;
    expect(await sessions()).toBe(2);
    await jobs.boss.send(SETTLE_MERGES_QUEUE, {});
    await eventually(async () => (await sessions()) === 1);
  });

  it('runs the purge job: expired tokens go, live ones stay', async () => {
    const tenant = await makeTenant(db.db);
    const user = await makeUser(db.db, { tenantId: tenant.id });
    const familyId = crypto.randomUUID();
    const [expired, live] = await db.db
      .insert(refreshTokens)
      .values([
        { userId: user.id, familyId, tokenHash: 'a'.repeat(64), expiresAt: new Date(Date.now() - 1000) },
        { userId: user.id, familyId, tokenHash: 'b'.repeat(64), expiresAt: new Date(Date.now() + 86_400_000) },
      ])
      .returning();
    await jobs.boss.send(PURGE_QUEUE, {});
    await eventually(async () => (await db.db.select().from(refreshTokens).where(eq(refreshTokens.id, expired!.id))).length === 0);
    expect(await db.db.select().from(refreshTokens).where(eq(refreshTokens.id, live!.id))).toHaveLength(1);
  });

  it('drains in-flight work on stop, and a job queued while no worker runs is done by the next one', async () => {
    const log = pino({ level: 'silent' });
    // In flight: a slow job must finish before stop() resolves.
    await jobs.boss.createQueue('test.slow');
    let finished = false;
    await jobs.boss.work('test.slow', async () => {
      await new Promise((r) => setTimeout(r, 1500));
      finished = true;
    });
    const slowId = await jobs.boss.send('test.slow', {});
    await eventually(async () => (await jobs.boss.getJobById('test.slow', slowId!))?.state === 'active');
    await jobs.stop();
    expect(finished).toBe(true);

    // Queued with nobody working: it waits in the database.
    const tenant = await makeTenant(db.db);
    const user = await makeUser(db.db, { tenantId: tenant.id });
    const [expired] = await db.db
      .insert(refreshTokens)
      .values({ userId: user.id, familyId: crypto.randomUUID(), tokenHash: 'c'.repeat(64), expiresAt: new Date(0) })
      .returning();
    const producer = await startJobs(db, log, { work: false });
    const queuedId = await producer.boss.send(PURGE_QUEUE, {});
    expect((await producer.boss.getJobById(PURGE_QUEUE, queuedId!))?.state).toBe('created');
    await producer.stop();

    // The next worker takes it.
    jobs = await startJobs(db, log);
    await eventually(async () => (await db.db.select().from(refreshTokens).where(eq(refreshTokens.id, expired!.id))).length === 0);
  });
});

describe('recurring CDP maintenance', () => {
  it('marks profiles churned after the tenant window, and purges old idempotency keys', async () => {
    const { markChurnedProfiles } = await import('../../src/workers/jobs/mark-churned-profiles');
    const { purgeExpiredRows } = await import('../../src/workers/jobs/purge-expired');
    const { cdpEventKeys, cdpProfiles } = await import('../../src/models');
    const strict = await makeTenant(db.db, { settings: { cdp: { churn_days: 10 } } });
    const lenient = await makeTenant(db.db);
    const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000);
    const [stale, fresh, lenientStale] = await db.db
      .insert(cdpProfiles)
      .values([
        { tenantId: strict.id, firstSeenAt: daysAgo(40), lastSeenAt: daysAgo(20), lifecycleStage: 'known' },
        { tenantId: strict.id, firstSeenAt: daysAgo(40), lastSeenAt: daysAgo(2), lifecycleStage: 'customer' },
        { tenantId: lenient.id, firstSeenAt: daysAgo(40), lastSeenAt: daysAgo(20), lifecycleStage: 'known' },
      ])
      .returning();
    expect(await markChurnedProfiles(db.db)).toBe(1);
    const stages = Object.fromEntries(
      (await db.db.select().from(cdpProfiles)).map((p) => [p.id, p.lifecycleStage]),
    );
    expect(stages).toMatchObject({ [stale!.id]: 'churned', [fresh!.id]: 'customer', [lenientStale!.id]: 'known' });

    await db.db.insert(cdpEventKeys).values([
      { tenantId: strict.id, idempotencyKey: 'old', eventId: crypto.randomUUID(), createdAt: daysAgo(8) },
      { tenantId: strict.id, idempotencyKey: 'new', eventId: crypto.randomUUID(), createdAt: daysAgo(1) },
    ]);
    const purged = await purgeExpiredRows(db.db);
    expect(purged.eventKeys).toBe(1);
    expect((await db.db.select().from(cdpEventKeys)).map((k) => k.idempotencyKey)).toEqual(['new']);
  });
});

describe('retention', () => {
  it("drops events older than the tenant's window and keeps the rest", async () => {
    const { applyRetention } = await import('../../src/workers/jobs/apply-retention');
    const { cdpEvents } = await import('../../src/models');
    const { eq } = await import('drizzle-orm');
    const short = await makeTenant(db.db, { settings: { cdp: { retention_months: 1 } } });
    const standard = await makeTenant(db.db);
    const event = (tenantId: string, daysAgo: number) => ({
      id: crypto.randomUUID(), tenantId, profileId: crypto.randomUUID(), originProfileId: crypto.randomUUID(), eventName: 'Old',
      eventTime: new Date(Date.now() - daysAgo * 86_400_000), receivedAt: new Date(), properties: {}, context: {}, identifiers: [], emqScore: 20,
    });
    await db.db.insert(cdpEvents).values([event(short.id, 45), event(short.id, 5), event(standard.id, 45), event(standard.id, 500)]);
    expect(await applyRetention(db.db)).toBe(2);
    expect(await db.db.select().from(cdpEvents).where(eq(cdpEvents.tenantId, short.id))).toHaveLength(1);
    expect(await db.db.select().from(cdpEvents).where(eq(cdpEvents.tenantId, standard.id))).toHaveLength(1);
  });

  it("forgets alias notes older than the tenant's window", async () => {
    const { applyRetention } = await import('../../src/workers/jobs/apply-retention');
    const { cdpAliasedUserIds } = await import('../../src/models');
    const short = await makeTenant(db.db, { settings: { cdp: { retention_months: 1 } } });
    const standard = await makeTenant(db.db);
    const note = (tenantId: string, hash: string, daysAgo: number) => ({
      tenantId, userIdHash: hash, anonymousHash: `anon-${hash}`, createdAt: new Date(Date.now() - daysAgo * 86_400_000),
    });
    await db.db.insert(cdpAliasedUserIds).values([note(short.id, 'old', 45), note(short.id, 'recent', 5), note(standard.id, 'old', 45), note(standard.id, 'ancient', 500)]);
    await applyRetention(db.db);
    const left = await db.db.select().from(cdpAliasedUserIds);
    expect(left.filter((n) => n.tenantId === short.id).map((n) => n.userIdHash)).toEqual(['recent']);
    expect(left.filter((n) => n.tenantId === standard.id).map((n) => n.userIdHash)).toEqual(['old']);
  });
});
