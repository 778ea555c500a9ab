import { count, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Paginated } from '@stratum/contracts';
import type { Executor } from './client';

/**
 * One page of a table's rows matching `where`, in `order` (which should end in a unique column, so pages never
 * overlap), with the total: the shape of every list endpoint.
 */
export async function selectPage<T extends PgTable, V>(
  executor: Executor,
  table: T,
  where: SQL | undefined,
  order: (SQL | PgColumn)[],
  page: { page: number; page_size: number },
  toView: (row: T['$inferSelect']) => V,
): Promise<Paginated<V>> {
  const rows = (await executor
    .select()
    .from(table as PgTable)
    .where(where)
    .orderBy(...order)
    .limit(page.page_size)
    .offset((page.page - 1) * page.page_size)) as T['$inferSelect'][];
  const [total] = await executor.select({ n: count() }).from(table as PgTable).where(where);
  return { items: rows.map(toView), total: total?.n ?? 0, page: page.page, page_size: page.page_size };
}
