import { and, count, desc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { CdpImport, Paginated, importListQuerySchema } from '@stratum/contracts';
import { requireTenant, type RequestContext } from '../../../auth/context';
import { notFound } from '../../../core/errors';
import type { Db } from '../../../db/client';
import { inScope, tenantScope } from '../../../db/scope';
import { cdpImports } from '../../../models';
import { toImportView } from './import-view';

/** The tenant's imports, newest first; the id breaks ties so pages never overlap. */
export async function listImports(
  db: Db,
  ctx: RequestContext,
  query: z.output<typeof importListQuerySchema>,
): Promise<Paginated<CdpImport>> {
  const tenantId = requireTenant(ctx);
  const where = eq(cdpImports.tenantId, tenantId);
  return inScope(db, tenantScope(tenantId), async (tx) => {
    const rows = await tx
      .select()
      .from(cdpImports)
      .where(where)
      .orderBy(desc(cdpImports.createdAt), desc(cdpImports.id))
      .limit(query.page_size)
      .offset((query.page - 1) * query.page_size);
    const [total] = await tx.select({ n: count() }).from(cdpImports).where(where);
    return { items: rows.map(toImportView), total: total?.n ?? 0, page: query.page, page_size: query.page_size };
  });
}

export async function getImport(db: Db, ctx: RequestContext, id: string): Promise<CdpImport> {
  const tenantId = requireTenant(ctx);
  return inScope(db, tenantScope(tenantId), async (tx) => {
    const [row] = await tx.select().from(cdpImports).where(and(eq(cdpImports.tenantId, tenantId), eq(cdpImports.id, id)));
    if (!row) throw notFound('Import');
    return toImportView(row);
  });
}
