import { and, desc, eq, isNotNull } from 'drizzle-orm';
import type { SetAsideRequest } from '@stratum/contracts';
import { requireTenant, type RequestContext } from '../../../auth/context';
import { notFound } from '../../../core/errors';
import type { Db, Executor } from '../../../db/client';
import { inScope, tenantScope } from '../../../db/scope';
import { writeAudit } from '../../../middleware/audit';
import { cdpRawEvents } from '../../../models';
import { findSource } from '../sources/manage-sources';
import { SET_ASIDE_KEPT_DAYS } from './raw-event-queue';

/**
 * The requests of a source the drain set aside because the database refused their events (see commitChunk), for
 * someone to retry once the cause is fixed, or discard. Their messages are never shown: only when, how many, and
 * the SQLSTATE.
 */

const setAsideOf = (tenantId: string, sourceId: string) =>
  and(eq(cdpRawEvents.tenantId, tenantId), eq(cdpRawEvents.sourceId, sourceId), isNotNull(cdpRawEvents.failedAt));

export async function listSetAsideRequests(db: Db, ctx: RequestContext, sourceId: string): Promise<{ items: SetAsideRequest[]; total: number }> {
  const tenantId = requireTenant(ctx);
  const rows = await inScope(db, tenantScope(tenantId), async (tx) => {
    await findSource(tx, tenantId, sourceId);
    return tx
      .select({
        id: cdpRawEvents.id,
        receivedAt: cdpRawEvents.receivedAt,
        failedAt: cdpRawEvents.failedAt,
        failure: cdpRawEvents.failure,
        messageCount: cdpRawEvents.messageCount,
      })
      .from(cdpRawEvents)
      .where(setAsideOf(tenantId, sourceId))
      .orderBy(desc(cdpRawEvents.failedAt));
  });
  const items = rows.map((row) => ({
    id: row.id,
    received_at: row.receivedAt.toISOString(),
    failed_at: row.failedAt!.toISOString(),
    expires_at: new Date(row.failedAt!.getTime() + SET_ASIDE_KEPT_DAYS * 86_400_000).toISOString(),
    failure: row.failure ?? 'unknown',
    message_count: row.messageCount,
  }));
  return { items, total: items.length };
}

/** Puts a set-aside request back in the queue, where the drain takes it next; if it fails again, it is set aside again. */
export async function retrySetAsideRequest(db: Db, ctx: RequestContext, sourceId: string, requestId: string): Promise<void> {
  await changeSetAside(db, ctx, sourceId, requestId, 'cdp.collection.retry', (tx, where) =>
    tx.update(cdpRawEvents).set({ failedAt: null, failure: null }).where(where).returning({ messageCount: cdpRawEvents.messageCount }),
  );
}

export async function discardSetAsideRequest(db: Db, ctx: RequestContext, sourceId: string, requestId: string): Promise<void> {
  await changeSetAside(db, ctx, sourceId, requestId, 'cdp.collection.discard', (tx, where) =>
    tx.delete(cdpRawEvents).where(where).returning({ messageCount: cdpRawEvents.messageCount }),
  );
}

async function changeSetAside(
  db: Db,
  ctx: RequestContext,
  sourceId: string,
  requestId: string,
  action: string,
  change: (tx: Executor, where: ReturnType<typeof setAsideOf>) => Promise<{ messageCount: number }[]>,
): Promise<void> {
  const tenantId = requireTenant(ctx);
  await inScope(db, tenantScope(tenantId), async (tx) => {
    await findSource(tx, tenantId, sourceId);
    const [changed] = await change(tx, and(setAsideOf(tenantId, sourceId), eq(cdpRawEvents.id, requestId)));
    if (!changed) throw notFound('Set-aside request');
    await writeAudit(tx, ctx, {
      action,
      resourceType: 'cdp_raw_request',
      resourceId: requestId,
      changes: { source_id: sourceId, messages: changed.messageCount },
    });
  });
}
