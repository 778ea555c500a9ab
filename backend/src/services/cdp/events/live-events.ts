import { sql } from 'drizzle-orm';
import { rejectionCodeSchema, type LiveEvent } from '@stratum/contracts';
import { queryRows, type Executor } from '../../../db/client';
import { uuidArray } from '../identity/identity-sql';
import { maskPersonalData, maskPersonalText } from '../identity/mask-personal-data';
import type { LiveCursor } from './live-cursor';

export type LiveKind = LiveEvent['kind'];

export interface LiveId {
  id: string;
  kind: LiveKind;
}

/**
 * The ids of the source's newest events after `after`, accepted and refused, at most `cap` of each kind, oldest
 * first. `completeFrom` is where the list is whole: when a kind reaches the cap, its older ids were not read, so
 * the ids below its oldest one (of either kind) are left out of the list too.
 *
 * Ids only, newest first under a cap: a poll costs the same however busy the source is. Events are read through
 * the primary key (UUIDv7, so "after a recent id" is the recent end of the index); refusals through their
 * source's index.
 */
export async function newestLiveIds(
  tx: Executor,
  tenantId: string,
  sourceId: string,
  after: LiveCursor,
  cap: number,
): Promise<{ ids: LiveId[]; completeFrom: string | null }> {
  const rows = await queryRows<LiveId>(
    tx,
    sql`(select id, 'accepted' as kind from cdp_events
         where tenant_id = ${tenantId} and source_id = ${sourceId} and id > ${after}::uuid order by id desc limit ${cap})
        union all
        (select id, 'rejected' as kind from cdp_rejected_events
         where tenant_id = ${tenantId} and source_id = ${sourceId} and id > ${after}::uuid order by id desc limit ${cap})`,
  );
  let completeFrom: string | null = null;
  for (const kind of ['accepted', 'rejected'] as const) {
    const ofKind = rows.filter((r) => r.kind === kind);
    if (ofKind.length < cap) continue;
    const oldest = ofKind.reduce((min, r) => (r.id < min ? r.id : min), ofKind[0]!.id);
    if (completeFrom === null || oldest > completeFrom) completeFrom = oldest;
  }
  const ids = rows.filter((r) => completeFrom === null || r.id >= completeFrom).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { ids, completeFrom };
}

/** The events behind `ids` (of the source, in the tenant's scope), in the order of `ids`. */
export async function liveEventsByIds(tx: Executor, tenantId: string, sourceId: string, ids: LiveId[], clear: boolean): Promise<LiveEvent[]> {
  const acceptedIds = ids.filter((i) => i.kind === 'accepted').map((i) => i.id);
  const rejectedIds = ids.filter((i) => i.kind === 'rejected').map((i) => i.id);
  const accepted = acceptedIds.length
    ? await queryRows<{ id: string; event_name: string; received_at: string | Date; event_time: string | Date; profile_id: string; emq_score: number; properties: Record<string, unknown>; context: Record<string, unknown> }>(
        tx,
        sql`select id, event_name, received_at, event_time, profile_id, emq_score, properties, context from cdp_events
            where tenant_id = ${tenantId} and source_id = ${sourceId} and id = any(${uuidArray(acceptedIds)})`,
      )
    : [];
  const rejected = rejectedIds.length
    ? await queryRows<{ id: string; event_name: string | null; received_at: string | Date; reason: string; reason_code: string | null }>(
        tx,
        sql`select id, event_name, received_at, reason, reason_code from cdp_rejected_events
            where tenant_id = ${tenantId} and source_id = ${sourceId} and id = any(${uuidArray(rejectedIds)})`,
      )
    : [];
  const iso = (v: string | Date) => new Date(v).toISOString();
  // Names are stored verbatim, and a refused event's name is all it shows: a name built from a form may hold PII.
  const text = <T extends string | null>(value: T): T => (clear || value === null ? value : (maskPersonalText(value) as T));
  const byId = new Map<string, LiveEvent>([
    ...accepted.map((e): [string, LiveEvent] => [e.id, { kind: 'accepted', id: e.id, event_name: text(e.event_name), received_at: iso(e.received_at), event_time: iso(e.event_time), profile_id: e.profile_id, emq_score: e.emq_score, reason: null, reason_code: null, properties: clear ? e.properties : maskPersonalData(e.properties), context: clear ? e.context : maskPersonalData(e.context) }]),
    ...rejected.map((r): [string, LiveEvent] => [r.id, { kind: 'rejected', id: r.id, event_name: text(r.event_name), received_at: iso(r.received_at), event_time: null, profile_id: null, emq_score: null, reason: text(r.reason), reason_code: rejectionCodeSchema.safeParse(r.reason_code).data ?? null, properties: null, context: null }]),
  ]);
  // A row may be gone since its id was read (a profile erased in between): it is simply not shown.
  return ids.flatMap((i) => byId.get(i.id) ?? []);
}
