import { and, desc, eq } from 'drizzle-orm';
import type { CdpImport } from '@stratum/contracts';
import { requireTenant, type RequestContext } from '../../../auth/context';
import { notFound } from '../../../core/errors';
import type { Db } from '../../../db/client';
import { inScope, tenantScope } from '../../../db/scope';
import { cdpImports } from '../../../models';
import { toImportView } from './import-view';

export async function listImports(db: Db, ctx: RequestContext): Promise<CdpImport[]> {
  const tenantId = requireTenant(ctx);
  return inScope(db, tenantScope(tenantId), async (tx) =>
    (await tx.select().from(cdpImports).where(eq(cdpImports.tenantId, tenantId)).orderBy(desc(cdpImports.createdAt)).limit(50)).map(toImportView),
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
