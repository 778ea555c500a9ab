import { sql } from 'drizzle-orm';
import { segmentTimeSchema, trackedEventSchema, type RejectionCode, type SegmentType } from '@stratum/contracts';
import type { AppConfig } from '../../../core/config';
import { uuidv7 } from '../../../core/ids';
import { queryRows, type Db } from '../../../db/client';
import { dataDependentCode } from '../../../db/errors';
import { withRetry } from '../../../db/retry';
import { inScope, tenantScope } from '../../../db/scope';
import { cdpRawEvents } from '../../../models';
import { noteAliasedUserIds, type AliasedUserId } from '../identity/aliased-user-ids';
import { json, lockTenantIdentity } from '../identity/identity-sql';
import { tenantPiiKeys, type TenantPiiKeys } from '../identity/pii-crypto';
import { aliasedUserIdHashes, previousUserIds } from '../tracking/alias-previous-ids';
import { segmentToEvent } from '../tracking/segment-to-event';
import { cdpSettings, type CdpSettings } from '../tenant-cdp-settings';
import { writeBatch, type IngestTarget } from './ingest-events';
import { prepareEvent, type PreparedEvent } from './prepare-events';
import { eventNameOf, insertRejections, type Rejection } from './rejections';
import { consumeLeasedIngestQuota } from './rate-limit';

/**
 * Messages per drained chunk on a database server (a chunk holds at least one queued request, whatever its size).
 * A transaction costs a fixed tens of milliseconds besides its rows, so the drain takes bigger chunks than an API
 * batch: measured with `npm run bench:collect`, 1000 → 5,200 events/s, 4000 → 6,800, 8000 → 7,600. Each chunk holds
 * the tenant's lock for its duration (about half a second here), which a synchronous batch of the tenant may wait.
 */
export const DRAIN_CHUNK = 5000;
/**
 * On the embedded database every statement of the process shares one connection, so a chunk's transaction holds up
 * every request (tracking acknowledgements, the console) while it runs: smaller chunks keep those waits short.
 */
export const EMBEDDED_DRAIN_CHUNK = 1000;
/** How long a request set aside as failing (see commitChunk) is kept for a retry before it is purged. */
export const SET_ASIDE_KEPT_DAYS = 7;
/**
 * Payload bytes per chunk besides its messages: 500 requests of 500 KB each would make one statement of a quarter
 * of a gigabyte. A chunk still holds at least one request.
 */
const DRAIN_CHUNK_BYTES = 16 * 1024 * 1024;
/** How many queued requests one read looks at (a chunk's messages arrive in anything from 1 to 5000 requests). */
const DRAIN_ROWS = 500;

/** One acknowledged request, as the fast path stores it: its messages as received, mapped when drained. */
export type QueuedRequest =
  | { format: 'segment'; payload: string; messageCount: number; forcedType?: SegmentType; requestIp: string }
  | { format: 'cdp'; payload: string; messageCount: number };

/**
 * The fast path's durable write: one row per request, whatever the number of events, after the request has been
 * validated and its quota taken. Once it commits, the events are safe; identity resolution follows asynchronously
 * (see drainChunk).
 *
 * A single autocommit statement on the platform connection, not a tenant-scoped transaction: the row's only tenant
 * is the one the verified source key names, so the row-level check would compare that value with itself, and the
 * scoped transaction's four round trips (begin, scope, insert, commit) cost a fifth of the acknowledgement's
 * throughput (bench:collect). The drain reads and deletes these rows in the tenant's scope.
 */
export async function enqueueRawEvents(db: Db, target: IngestTarget, request: QueuedRequest, dedupeWindowHours: number): Promise<void> {
  const settings = await cdpSettings(db, target.tenantId);
  await consumeLeasedIngestQuota(db, target.tenantId, request.messageCount, settings.ingestEventsPerMinute);
  await enqueueStatement(db).execute({
    id: uuidv7(),
    tenantId: target.tenantId,
    sourceId: target.sourceId,
    receivedAt: new Date(),
    format: request.format,
    payload: request.payload,
    messageCount: request.messageCount,
    forcedType: request.format === 'segment' ? (request.forcedType ?? null) : null,
    requestIp: request.format === 'segment' ? request.requestIp : null,
    dedupeWindowHours,
  });
}

/** The enqueue, built once per database handle (building an insert costs as much as sending it). */
const enqueueStatements = new WeakMap<Db, ReturnType<typeof buildEnqueueStatement>>();
const enqueueStatement = (db: Db) => {
  let statement = enqueueStatements.get(db);
  if (!statement) enqueueStatements.set(db, (statement = buildEnqueueStatement(db)));
  return statement;
};
const buildEnqueueStatement = (db: Db) =>
  db
    .insert(cdpRawEvents)
    .values({
      id: sql.placeholder('id'),
      tenantId: sql.placeholder('tenantId'),
      sourceId: sql.placeholder('sourceId'),
      receivedAt: sql.placeholder('receivedAt'),
      format: sql.placeholder('format'),
      payload: sql.placeholder('payload'),
      messageCount: sql.placeholder('messageCount'),
      forcedType: sql.placeholder('forcedType'),
      requestIp: sql.placeholder('requestIp'),
      dedupeWindowHours: sql.placeholder('dedupeWindowHours'),
    })
    .prepare('cdp_enqueue_raw_events');

export interface RawRow {
  id: string;
  source_id: string | null;
  received_at: string | Date;
  format: QueuedRequest['format'];
  payload: string;
  forced_type: SegmentType | null;
  request_ip: string | null;
  dedupe_window_hours: number;
}

/** One queued message, mapped to a CDP event (or refused) and prepared. */
interface ChunkItem {
  row: RawRow;
  eventName: string | null;
  prepared: PreparedEvent | { error: string; code: RejectionCode };
  /** For an alias whose previous id was taken as an anonymous id: noted once the alias is accepted. */
  aliasedUserId?: AliasedUserId;
}

/** A chunk read from the queue and prepared (mapped, validated, normalised, hashed) before any lock is taken. */
export interface PreparedChunk {
  tenantId: string;
  rows: RawRow[];
  items: ChunkItem[];
  lastId: string | null;
}

/** Reads the oldest queued requests (after `afterId` when prefetching) and prepares their messages; nothing is locked. */
export async function readChunk(
  db: Db,
  config: AppConfig,
  tenantId: string,
  afterId: string | null = null,
  maxMessages = DRAIN_CHUNK,
): Promise<PreparedChunk> {
  const settings = await cdpSettings(db, tenantId);
  const keys = tenantPiiKeys(config.encryptionMasterKey, tenantId);
  // The oldest requests up to maxMessages messages in all, and always at least one.
  const rows = await inScope(db, tenantScope(tenantId), (tx) =>
    queryRows<RawRow>(
      tx,
      sql`select id, source_id, received_at, format, payload, forced_type, request_ip, dedupe_window_hours from (
            select *, sum(message_count) over (order by id) - message_count as before,
                   sum(bytes) over (order by id) as bytes_up_to from (
              select id, source_id, received_at, format, payload, forced_type, request_ip, dedupe_window_hours, message_count,
                     octet_length(payload) as bytes
              from cdp_raw_events where tenant_id = ${tenantId} and failed_at is null ${afterId ? sql`and id > ${afterId}::uuid` : sql``}
              order by id limit ${DRAIN_ROWS}) oldest) counted
          where before = 0 or (before + message_count <= ${maxMessages} and bytes_up_to <= ${DRAIN_CHUNK_BYTES}) order by id`,
    ),
  );
  const aliased = await previousUserIds(db, tenantId, keys, settings, rows);
  const items: ChunkItem[] = [];
  for (const row of rows) {
    const receivedAt = new Date(row.received_at);
    for (const mapped of readableMessagesOf(row, receivedAt, aliased)) {
      const index = items.length;
      if (!mapped.ok) {
        items.push({ row, eventName: mapped.eventName, prepared: { error: mapped.error, code: 'invalid_message' } });
        continue;
      }
      const result = prepareEvent(mapped.event, index, keys, settings, receivedAt, trackedEventSchema);
      items.push({
        row,
        eventName: eventNameOf(mapped.event),
        prepared: result.ok ? result.value : { error: result.error, code: result.code },
        aliasedUserId: (mapped.aliasedUserId && aliasedUserIdHashes(keys, settings, mapped.aliasedUserId)) || undefined,
      });
    }
  }
  return { tenantId, rows, items, lastId: rows.at(-1)?.id ?? null };
}

/**
 * The lookup hashes of every identifier a queued request's messages carry, as the drain would resolve them (aliases
 * aside): how erasure finds a person's requests among those set aside.
 */
export function carriedIdentifierHashes(row: RawRow, keys: TenantPiiKeys, settings: CdpSettings): Set<string> {
  const receivedAt = new Date(row.received_at);
  const hashes = new Set<string>();
  for (const [index, mapped] of readableMessagesOf(row, receivedAt, new Set()).entries()) {
    if (!mapped.ok) continue;
    const result = prepareEvent(mapped.event, index, keys, settings, receivedAt, trackedEventSchema);
    if (result.ok) for (const identifier of result.value.identifiers) hashes.add(identifier.hash);
  }
  return hashes;
}

type QueuedMessage = { ok: true; event: unknown; aliasedUserId?: string } | { ok: false; eventName: string | null; error: string };

/**
 * A request the drain cannot read (a payload damaged outside the API, a message that trips the mapping) becomes one
 * refused entry for the debugger instead of an error that would stop the tenant's whole queue at that row.
 */
function readableMessagesOf(row: RawRow, receivedAt: Date, previousUserIds: ReadonlySet<string>): QueuedMessage[] {
  try {
    return messagesOf(row, receivedAt, previousUserIds);
  } catch (err) {
    return [{ ok: false, eventName: null, error: `the queued request could not be read (${err instanceof Error ? err.name : 'error'})` }];
  }
}

/** The CDP events a queued request holds: Segment messages are mapped here, CDP events are taken as they are. */
function messagesOf(row: RawRow, receivedAt: Date, previousUserIds: ReadonlySet<string>): QueuedMessage[] {
  if (row.format === 'cdp') return (JSON.parse(row.payload) as unknown[]).map((event) => ({ ok: true, event }));
  const body = JSON.parse(row.payload) as { batch: unknown[]; sentAt?: string; context?: Record<string, unknown> };
  const options = {
    forcedType: row.forced_type ?? undefined,
    // As the acknowledgement read it (any ISO 8601 form, UTC where no zone is given).
    batchSentAt: segmentTimeSchema.safeParse(body.sentAt).data,
    batchContext: body.context,
    receivedAt,
    requestIp: row.request_ip ?? '',
    previousUserIds,
  };
  return body.batch.map((message) => {
    const mapped = segmentToEvent(message, options);
    if (mapped.ok) return mapped;
    const m = message as { event?: unknown; type?: unknown } | null;
    return { ok: false, eventName: eventNameOf({ event_name: m?.event ?? m?.type }), error: mapped.error };
  });
}

/**
 * Writes a prepared chunk under the tenant's identity lock. The requests are claimed by deleting their rows in the
 * same transaction: if another drainer already processed some, only the rest are written, so several API or worker
 * processes can drain at once and every event is still processed exactly once, oldest first. Events the pipeline
 * refuses (no usable identifier, a suppressed subject) are noted for the debugger. Returns the events claimed.
 *
 * A request whose events the database refuses on their own (see DATA_DEPENDENT) is set aside, so one bad request
 * cannot stop its tenant's queue behind it: retried as it was, it would fail again, forever.
 */
export async function commitChunk(db: Db, config: AppConfig, chunk: PreparedChunk): Promise<number> {
  try {
    return await commitRows(db, config, chunk);
  } catch (err) {
    const code = dataDependentCode(err);
    if (!code) throw err;
    if (chunk.rows.length === 1) {
      await setAside(db, chunk, code);
      return 0;
    }
    // Find the requests whose events fail, one request at a time, in order, and set aside those that fail alone.
    let events = 0;
    const failures: { row: RawRow; code: string }[] = [];
    for (const row of chunk.rows) {
      try {
        events += await commitRows(db, config, { ...chunk, rows: [row] });
      } catch (alone) {
        const aloneCode = dataDependentCode(alone);
        if (!aloneCode) throw alone;
        failures.push({ row, code: aloneCode });
      }
    }
    // When every one fails alone the fault may not be in the data (a defect, a trigger): only the oldest is set
    // aside and the rest wait for the next attempt, so such a fault moves one request aside per attempt rather than
    // the whole queue, while requests that are each bad (two in one chunk) no longer stop the queue for good.
    if (failures.length === chunk.rows.length) {
      await setAside(db, { ...chunk, rows: [failures[0]!.row] }, failures[0]!.code);
      throw err;
    }
    for (const { row, code: failure } of failures) await setAside(db, { ...chunk, rows: [row] }, failure);
    return events;
  }
}

/** Marks a request that fails on its own so the drain passes it by, and notes its events for the debugger. */
async function setAside(db: Db, chunk: PreparedChunk, code: string): Promise<void> {
  const [row] = chunk.rows;
  const reason = `could not be stored (SQLSTATE ${code}); the request is kept aside for ${SET_ASIDE_KEPT_DAYS} days`;
  await inScope(db, tenantScope(chunk.tenantId), async (tx) => {
    // Another drainer may have set it aside meanwhile: its events are noted once.
    const marked = await queryRows<{ id: string }>(
      tx,
      sql`update cdp_raw_events set failed_at = now(), failure = ${`SQLSTATE ${code}`}
          where tenant_id = ${chunk.tenantId} and id = ${row!.id} and failed_at is null returning id`,
    );
    if (marked.length === 0) return;
    await insertRejections(tx, chunk.tenantId, chunk.items.filter((item) => item.row.id === row!.id).map((item) => rejectionOf(item, reason, 'not_stored')));
  });
}

async function commitRows(db: Db, config: AppConfig, chunk: PreparedChunk): Promise<number> {
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
      const aliased: AliasedUserId[] = [];
      let events = 0;
      // Consecutive runs with the same source and dedupe window go through the pipeline together.
      let run: { sourceId: string | null; window: number; events: PreparedEvent[] } | null = null;
      const flush = async () => {
        if (!run?.events.length) return;
        const results = await writeBatch(tx, { tenantId, sourceId: run.sourceId }, settings, keys, run.events, run.window);
        for (const r of results) {
          const item = chunk.items[r.index]!;
          if (r.status === 'rejected') rejections.push(rejectionOf(item, r.error ?? 'rejected', r.error_code ?? 'invalid_field'));
          else if (r.status === 'accepted' && item.aliasedUserId) aliased.push(item.aliasedUserId);
        }
        // Noted before the next run, whose events may identify someone by such an id.
        await noteAliasedUserIds(tx, tenantId, aliased.splice(0));
      };
      for (const item of chunk.items) {
        const { row, prepared } = item;
        if (!claimed.has(row.id)) continue;
        events += 1;
        if (!run || run.sourceId !== row.source_id || run.window !== row.dedupe_window_hours) {
          await flush();
          run = { sourceId: row.source_id, window: row.dedupe_window_hours, events: [] };
        }
        if ('error' in prepared) rejections.push(rejectionOf(item, prepared.error, prepared.code));
        else run.events.push(prepared);
      }
      await flush();
      await insertRejections(tx, tenantId, rejections);
      return events;
    }),
  );
}

/**
 * Drains one chunk (read, prepare, commit). Returns the events this call claimed: 0 when the queue is empty, or
 * when another drainer took the chunk first (that drainer carries on).
 */
export async function drainChunk(db: Db, config: AppConfig, tenantId: string): Promise<number> {
  const chunk = await readChunk(db, config, tenantId);
  return chunk.rows.length === 0 ? 0 : commitChunk(db, config, chunk);
}

const rejectionOf = ({ row, eventName }: ChunkItem, reason: string, code: RejectionCode): Rejection => ({
  source_id: row.source_id,
  received_at: new Date(row.received_at).toISOString(),
  event_name: eventName,
  reason,
  reason_code: code,
});

export async function tenantsWithQueuedEvents(db: Db): Promise<string[]> {
  const rows = await queryRows<{ tenant_id: string }>(db, sql`select distinct tenant_id from cdp_raw_events where failed_at is null limit 500`);
  return rows.map((r) => r.tenant_id);
}
