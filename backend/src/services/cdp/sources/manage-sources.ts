import { and, count, desc, eq } from 'drizzle-orm';
import type { Source, SourceUpdate, SourceWithKey, sourceCreateSchema } from '@stratum/contracts';
import type { z } from 'zod';
import { requireTenant, type RequestContext } from '../../../auth/context';
import { conflict, notFound } from '../../../core/errors';
import { newOpaqueToken, sha256 } from '../../../core/security';
import type { Db, Executor } from '../../../db/client';
import { isUniqueViolation } from '../../../db/errors';
import { inScope, tenantScope } from '../../../db/scope';
import { writeAudit } from '../../../middleware/audit';
import { cdpSources, type SourceRow } from '../../../models';
import { forgetSourceKeys } from './authenticate-source-key';

/** `cdp_` + 43 URL-safe characters (32 random bytes). Only its SHA-256 is stored. */
export const newSourceKey = () => `cdp_${newOpaqueToken(32)}`;
const KEY_PREFIX_LENGTH = 12;

export const toSourceView = (row: SourceRow): Source => ({
  id: row.id,
  name: row.name,
  source_type: row.sourceType,
  key_prefix: row.keyPrefix,
  config: row.config,
  is_active: row.isActive,
  event_count: Number(row.eventCount),
  last_event_at: row.lastEventAt?.toISOString() ?? null,
  created_at: row.createdAt.toISOString(),
  updated_at: row.updatedAt.toISOString(),
});

const live = (tenantId: string, id: string) =>
  and(eq(cdpSources.tenantId, tenantId), eq(cdpSources.id, id), eq(cdpSources.isDeleted, false));

/** The tenant's live source, in the caller's transaction; 404 for unknown, deleted or foreign ids. */
export async function findSource(tx: Executor, tenantId: string, id: string): Promise<SourceRow> {
  const [row] = await tx.select().from(cdpSources).where(live(tenantId, id)).limit(1);
  if (!row) throw notFound('Source');
  return row;
}

export async function createSource(
  db: Db,
  ctx: RequestContext,
  input: z.output<typeof sourceCreateSchema>,
): Promise<SourceWithKey> {
  const tenantId = requireTenant(ctx);
  const key = newSourceKey();
  return nameTaken(inScope(db, tenantScope(tenantId), async (tx) => {
    const [row] = await tx
      .insert(cdpSources)
      .values({
        tenantId,
        name: input.name,
        sourceType: input.source_type,
        config: input.config,
        keyHash: sha256(key),
        keyPrefix: key.slice(0, KEY_PREFIX_LENGTH),
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    await writeAudit(tx, ctx, {
      action: 'cdp.source.create',
      resourceType: 'cdp_source',
      resourceId: row.id,
      changes: { after: { name: row.name, source_type: row.sourceType } },
    });
    return { ...toSourceView(row), source_key: key };
  }));
}

export async function listSources(db: Db, ctx: RequestContext): Promise<{ items: Source[]; total: number }> {
  const tenantId = requireTenant(ctx);
  return inScope(db, tenantScope(tenantId), async (tx) => {
    const where = and(eq(cdpSources.tenantId, tenantId), eq(cdpSources.isDeleted, false));
    const rows = await tx.select().from(cdpSources).where(where).orderBy(desc(cdpSources.createdAt));
    const [total] = await tx.select({ n: count() }).from(cdpSources).where(where);
    return { items: rows.map(toSourceView), total: total?.n ?? 0 };
  });
}

export async function getSource(db: Db, ctx: RequestContext, id: string): Promise<Source> {
  const tenantId = requireTenant(ctx);
  return inScope(db, tenantScope(tenantId), async (tx) => toSourceView(await findSource(tx, tenantId, id)));
}

export async function updateSource(db: Db, ctx: RequestContext, id: string, input: SourceUpdate): Promise<Source> {
  const tenantId = requireTenant(ctx);
  return nameTaken(inScope(db, tenantScope(tenantId), async (tx) => {
    const before = await findSource(tx, tenantId, id);
    const [row] = await tx
      .update(cdpSources)
      .set({ name: input.name, config: input.config, isActive: input.is_active })
      .where(live(tenantId, id))
      .returning();
    forgetSourceKeys();
    await writeAudit(tx, ctx, {
      action: 'cdp.source.update',
      resourceType: 'cdp_source',
      resourceId: id,
      changes: { before: { name: before.name, is_active: before.isActive }, after: input },
    });
    return toSourceView(row!);
  }));
}

/** Another live source of the tenant has the name (any case): 409 on the field, not a 500. */
async function nameTaken<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('source_name_taken', 'Another source already has this name', 'name');
    throw err;
  }
}

export async function deleteSource(db: Db, ctx: RequestContext, id: string): Promise<void> {
  const tenantId = requireTenant(ctx);
  await inScope(db, tenantScope(tenantId), async (tx) => {
    await findSource(tx, tenantId, id);
    await tx.update(cdpSources).set({ isDeleted: true, deletedAt: new Date(), isActive: false }).where(live(tenantId, id));
    await writeAudit(tx, ctx, { action: 'cdp.source.delete', resourceType: 'cdp_source', resourceId: id });
    forgetSourceKeys();
  });
}

/** A new key replaces the old one at once; the old key stops working in the same transaction. */
export async function rotateSourceKey(db: Db, ctx: RequestContext, id: string): Promise<SourceWithKey> {
  const tenantId = requireTenant(ctx);
  const key = newSourceKey();
  return inScope(db, tenantScope(tenantId), async (tx) => {
    await findSource(tx, tenantId, id);
    const [row] = await tx
      .update(cdpSources)
      .set({ keyHash: sha256(key), keyPrefix: key.slice(0, KEY_PREFIX_LENGTH) })
      .where(live(tenantId, id))
      .returning();
    await writeAudit(tx, ctx, { action: 'cdp.source.rotate_key', resourceType: 'cdp_source', resourceId: id });
    forgetSourceKeys();
    return { ...toSourceView(row!), source_key: key };
  });
}
