import { and, desc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { CdpImport, Paginated, importListQuerySchema } from '@stratum/contracts';
import { requireTenant, type RequestContext } from '../../../auth/context';
import { notFound } from '../../../core/errors';
import type { Db } from '../../../db/client';
import { inScope, tenantScope } from '../../../db/scope';
import { selectPage } from '../../../db/select-page';
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
  return inScope(db, tenantScope(tenantId), (tx) =>
    selectPage(tx, cdpImports, where, [desc(cdpImports.createdAt), desc(cdpImports.id)], query, toImportView),
  );
}

export async function getImport(db: Db, ctx: RequestContext, id: string): Promise<CdpImport> {
  const tenantId = requireTenant(ctx);
  return inScope(db, tenantScope(tenantId), async (tx) => {
    const [row] = await tx.select().from(cdpImports).where(and(eq(cdpImports.tenantId, tenantId), eq(cdpImports.id, id)));
    if (!row) throw notFound('Import');
    return toImportView(row);
  });
}
