import { sql } from 'drizzle-orm';
import { trackedEventSchema } from '@stratum/contracts';
import type { AppConfig } from '../../../core/config';
import { uuidv7 } from '../../../core/ids';
import { queryRows, type Db } from '../../../db/client';
import { withRetry } from '../../../db/retry';
import { inScope, tenantScope } from '../../../db/scope';
import { json, lockTenantIdentity } from '../identity/identity-sql';
import { tenantPiiKeys } from '../identity/pii-crypto';
import { cdpSettings } from '../tenant-cdp-settings';
import { writeBatch, type IngestTarget } from './ingest-events';
import { prepareEvent, type PreparedEvent } from './prepare-events';
import { eventNameOf, insertRejections, type Rejection } from './rejections';
import { consumeIngestQuotaIn } from './rate-limit';

const DRAIN_CHUNK = 1000;

/**
 * The fast path's durable write: one set-based insert of already-validated events. Once it commits, the events
 * are safe; identity resolution follows asynchronously (see drainTenant).
 */
export async function enqueueRawEvents(
  db: Db,
  target: IngestTarget,
  events: Record<string, unknown>[],
  dedupeWindowHours: number,
): Promise<void> {
  const settings = await cdpSettings(db, target.tenantId);
  const receivedAt = new Date().toISOString();
  const rows = events.map((event) => ({ id: uuidv7(), event }));
  // Quota and queue in one transaction: one commit (one WAL flush) per request.
  await inScope(db, tenantScope(target.tenantId), async (tx) => {
    await consumeIngestQuotaIn(tx, target.tenantId, events.length, settings.ingestEventsPerMinute);
    await tx.execute(sql`
      insert into cdp_raw_events (id, tenant_id, source_id, received_at, event, dedupe_window_hours)
      select x.id, ${target.tenantId}, ${target.sourceId}, ${receivedAt}, x.event, ${dedupeWindowHours}
      from jsonb_to_recordset(${json(rows)}) as x(id uuid, event jsonb)`);
  });
}

interface RawRow {
  id: string;
  source_id: string | null;
  received_at: string | Date;
  event: Record<string, unknown>;
  dedupe_window_hours: number;
}

/**
 * Drains one chunk of a tenant's queue, oldest first, under the tenant's identity lock: several API or worker
 * processes may call this at once and still process each event exactly once, in order (rows leave the queue in
 * the transaction that writes their results). Events the pipeline refuses (no usable identifier, a suppressed
 * subject) are dropped here, as they would have been rejected synchronously. Returns rows taken.
 */
export async function drainChunk(db: Db, config: AppConfig, tenantId: string): Promise<number> {
  const settings = await cdpSettings(db, tenantId);
  const keys = tenantPiiKeys(config.encryptionMasterKey, tenantId);
  return withRetry(() =>
    inScope(db, tenantScope(tenantId), async (tx) => {
      await lockTenantIdentity(tx, tenantId);
      const rows = await queryRows<RawRow>(
        tx,
        sql`select id, source_id, received_at, event, dedupe_window_hours from cdp_raw_events
            where tenant_id = ${tenantId} order by id limit ${DRAIN_CHUNK}`,
      );
      if (rows.length === 0) return 0;
      // Consecutive runs with the same source and dedupe window go through the pipeline together.
      let run: { sourceId: string | null; window: number; events: PreparedEvent[] } | null = null;
      const rejections: Rejection[] = [];
      const events = rows.map((row) => (typeof row.event === 'string' ? JSON.parse(row.event) : row.event) as Record<string, unknown>);
      const flush = async () => {
        if (!run?.events.length) return;
        const results = await writeBatch(tx, { tenantId, sourceId: run.sourceId }, settings, keys, run.events, run.window);
        for (const r of results) {
          if (r.status === 'rejected') rejections.push(rejectionOf(rows[r.index]!, events[r.index], r.error ?? 'rejected'));
        }
      };
      for (const [index, row] of rows.entries()) {
        const prepared = prepareEvent(events[index], index, keys, settings, new Date(row.received_at), trackedEventSchema);
        if (!run || run.sourceId !== row.source_id || run.window !== row.dedupe_window_hours) {
          await flush();
          run = { sourceId: row.source_id, window: row.dedupe_window_hours, events: [] };
        }
        if (prepared.ok) run.events.push(prepared.value);
        else rejections.push(rejectionOf(row, events[index], prepared.error));
      }
      await flush();
      await insertRejections(tx, tenantId, rejections);
      await tx.execute(sql`delete from cdp_raw_events where tenant_id = ${tenantId} and id in (select (jsonb_array_elements_text(${json(rows.map((r) => r.id))}))::uuid)`);
      return rows.length;
    }),
  );
}

const rejectionOf = (row: RawRow, event: unknown, reason: string): Rejection => ({
  source_id: row.source_id,
  received_at: new Date(row.received_at).toISOString(),
  event_name: eventNameOf(event),
  reason,
});

export async function tenantsWithQueuedEvents(db: Db): Promise<string[]> {
  const rows = await queryRows<{ tenant_id: string }>(db, sql`select distinct tenant_id from cdp_raw_events limit 500`);
  return rows.map((r) => r.tenant_id);
}
