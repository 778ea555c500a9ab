import { and, desc, eq, gt, gte, lt, lte, max, min, sql } from 'drizzle-orm';
import type { CountedAheadPaginated, StoredEvent, eventListQuerySchema } from '@stratum/contracts';
import type { z } from 'zod';
import { requireTenant, type RequestContext } from '../../../auth/context';
import type { Db, Executor } from '../../../db/client';
import { inScope, tenantScope } from '../../../db/scope';
import { selectPage } from '../../../db/select-page';
import { cdpEventRollups, cdpEvents, type EventRow } from '../../../models';

export const toEventView = (row: EventRow): StoredEvent => ({
  id: row.id,
  profile_id: row.profileId,
  source_id: row.sourceId,
  event_name: row.eventName,
  event_time: row.eventTime.toISOString(),
  received_at: row.receivedAt.toISOString(),
  idempotency_key: row.idempotencyKey,
  properties: row.properties,
  context: row.context,
  // Types only: the stored lookup hashes are no business of the caller.
  identifier_types: row.identifiers.map((i) => i.type),
  emq_score: row.emqScore,
  status: row.status,
});

/** Recent events, newest first; the console's event explorer and a profile's timeline. Counted ahead: a tenant holds millions. */
export async function listEvents(
  db: Db,
  ctx: RequestContext,
  query: z.output<typeof eventListQuerySchema>,
): Promise<CountedAheadPaginated<StoredEvent>> {
  const tenantId = requireTenant(ctx);
  return inScope(db, tenantScope(tenantId), async (tx) => {
    // Names and profiles have indexes of their own; a source alone is read through the time index, within its span.
    const span = query.source_id && !query.event_name && !query.profile_id ? await sourceSpan(tx, tenantId, query.source_id) : undefined;
    const where = and(
      eq(cdpEvents.tenantId, tenantId),
      query.event_name ? eq(cdpEvents.eventName, query.event_name) : undefined,
      query.source_id ? eq(cdpEvents.sourceId, query.source_id) : undefined,
      query.profile_id ? eq(cdpEvents.profileId, query.profile_id) : undefined,
      query.from ? gte(cdpEvents.eventTime, new Date(query.from)) : undefined,
      query.to ? lte(cdpEvents.eventTime, new Date(query.to)) : undefined,
      span === null ? sql`false` : undefined,
      span ? and(gte(cdpEvents.eventTime, span.from), lt(cdpEvents.eventTime, span.until)) : undefined,
    );
    return selectPage(tx, cdpEvents, where, [desc(cdpEvents.eventTime), desc(cdpEvents.id)], query, toEventView, 'ahead');
  });
}

const HOUR_MS = 3_600_000;

/**
 * The hours between a source's first and last events, from the hourly rollups (which every write keeps, in the
 * same transaction; retention leaves them in place, so the span may be wider, never narrower); null when it has
 * none. A source that sent little, or only for a while (an import, a test), is then a range of the tenant's time
 * index, not a read of all its events newest first until enough turn up (seconds at ten million events).
 */
async function sourceSpan(tx: Executor, tenantId: string, sourceId: string): Promise<{ from: Date; until: Date } | null> {
  const [row] = await tx
    .select({ first: min(cdpEventRollups.hour), last: max(cdpEventRollups.hour) })
    .from(cdpEventRollups)
    .where(and(eq(cdpEventRollups.tenantId, tenantId), eq(cdpEventRollups.sourceId, sourceId), gt(cdpEventRollups.events, 0)));
  if (!row?.first || !row.last) return null;
  return { from: new Date(row.first), until: new Date(new Date(row.last).getTime() + HOUR_MS) };
}
