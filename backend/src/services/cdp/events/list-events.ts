import { and, desc, eq, gte, lte } from 'drizzle-orm';
import type { CountedAheadPaginated, StoredEvent, eventListQuerySchema } from '@stratum/contracts';
import type { z } from 'zod';
import { requireTenant, type RequestContext } from '../../../auth/context';
import type { Db } from '../../../db/client';
import { inScope, tenantScope } from '../../../db/scope';
import { selectPage } from '../../../db/select-page';
import { cdpEvents, type EventRow } from '../../../models';
import { maskPersonalData, maskPersonalText } from '../identity/mask-personal-data';
import { canReadPii } from '../profiles/profile-view';

/** `clear`: whether the caller may read PII (emails and phones in properties and context are masked otherwise). */
export const toEventView = (row: EventRow, clear: boolean): StoredEvent => ({
  id: row.id,
  profile_id: row.profileId,
  source_id: row.sourceId,
  // Stored verbatim: a name built from a form's input may hold an email or a phone.
  event_name: clear ? row.eventName : maskPersonalText(row.eventName),
  event_time: row.eventTime.toISOString(),
  received_at: row.receivedAt.toISOString(),
  idempotency_key: row.idempotencyKey,
  properties: clear ? row.properties : maskPersonalData(row.properties),
  context: clear ? row.context : maskPersonalData(row.context),
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
  const clear = canReadPii(ctx);
  return inScope(db, tenantScope(tenantId), async (tx) => {
    // Names, sources and profiles each have an index that reads a page in order (see cdpEvents).
    const where = and(
      eq(cdpEvents.tenantId, tenantId),
      query.event_name ? eq(cdpEvents.eventName, query.event_name) : undefined,
      query.source_id ? eq(cdpEvents.sourceId, query.source_id) : undefined,
      query.profile_id ? eq(cdpEvents.profileId, query.profile_id) : undefined,
      query.from ? gte(cdpEvents.eventTime, new Date(query.from)) : undefined,
      query.to ? lte(cdpEvents.eventTime, new Date(query.to)) : undefined,
    );
    return selectPage(tx, cdpEvents, where, [desc(cdpEvents.eventTime), desc(cdpEvents.id)], query, (row) => toEventView(row, clear), 'ahead');
  });
}
