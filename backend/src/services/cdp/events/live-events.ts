import { sql } from 'drizzle-orm';
import type { LiveEvent } from '@stratum/contracts';
import { uuidv7 } from '../../../core/ids';
import { queryRows, type Db } from '../../../db/client';
import { inScope, tenantScope } from '../../../db/scope';

export interface LiveCursor {
  /** Event ids are UUIDv7 (time-ordered): "newer than this id" reads only the recent end of the index. */
  eventId: string;
  rejectedAt: string;
}

export const liveCursorFrom = (since: Date): LiveCursor => ({ eventId: uuidv7(since.getTime()).replace(/-[^-]+$/, '-000000000000'), rejectedAt: since.toISOString() });

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
