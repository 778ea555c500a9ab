import { count, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { LIST_COUNT_AHEAD, type CountedAheadPaginated, type Paginated } from '@stratum/contracts';
import type { Executor } from './client';

type PageQuery = { page: number; page_size: number };
/**
 * How a list counts its rows: `exact`, or `ahead` for lists that outgrow any reader (a tenant's events), whose count
 * stops `LIST_COUNT_AHEAD` rows past the page, so a page costs the same over ten million rows as over ten thousand.
 */
type Counting = 'exact' | 'ahead';
type PageOf<V, C extends Counting> = C extends 'ahead' ? CountedAheadPaginated<V> : Paginated<V>;

/**
 * One page of a table's rows matching `where`, in `order` (which should end in a unique column, so pages never
 * overlap), with the total: the shape of every list endpoint.
 */
export async function selectPage<T extends PgTable, V, C extends Counting = 'exact'>(
  executor: Executor,
  table: T,
  where: SQL | undefined,
  order: (SQL | PgColumn)[],
  page: PageQuery,
  toView: (row: T['$inferSelect']) => V,
  counting?: C,
): Promise<PageOf<V, C>> {
  const rows = (await executor
    .select()
    .from(table as PgTable)
    .where(where)
    .orderBy(...order)
    .limit(page.page_size)
    .offset((page.page - 1) * page.page_size)) as T['$inferSelect'][];
  const counted =
    counting === 'ahead'
      ? await countAhead(executor, table, where, page)
      : { total: (await executor.select({ n: count() }).from(table as PgTable).where(where))[0]?.n ?? 0 };
  return { items: rows.map(toView), ...counted, page: page.page, page_size: page.page_size } as PageOf<V, C>;
}

/** How far a list counted ahead counts for this page. */
export const countBound = (page: PageQuery) => (page.page - 1) * page.page_size + LIST_COUNT_AHEAD;

/** The rows matching `where`, counted no further than `LIST_COUNT_AHEAD` past the page; "next" stays offered while there are more. */
export async function countAhead(
  executor: Executor,
  table: PgTable,
  where: SQL | undefined,
  page: PageQuery,
): Promise<{ total: number; total_capped: boolean }> {
  const bound = countBound(page);
  const counted = executor.select({ one: sql`1` }).from(table).where(where).limit(bound + 1).as('counted');
  const [row] = await executor.select({ n: count() }).from(counted);
  const n = row?.n ?? 0;
  return { total: Math.min(n, bound), total_capped: n > bound };
}
