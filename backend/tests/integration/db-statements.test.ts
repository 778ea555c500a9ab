import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase, pipelined, queryRows } from '../../src/db/client';
import { MAX_PREPARED_PARAMETERS } from '../../src/db/prepared-statements';
import { databaseForFile, testDbKind } from '../support/test-db';

const database = databaseForFile();

describe('statements sent together', () => {
  it('run in the order they were issued, each seeing what the ones before it wrote', async () => {
    const seen = await database.db.transaction(async (tx) => {
      await tx.execute(sql`create temporary table pipeline_probe (n int) on commit drop`);
      // As pipelined asks: calls of async functions whose first await is their statement (drizzle's own query
      // objects are lazy and would start only when awaited).
      const run = async (statement: ReturnType<typeof sql>) => {
        await tx.execute(statement);
      };
      const [, , counted, , last] = await pipelined([
        run(sql`insert into pipeline_probe values (${1})`),
        run(sql`insert into pipeline_probe select n + ${1} from pipeline_probe`),
        queryRows<{ total: number }>(tx, sql`select count(*)::int as total from pipeline_probe where n > ${0}`),
        run(sql`delete from pipeline_probe where n = ${1}`),
        queryRows<{ n: number }>(tx, sql`select n from pipeline_probe where n >= ${0}`),
      ]);
      return { counted: counted[0]?.total, last: last.map((r) => r.n) };
    });
    expect(seen).toEqual({ counted: 2, last: [2] });
  });
});

// The describe round trip being avoided exists only in the server's protocol driver; PGlite runs in-process.
if (testDbKind() === 'postgres') {
  describe('on the PostgreSQL server', () => {
    it('works in UTC whatever time zone the server or database is set to', async () => {
      const [{ name } = { name: '' }] = await queryRows<{ name: string }>(database.db, sql`select current_database() as name`);
      await database.db.execute(sql.raw(`alter database ${name} set timezone = 'Asia/Kolkata'`));
      const url = new URL(process.env.TEST_DATABASE_URL!);
      url.pathname = `/${name}`;
      const other = await openDatabase({ databaseUrl: url.toString(), poolSize: 1 });
      try {
        const [zone] = await queryRows<{ zone: string; hour: string }>(
          other.db,
          sql`select current_setting('TimeZone') as zone, date_trunc('hour', '2026-01-01T10:45:00Z'::timestamptz)::text as hour`,
        );
        expect(zone).toEqual({ zone: 'UTC', hour: '2026-01-01 10:00:00+00' });
      } finally {
        await other.close();
        await database.db.execute(sql.raw(`alter database ${name} reset timezone`));
      }
    });

    it('prepares statements once per connection and still plans each execution for its parameters', async () => {
      const prepared = await database.db.transaction(async (tx) => {
        await tx.execute(sql`select ${'probe-a'}::text as few_parameters`);
        const many = Array.from({ length: MAX_PREPARED_PARAMETERS + 1 }, (_, i) => sql`${i}::int`);
        await tx.execute(sql`select ${sql.join(many, sql`, `)} -- many_parameters`);
        const [mode] = await queryRows<{ plan_cache_mode: string }>(tx, sql`show plan_cache_mode`);
        const statements = await queryRows<{ statement: string }>(tx, sql`select statement from pg_prepared_statements`);
        return { mode: mode?.plan_cache_mode, statements: statements.map((s) => s.statement) };
      });
      expect(prepared.mode).toBe('force_custom_plan');
      // A statement with a few parameters is kept by name; one whose text grows with a list is not.
      expect(prepared.statements.some((s) => s.includes('few_parameters'))).toBe(true);
      expect(prepared.statements.some((s) => s.includes('many_parameters'))).toBe(false);
    });

    it('prepares nothing when told not to (a pooler that cannot keep named statements)', async () => {
      const unprepared = await openDatabase({ databaseUrl: database.url, poolSize: 1, preparedStatements: false });
      try {
        const statements = await unprepared.db.transaction(async (tx) => {
          await tx.execute(sql`select ${'probe-b'}::text as few_parameters`);
          return queryRows<{ statement: string }>(tx, sql`select statement from pg_prepared_statements`);
        });
        expect(statements).toEqual([]);
      } finally {
        await unprepared.close();
      }
    });
  });
}
