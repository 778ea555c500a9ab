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

/** A chunk read from the queue and prepared (validated, normalised, hashed) before any lock is taken. */
export interface PreparedChunk {
  tenantId: string;
  rows: RawRow[];
  events: Record<string, unknown>[];
  prepared: (PreparedEvent | { error: string })[];
  lastId: string | null;
}

/** Reads the oldest queued rows (after `afterId` when prefetching) and prepares them; nothing is locked. */
export async function readChunk(db: Db, config: AppConfig, tenantId: string, afterId: string | null = null): Promise<PreparedChunk> {
  const settings = await cdpSettings(db, tenantId);
  const keys = tenantPiiKeys(config.encryptionMasterKey, tenantId);
  const rows = await inScope(db, tenantScope(tenantId), (tx) =>
    queryRows<RawRow>(
      tx,
      sql`select id, source_id, received_at, event, dedupe_window_hours from cdp_raw_events
          where tenant_id = ${tenantId} ${afterId ? sql`and id > ${afterId}::uuid` : sql``}
          order by id limit ${DRAIN_CHUNK}`,
    ),
  );
  const events = rows.map((row) => (typeof row.event === 'string' ? JSON.parse(row.event) : row.event) as Record<string, unknown>);
  const prepared = rows.map((row, index) => {
    const result = prepareEvent(events[index], index, keys, settings, new Date(row.received_at), trackedEventSchema);
    return result.ok ? result.value : { error: result.error };
  });
  return { tenantId, rows, events, prepared, lastId: rows.at(-1)?.id ?? null };
}

/**
 * Writes a prepared chunk under the tenant's identity lock. The rows are claimed by deleting them in the same
 * transaction: if another drainer already processed some, only the rest are written, so several API or worker
 * processes can drain at once and every event is still processed exactly once, oldest first. Events the
 * pipeline refuses (no usable identifier, a suppressed subject) are noted for the debugger. Returns rows claimed.
 */
export async function commitChunk(db: Db, config: AppConfig, chunk: PreparedChunk): Promise<number> {
  if (chunk.rows.length === 0) return 0;
  const { tenantId } = chunk;
  const settings = await cdpSettings(db, tenantId);
  const keys = tenantPiiKeys(config.encryptionMasterKey, tenantId);
  return withRetry(() =>
    inScope(db, tenantScope(tenantId), async (tx) => {
      await lockTenantIdentity(tx, tenantId);
      const claimed = new Set(
        (
          await queryRows<{ id: string }>(
            tx,
            sql`delete from cdp_raw_events where tenant_id = ${tenantId}
                and id in (select (jsonb_array_elements_text(${json(chunk.rows.map((r) => r.id))}))::uuid) returning id`,
          )
        ).map((r) => r.id),
      );
      const rejections: Rejection[] = [];
      // Consecutive runs with the same source and dedupe window go through the pipeline together.
      let run: { sourceId: string | null; window: number; events: PreparedEvent[] } | null = null;
      const flush = async () => {
        if (!run?.events.length) return;
        const results = await writeBatch(tx, { tenantId, sourceId: run.sourceId }, settings, keys, run.events, run.window);
        for (const r of results) {
          if (r.status === 'rejected') rejections.push(rejectionOf(chunk.rows[r.index]!, chunk.events[r.index], r.error ?? 'rejected'));
        }
      };
      for (const [index, row] of chunk.rows.entries()) {
        if (!claimed.has(row.id)) continue;
        if (!run || run.sourceId !== row.source_id || run.window !== row.dedupe_window_hours) {
          await flush();
          run = { sourceId: row.source_id, window: row.dedupe_window_hours, events: [] };
        }
        const prepared = chunk.prepared[index]!;
        if ('error' in prepared) rejections.push(rejectionOf(row, chunk.events[index], prepared.error));
        else run.events.push(prepared);
      }
      await flush();
      await insertRejections(tx, tenantId, rejections);
      return claimed.size;
    }),
  );
}

/**
 * Drains one chunk (read, prepare, commit). Returns the rows this call claimed: 0 when the queue is empty, or
 * when another drainer took the chunk first (that drainer carries on).
 */
export async function drainChunk(db: Db, config: AppConfig, tenantId: string): Promise<number> {
  const chunk = await readChunk(db, config, tenantId);
  return chunk.rows.length === 0 ? 0 : commitChunk(db, config, chunk);
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
