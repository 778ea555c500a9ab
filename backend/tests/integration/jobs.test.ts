import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshTokens } from '../../src/models';
import { startJobs, type JobRunner } from '../../src/workers/boss';
import { PURGE_AUTH_CRON, PURGE_AUTH_QUEUE } from '../../src/workers/jobs/purge-refresh-tokens';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { makeTenant, makeUser } from '../support/factories';

let db: TestDatabase;
let jobs: JobRunner;
beforeAll(async () => {
  db = await createTestDatabase();
  jobs = await startJobs(db, pino({ level: 'silent' }));
});
afterAll(async () => {
  await jobs.stop();
  await db.destroy();
});

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
    expect(schedules).toEqual(expect.arrayContaining([expect.objectContaining({ name: PURGE_AUTH_QUEUE, cron: PURGE_AUTH_CRON })]));
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
    await jobs.boss.send(PURGE_AUTH_QUEUE, {});
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
    const queuedId = await producer.boss.send(PURGE_AUTH_QUEUE, {});
    expect((await producer.boss.getJobById(PURGE_AUTH_QUEUE, queuedId!))?.state).toBe('created');
    await producer.stop();

    // The next worker takes it.
    jobs = await startJobs(db, log);
    await eventually(async () => (await db.db.select().from(refreshTokens).where(eq(refreshTokens.id, expired!.id))).length === 0);
  });
});
