import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgCode } from '../../src/db/errors';
import { openEmbeddedClient, type EmbeddedClient } from '../../src/db/embedded-client';

// The embedded database on its own thread: the client must behave as the PGlite it serves (order, transactions,
// errors, options) while leaving the main thread free.
describe('embedded database client', () => {
  let client: EmbeddedClient;
  beforeAll(async () => {
    client = await openEmbeddedClient();
    await client.exec('create table items (id int primary key, note text)');
  });
  afterAll(() => client.close());

  it('leaves the main thread free while a statement runs', async () => {
    // On the calling thread the statement would hold the event loop until it finished, and the timer could only
    // fire after the answer had been handled.
    let firedDuringStatement = false;
    let answered = false;
    const timer = setTimeout(() => (firedDuringStatement = !answered), 20);
    await client.query('select pg_sleep(0.3)');
    answered = true;
    clearTimeout(timer);
    expect(firedDuringStatement).toBe(true);
  });

  it('runs statements issued together in the order they were issued, inside the transaction', async () => {
    const [, , count] = await client.transaction((tx) =>
      Promise.all([
        tx.query('insert into items values (1, $1)', ['first']),
        tx.query('update items set note = note || $1 where id = 1', [' then second']),
        tx.query<{ n: number; note: string }>('select count(*)::int as n, max(note) as note from items'),
      ]),
    );
    expect(count.rows).toEqual([{ n: 1, note: 'first then second' }]);
    await client.query('delete from items');
  });

  it('rolls a failed transaction back and reports the SQLSTATE the retry logic reads', async () => {
    await client.query('insert into items values (7, $1)', ['kept']);
    const failure = await client
      .transaction(async (tx) => {
        await tx.query('insert into items values (8, $1)', ['lost']);
        await tx.query('insert into items values (7, $1)', ['duplicate']);
      })
      .catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(Error);
    expect(pgCode(failure)).toBe('23505');
    expect((failure as { constraint?: string }).constraint).toBe('items_pkey');
    const rows = await client.query<{ id: number }>('select id from items order by id');
    expect(rows.rows).toEqual([{ id: 7 }]);
    await client.query('delete from items');
  });

  it('rolls back work whose own code fails, and on request', async () => {
    const failure = await client
      .transaction(async (tx) => {
        await tx.query('insert into items values (9, $1)', ['lost']);
        throw new Error('the caller changed its mind');
      })
      .catch((err: Error) => err.message);
    expect(failure).toBe('the caller changed its mind');
    await client.transaction(async (tx) => {
      await tx.query('insert into items values (10, $1)', ['lost too']);
      await tx.rollback();
      expect(tx.closed).toBe(true);
      await expect(tx.query('select 1')).rejects.toThrow(/transaction \d+ is not open/);
    });
    expect((await client.query('select id from items')).rows).toEqual([]);
  });

  it('keeps the text of the types drizzle asks for, and refuses parsers it cannot carry to the thread', async () => {
    const kept = await client.query<{ at: unknown }>("select timestamptz '2026-01-02 03:04:05+00' as at", [], {
      parsers: { 1184: (value: string) => value },
    });
    expect(kept.rows[0]!.at).toBe('2026-01-02 03:04:05+00');
    const parsed = await client.query<{ at: unknown }>("select timestamptz '2026-01-02 03:04:05+00' as at");
    expect(parsed.rows[0]!.at).toBeInstanceOf(Date);
    await expect(client.query('select 1', [], { parsers: { 1184: (value: string) => new Date(value) } })).rejects.toThrow(/only keeps text/);
    await expect(client.query('select $1::text', [() => 'a function'])).rejects.toThrow(/could not be cloned/);
    expect((await client.query<{ ok: number }>('select 1 as ok')).rows).toEqual([{ ok: 1 }]);
  });

  it('loads a COPY from a blob sent with the statement', async () => {
    await client.query(`copy items from '/dev/blob'`, [], { blob: new Blob(['21\tone\n22\ttwo\n']) });
    expect((await client.query<{ n: number }>('select count(*)::int as n from items')).rows).toEqual([{ n: 2 }]);
    await client.query('delete from items');
  });
});

describe('embedded database client lifecycle', () => {
  it('keeps a data directory across a close and reopen, and refuses calls once closed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stratum-embedded-'));
    try {
      const first = await openEmbeddedClient(dir);
      await first.exec("create table kept (v text); insert into kept values ('still here')");
      await first.close();
      await expect(first.query('select 1')).rejects.toThrow(/embedded database is closed/);
      const second = await openEmbeddedClient(dir);
      expect((await second.query<{ v: string }>('select v from kept')).rows).toEqual([{ v: 'still here' }]);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
