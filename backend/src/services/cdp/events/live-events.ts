import { sql } from 'drizzle-orm';
import type { LiveEvent } from '@stratum/contracts';
import { queryRows, type Db } from '../../../db/client';
import { inScope, tenantScope } from '../../../db/scope';

export interface LiveCursor {
  /** Event ids are UUIDv7 (time-ordered): "newer than this id" reads only the recent end of the index. */
  eventId: string;
  rejectedAt: string;
}

/** The cursor just before `since`: the smallest UUIDv7 of that millisecond, and the time itself. */
export function liveCursorFrom(since: Date): LiveCursor {
  const ms = since.getTime().toString(16).padStart(12, '0');
  return { eventId: `${ms.slice(0, 8)}-${ms.slice(8)}-7000-8000-000000000000`, rejectedAt: since.toISOString() };
}

/** A cursor as an SSE `id`, so a reconnecting client resumes where it stopped (its `Last-Event-ID`). */
export const encodeLiveCursor = (cursor: LiveCursor): string => `${cursor.eventId}_${cursor.rejectedAt}`;

const CURSOR = /^([0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12})_(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?Z)$/;

/**
 * Where a stream starts: after the client's `Last-Event-ID` when it sends a well-formed one, clamped to
 * [oldest, now] (a debugger replays minutes, not a day of traffic); otherwise from `fallback`.
 */
export function resumeLiveCursor(lastEventId: string | undefined, fallback: Date, oldest: Date, now = new Date()): LiveCursor {
  const match = lastEventId ? CURSOR.exec(lastEventId.trim()) : null;
  const rejectedAt = match ? new Date(match[2]!) : null;
  if (!match || !rejectedAt || Number.isNaN(rejectedAt.getTime())) return liveCursorFrom(fallback);
  const floor = liveCursorFrom(oldest);
  const ceiling = liveCursorFrom(now);
  const eventId = match[1]! < floor.eventId ? floor.eventId : match[1]! > ceiling.eventId ? ceiling.eventId : match[1]!;
  const at = Math.min(Math.max(rejectedAt.getTime(), oldest.getTime()), now.getTime());
  return { eventId, rejectedAt: new Date(at).toISOString() };
}

/** The source's events (accepted and refused) since the cursor, oldest first, and the cursor to poll from next. */
export async function liveEventsSince(db: Db, tenantId: string, sourceId: string, cursor: LiveCursor, limit = 100): Promise<{ events: LiveEvent[]; cursor: LiveCursor }> {
  return inScope(db, tenantScope(tenantId), async (tx) => {
    const accepted = await queryRows<{ id: string; event_name: string; received_at: string | Date; event_time: string | Date; profile_id: string; emq_score: number; properties: Record<string, unknown>; context: Record<string, unknown> }>(
      tx,
      sql`select id, event_name, received_at, event_time, profile_id, emq_score, properties, context from cdp_events
          where id > ${cursor.eventId}::uuid and tenant_id = ${tenantId} and source_id = ${sourceId}
          order by id limit ${limit}`,
    );
    const rejected = await queryRows<{ id: string; event_name: string | null; received_at: string | Date; reason: string }>(
      tx,
      sql`select id, event_name, received_at, reason from cdp_rejected_events
          where tenant_id = ${tenantId} and source_id = ${sourceId} and received_at > ${cursor.rejectedAt}::timestamptz
          order by received_at, id limit ${limit}`,
    );
    const iso = (v: string | Date) => new Date(v).toISOString();
    const events: LiveEvent[] = [
      ...accepted.map((e) => ({ kind: 'accepted' as const, id: e.id, event_name: e.event_name, received_at: iso(e.received_at), event_time: iso(e.event_time), profile_id: e.profile_id, emq_score: e.emq_score, reason: null, properties: e.properties, context: e.context })),
      ...rejected.map((r) => ({ kind: 'rejected' as const, id: r.id, event_name: r.event_name, received_at: iso(r.received_at), event_time: null, profile_id: null, emq_score: null, reason: r.reason, properties: null, context: null })),
    ].sort((a, b) => a.received_at.localeCompare(b.received_at));
    return {
      events,
      cursor: {
        eventId: accepted.at(-1)?.id ?? cursor.eventId,
        rejectedAt: rejected.length ? iso(rejected.at(-1)!.received_at) : cursor.rejectedAt,
      },
    };
  });
}
