import { sql, type SQL } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client';
import { eq } from 'drizzle-orm';
import { cdpImports } from '../../src/models';
import { ImportClaimLost, ImportRunner, runImport } from '../../src/services/cdp/imports/run-import';
import { appWithTenantAdmin } from '../support/app-with-tenant-admin';
import { tenantWithAdmin, type Session } from '../support/factories';
import { multipart } from '../support/multipart';

const t = appWithTenantAdmin();

// Rows are keyed by their content: each test imports people of its own (`tag`), or its rows would be duplicates.
const rows = (n: number, tag = 'r') =>
  ['Email,Event,When', ...Array.from({ length: n }, (_, i) => `${tag}${i}@runner.test,Signup,2026-10-01T10:00:00Z`)].join('\n');
const MAPPING = JSON.stringify({ Email: 'identifier.email', Event: 'event_name', When: 'event_time' });

async function queuedImport(content: string, as: Session = t.admin): Promise<string> {
  const body = multipart({ kind: 'events', mapping: MAPPING }, { name: 'signups.csv', content }, as);
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/cdp/imports', payload: body.payload, headers: body.headers });
  expect(res.statusCode).toBe(201);
  return res.json().data.id as string;
}

const view = async (id: string, as: Session = t.admin) => (await t.app.inject({ url: `/api/v1/cdp/imports/${id}`, headers: as.headers })).json().data;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('import runner shutdown', () => {
  it('hands an import back to the queue when it stops, so the next runner resumes it at once', async () => {
    // The app's own runner would take the import as soon as it is queued: these runners stand for worker processes.
    await t.app.importRunner.stop();
    const id = await queuedImport(rows(2500));

    const first = new ImportRunner(t.db.db, t.config);
    first.kick();
    await first.stop();
    // Not left "running" for the stale-claim timeout with nobody working on it.
    expect(await view(id)).toMatchObject({ status: 'queued' });

    const next = new ImportRunner(t.db.db, t.config);
    next.kick();
    await next.whenIdle();
    expect(await view(id)).toMatchObject({ status: 'completed', rows_processed: 2500, rows_ok: 2500, rows_failed: 0 });
  });
});

describe('an import taken over from a runner that stalled', () => {
  it('is written by its new runner only: the stalled one stops at its next chunk, which leaves nothing behind', async () => {
    await t.app.importRunner.stop();
    const { tenant, session } = await tenantWithAdmin(t.app, t.db.db);
    const id = await queuedImport(rows(2500, 'stalled'), session);
    const events = async () => (await queryRows<{ n: number }>(t.db.db, sql`select count(*)::int as n from cdp_events where tenant_id = ${tenant.id}`))[0]!.n;
    // What the stalled runner holds: the import as it claimed it, before another runner's claim replaced its own.
    await t.db.db.update(cdpImports).set({ status: 'running', claimId: crypto.randomUUID() }).where(eq(cdpImports.id, id));
    const [stale] = await t.db.db.select().from(cdpImports).where(eq(cdpImports.id, id));
    await t.db.db.update(cdpImports).set({ claimId: crypto.randomUUID() }).where(eq(cdpImports.id, id));
    // Its chunk's events and its progress commit together or not at all: the progress is no longer its to write.
    await expect(runImport(t.db.db, t.config, stale!)).rejects.toBeInstanceOf(ImportClaimLost);
    expect(await events()).toBe(0);
    expect(await view(id, session)).toMatchObject({ rows_processed: 0, rows_ok: 0 });

    // The new runner (here after the claim went stale in turn) runs the file once: nothing counted "already present".
    await t.db.db.execute(sql`update cdp_imports set updated_at = now() - interval '3 minutes' where id = ${id}`);
    const runner = new ImportRunner(t.db.db, t.config);
    runner.kick();
    await runner.whenIdle();
    expect(await view(id, session)).toMatchObject({ status: 'completed', rows_processed: 2500, rows_ok: 2500, rows_duplicate: 0 });
    expect(await events()).toBe(2500);
  });
});

/**
 * A trigger `name` that makes the database refuse (SQLSTATE 22023) the rows of `table` that `when` selects, as a
 * value no validation foresaw would; returns what drops it.
 */
async function refusedBy(name: string, on: { change: 'insert' | 'update'; table: string; when: SQL }): Promise<() => Promise<void>> {
  const [fn, table] = [sql.identifier(name), sql.identifier(on.table)];
  await t.db.db.execute(sql`create or replace function ${fn}() returns trigger language plpgsql as $$
                            begin raise exception using errcode = '22023', message = 'refused by the test'; end $$`);
  await t.db.db.execute(sql`create trigger ${fn} before ${sql.raw(on.change)} on ${table} for each row when (${on.when}) execute function ${fn}()`);
  return async () => {
    await t.db.db.execute(sql`drop trigger if exists ${fn} on ${table}`);
  };
}

describe('an import row the database refuses', () => {
  it('is reported as a failed row, in its place, and the rows after it still import', async () => {
    await t.app.importRunner.stop();
    // A value the database refuses on its own (as the collection queue's set-aside test does): here one event name.
    const drop = await refusedBy('test_refuse_import_row', { change: 'insert', table: 'cdp_events', when: sql`new.event_name = 'Poison'` });
    try {
      const content = ['Email,Event,When', 'a@refuse.test,Before,2026-10-01T10:00:00Z', 'b@refuse.test,Poison,2026-10-01T11:00:00Z', 'c@refuse.test,After,2026-10-01T12:00:00Z'].join('\n');
      const id = await queuedImport(content);
      const worker = new ImportRunner(t.db.db, t.config);
      worker.kick();
      await worker.whenIdle();
      const job = await view(id);
      expect(job).toMatchObject({ status: 'completed', rows_processed: 3, rows_ok: 2, rows_failed: 1 });
      expect(job.errors).toEqual([{ row: 2, message: expect.stringMatching(/could not be stored \(SQLSTATE 22023\)/), code: 'not_stored' }]);
    } finally {
      await drop();
    }
  });
});

describe('a runner the database fails outside an import', () => {
  it('logs it and stays up, instead of ending the process with an unhandled rejection', async () => {
    await t.app.importRunner.stop();
    // The outcome cannot be written, neither "completed" nor "failed": the error leaves the runner's loop.
    const drop = await refusedBy('test_refuse_outcome', { change: 'update', table: 'cdp_imports', when: sql`new.status in ('completed', 'failed')` });
    try {
      const id = await queuedImport(rows(3, 'outcome'));
      const logged: string[] = [];
      const log = { error: (_: object, msg: string) => logged.push(msg), warn: () => undefined };
      const runner = new ImportRunner(t.db.db, t.config, log);
      runner.kick();
      await expect(runner.whenIdle()).resolves.toBeUndefined();
      expect(logged).toContain('import runner stopped on an error; it starts again at the next poll');
      // Left running: once its claim is stale, a runner takes it over.
      expect(await view(id)).toMatchObject({ status: 'running', rows_processed: 3 });
    } finally {
      await drop();
    }
  });
});

describe('an import larger than what is left of the minute\'s ingest quota', () => {
  it('waits for the next minute instead of failing, and can be stopped and resumed while it waits', async () => {
    await t.app.importRunner.stop();
    const { tenant, session } = await tenantWithAdmin(t.app, t.db.db, { settings: { cdp: { ingest_events_per_minute: 1500 } } });
    // The quota is counted per wall-clock minute: start early enough in one that the second chunk meets the limit.
    if (Date.now() % 60_000 > 40_000) await sleep(60_000 - (Date.now() % 60_000) + 100);
    const id = await queuedImport(rows(2500), session);
    const runner = new ImportRunner(t.db.db, t.config);
    runner.kick();
    for (let tries = 0; (await view(id, session)).rows_processed < 1000 && tries < 100; tries++) await sleep(100);
    await sleep(500);
    expect(await view(id, session)).toMatchObject({ status: 'running', rows_processed: 1000 });

    await runner.stop();
    expect(await view(id, session)).toMatchObject({ status: 'queued', rows_processed: 1000, rows_ok: 1000 });

    // The next minute: the quota is free again.
    await t.db.db.execute(sql`delete from cdp_rate_windows where tenant_id = ${tenant.id}`);
    const next = new ImportRunner(t.db.db, t.config);
    next.kick();
    await next.whenIdle();
    expect(await view(id, session)).toMatchObject({ status: 'completed', rows_processed: 2500, rows_ok: 2500, rows_failed: 0 });
  });
});

describe("an import for a tenant whose minute of quota is smaller than a chunk", () => {
  it('goes in chunks of that quota instead of failing on a chunk no minute can take', async () => {
    await t.app.importRunner.stop();
    const { tenant, session } = await tenantWithAdmin(t.app, t.db.db, { settings: { cdp: { ingest_events_per_minute: 400 } } });
    const id = await queuedImport(rows(700), session);
    const runner = new ImportRunner(t.db.db, t.config);
    runner.kick();
    for (let tries = 0; (await view(id, session)).rows_processed < 400 && tries < 100; tries++) await sleep(100);
    await runner.stop();
    // 400 rows this minute; the 300 after them wait for the next (unless this one ended meanwhile).
    expect((await view(id, session)).rows_processed).toBeGreaterThanOrEqual(400);

    await t.db.db.execute(sql`delete from cdp_rate_windows where tenant_id = ${tenant.id}`);
    const next = new ImportRunner(t.db.db, t.config);
    next.kick();
    await next.whenIdle();
    expect(await view(id, session)).toMatchObject({ status: 'completed', rows_processed: 700, rows_ok: 700, rows_failed: 0 });
  });
});

describe('an import the database fails for a moment', () => {
  // Each chunk's event insert is cancelled, as a statement timeout or a restart would cancel it (SQLSTATE 57014),
  // while a sequence (which a rollback does not undo) is below `times`.
  async function cancelEventInserts(times: number) {
    await t.db.db.execute(sql`create sequence if not exists test_cancel_inserts`);
    await t.db.db.execute(sql`select setval('test_cancel_inserts', 1, false)`);
    await t.db.db.execute(sql.raw(`create or replace function test_cancel_inserts() returns trigger language plpgsql as $$
      begin
        if nextval('test_cancel_inserts') <= ${times} then
          raise exception using errcode = '57014', message = 'cancelled by the test';
        end if;
        return null;
      end $$`));
    await t.db.db.execute(sql`create trigger test_cancel_inserts before insert on cdp_events for each statement execute function test_cancel_inserts()`);
  }
  const insertAttempts = async () => (await queryRows<{ n: number }>(t.db.db, sql`select last_value::int as n from test_cancel_inserts`))[0]!.n;
  const stopCancelling = () => t.db.db.execute(sql`drop trigger if exists test_cancel_inserts on cdp_events`);

  it('is queued again and resumes where it stopped after a wait, instead of failing', async () => {
    await t.app.importRunner.stop();
    await cancelEventInserts(2);
    try {
      const id = await queuedImport(rows(1500, 'resumed'));
      const runner = new ImportRunner(t.db.db, t.config, undefined, [10, 10, 10]);
      runner.kick();
      await runner.whenIdle();
      expect(await view(id)).toMatchObject({ status: 'completed', rows_processed: 1500, rows_ok: 1500, rows_failed: 0, failure_reason: null });
      // Two cancelled attempts at the first chunk, then the two chunks.
      expect(await insertAttempts()).toBe(4);
    } finally {
      await stopCancelling();
    }
  });

  it('is failed, keeping what it counted, once the database keeps failing it past the retries', async () => {
    await t.app.importRunner.stop();
    await cancelEventInserts(1000);
    try {
      const id = await queuedImport(rows(10, 'failing'));
      const runner = new ImportRunner(t.db.db, t.config, undefined, [10, 10, 10]);
      runner.kick();
      await runner.whenIdle();
      expect(await view(id)).toMatchObject({ status: 'failed', rows_processed: 0, failure_reason: expect.stringMatching(/database stayed unavailable through 4 attempts/) });
      // The first attempt and three retries.
      expect(await insertAttempts()).toBe(4);
    } finally {
      await stopCancelling();
    }
  });
});
