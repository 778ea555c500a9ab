import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db, Tx } from './client';

export const APP_ROLE = 'stratum_app';

/**
 * Where a unit of work may reach: one tenant's rows, or the whole platform (superadmin work, login, jobs).
 * Services get a scope from the verified request, never from input.
 */
export type DataScope = { kind: 'tenant'; tenantId: string } | { kind: 'platform' };

export const tenantScope = (tenantId: string): DataScope => ({ kind: 'tenant', tenantId });
export const platformScope: DataScope = { kind: 'platform' };

/**
 * Runs `work` in one transaction. In a tenant scope the transaction first switches to the application role and
 * names the tenant, so row-level security hides every other tenant's rows even if a query forgets its filter.
 */
export async function inScope<T>(db: Db, scope: DataScope, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    if (scope.kind === 'tenant') {
      await tx.execute(
        sql`select set_config('app.tenant_id', ${scope.tenantId}, true), set_config('role', ${APP_ROLE}, true)`,
      );
    }
    return work(tx);
  });
}

/** The tenant filter for a query in `scope` (none on the platform scope), combined with the query's own. */
export function scoped(column: PgColumn, scope: DataScope, ...conditions: (SQL | undefined)[]): SQL | undefined {
  return and(scope.kind === 'tenant' ? eq(column, scope.tenantId) : undefined, ...conditions);
}
