import { and, asc, desc, eq, gt, inArray, isNotNull } from 'drizzle-orm';
import type { SegmentType, SetAsideRequest } from '@stratum/contracts';
import { requireTenant, type RequestContext } from '../../../auth/context';
import { notFound } from '../../../core/errors';
import type { AppConfig } from '../../../core/config';
import type { Db, Executor } from '../../../db/client';
import { inScope, tenantScope } from '../../../db/scope';
import { writeAudit } from '../../../middleware/audit';
import { cdpRawEvents } from '../../../models';
import { findSource } from '../sources/manage-sources';
import { tenantPiiKeys } from '../identity/pii-crypto';
import { cdpSettings } from '../tenant-cdp-settings';
import { carriedIdentifierHashes, SET_ASIDE_KEPT_DAYS } from './raw-event-queue';

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

/** Set-aside requests are read this many at a time by discardSetAsideCarrying (each is up to 500 KB). */
const ERASURE_PAGE = 100;

/**
 * Deletes the tenant's set-aside requests that carry any of `hashes` (an erased person's identifiers): kept for a
 * retry, they would otherwise hold the person's messages, in clear, for up to SET_ASIDE_KEPT_DAYS after the erasure.
 * Queued requests need nothing: the drain refuses their events as suppressed and deletes them. Returns how many went.
 */
export async function discardSetAsideCarrying(tx: Executor, config: AppConfig, tenantId: string, hashes: ReadonlySet<string>): Promise<number> {
  if (hashes.size === 0) return 0;
  const keys = tenantPiiKeys(config.encryptionMasterKey, tenantId);
  const settings = await cdpSettings(tx, tenantId);
  let discarded = 0;
  for (let after: string | null = null; ; ) {
    const page = await tx
      .select({
        id: cdpRawEvents.id,
        source_id: cdpRawEvents.sourceId,
        received_at: cdpRawEvents.receivedAt,
        format: cdpRawEvents.format,
        payload: cdpRawEvents.payload,
        forced_type: cdpRawEvents.forcedType,
        request_ip: cdpRawEvents.requestIp,
        dedupe_window_hours: cdpRawEvents.dedupeWindowHours,
      })
      .from(cdpRawEvents)
      .where(and(eq(cdpRawEvents.tenantId, tenantId), isNotNull(cdpRawEvents.failedAt), after ? gt(cdpRawEvents.id, after) : undefined))
      .orderBy(asc(cdpRawEvents.id))
      .limit(ERASURE_PAGE);
    // The column holds only the types the tracking API wrote (see RawRow).
    const carries = (row: (typeof page)[number]) => carriedIdentifierHashes({ ...row, forced_type: row.forced_type as SegmentType | null }, keys, settings);
    const carrying = page.filter((row) => [...carries(row)].some((hash) => hashes.has(hash)));
    if (carrying.length) {
      await tx.delete(cdpRawEvents).where(and(eq(cdpRawEvents.tenantId, tenantId), inArray(cdpRawEvents.id, carrying.map((row) => row.id))));
      discarded += carrying.length;
    }
    if (page.length < ERASURE_PAGE) return discarded;
    after = page.at(-1)!.id;
  }
}
