import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../../db/client';
import { json } from '../identity/identity-sql';

/** The stored events either side of an event that arrived after its profile had seen later ones. */
export interface SessionNeighbours {
  /** The time of the latest stored event at or before it; undefined when it is the profile's earliest. */
  prev: number | undefined;
  /** The earliest stored event after it (whose session start it may take over). */
  next: { id: string; at: number; eventName: string; sourceId: string | null } | undefined;
}

/**
 * For each late event (earlier than its profile's last seen time), its neighbours among the events stored on its
 * profile or on the profiles merged into it by this batch (whose events are about to move there). Sessions are
 * counted from gaps between neighbouring events, so an event arriving out of order needs both to count right.
 * Each (event, profile) pair is two probes of the (tenant, profile, time, id) index; the closest of a group wins.
 */
export async function sessionNeighbours(
  tx: Executor,
  tenantId: string,
  late: { eventId: string; at: number; profileIds: string[] }[],
): Promise<Map<string, SessionNeighbours>> {
  const pairs = late.flatMap((e) => e.profileIds.map((profile_id) => ({ event_id: e.eventId, at: new Date(e.at).toISOString(), profile_id })));
  if (pairs.length === 0) return new Map();
  const rows = await queryRows<{ event_id: string; prev_time: string | Date | null; next_id: string | null; next_time: string | Date | null; next_name: string | null; next_source: string | null }>(
    tx,
    sql`select x.event_id, prev.event_time as prev_time, next.id as next_id, next.event_time as next_time, next.event_name as next_name,
               next.source_id as next_source
        from jsonb_to_recordset(${json(pairs)}) as x(event_id uuid, at timestamptz, profile_id uuid)
        left join lateral (select e.event_time from cdp_events e
                           where e.tenant_id = ${tenantId} and e.profile_id = x.profile_id and e.event_time <= x.at
                           order by e.event_time desc limit 1) prev on true
        left join lateral (select e.id, e.event_time, e.event_name, e.source_id from cdp_events e
                           where e.tenant_id = ${tenantId} and e.profile_id = x.profile_id and e.event_time > x.at
                           order by e.event_time, e.id limit 1) next on true`,
  );
  const found = new Map<string, SessionNeighbours>();
  for (const row of rows) {
    const seen = found.get(row.event_id) ?? { prev: undefined, next: undefined };
    const prev = row.prev_time === null ? undefined : new Date(row.prev_time).getTime();
    if (prev !== undefined && (seen.prev === undefined || prev > seen.prev)) seen.prev = prev;
    const nextAt = row.next_time === null ? undefined : new Date(row.next_time).getTime();
    // Ties broken by id, so that every late event of one gap names the same next event.
    if (nextAt !== undefined && (seen.next === undefined || nextAt < seen.next.at || (nextAt === seen.next.at && row.next_id! < seen.next.id))) {
      seen.next = { id: row.next_id!, at: nextAt, eventName: row.next_name!, sourceId: row.next_source };
    }
    found.set(row.event_id, seen);
  }
  return found;
}
