import { and, eq, inArray } from 'drizzle-orm';
import type { SegmentType } from '@stratum/contracts';
import type { Db } from '../../../db/client';
import { inScope, tenantScope } from '../../../db/scope';
import { cdpProfileIdentifiers } from '../../../models';
import { normalizeIdentifier } from '../identity/normalize';
import { lookupHash, type TenantPiiKeys } from '../identity/pii-crypto';
import type { CdpSettings } from '../tenant-cdp-settings';

/** What the drain reads of a queued request here. */
interface QueuedSegmentRequest {
  format: 'segment' | 'cdp';
  payload: string;
  forced_type: SegmentType | null;
}

/**
 * The previous ids of queued alias messages that are user ids. Segment's `previousId` is either the anonymous id a
 * person had or a user id they were identified by before, and the message does not say which. It is taken as a user
 * id (an external id, so the alias joins the two user ids, or records a conflict when the tenant allows one per
 * person) when the tenant already holds it as one, or a message of the same request identifies someone by it;
 * otherwise it is an anonymous id, the common case of a visitor who signs up.
 *
 * A user id first seen after the alias that named it stays apart from it (the alias linked it as an anonymous id).
 */
export async function previousUserIds(
  db: Db,
  tenantId: string,
  keys: TenantPiiKeys,
  settings: Pick<CdpSettings, 'defaultPhoneRegion' | 'blockedValues'>,
  requests: QueuedSegmentRequest[],
): Promise<ReadonlySet<string>> {
  const previous = new Set<string>();
  const identifiedInRequest = new Set<string>();
  for (const request of requests) {
    // Most requests hold no alias: a substring test spares parsing their payloads a second time.
    if (request.format !== 'segment' || (request.forced_type !== 'alias' && !request.payload.includes('"alias"'))) continue;
    let batch: unknown;
    try {
      batch = (JSON.parse(request.payload) as { batch?: unknown }).batch;
    } catch {
      continue; // the mapping reports it
    }
    if (!Array.isArray(batch)) continue;
    for (const message of batch as unknown[]) {
      if (typeof message !== 'object' || message === null) continue;
      const { type, previousId, userId } = message as Record<string, unknown>;
      // Trimmed, as the message schema reads ids (segmentToEvent compares the parsed value).
      if ((request.forced_type ?? type) === 'alias') {
        if (typeof previousId === 'string' || typeof previousId === 'number') previous.add(String(previousId).trim());
      } else if (typeof userId === 'string' || typeof userId === 'number') {
        identifiedInRequest.add(String(userId).trim());
      }
    }
  }

  const found = new Set([...previous].filter((id) => identifiedInRequest.has(id)));
  const byHash = new Map<string, string>();
  for (const id of previous) {
    if (found.has(id)) continue;
    const normalised = normalizeIdentifier('external_id', id, { defaultRegion: settings.defaultPhoneRegion, blockedValues: settings.blockedValues });
    if (normalised.ok) byHash.set(lookupHash(keys, 'external_id', normalised.value), id);
  }
  if (!byHash.size) return found;
  const held = await inScope(db, tenantScope(tenantId), (tx) =>
    tx
      .selectDistinct({ hash: cdpProfileIdentifiers.lookupHash })
      .from(cdpProfileIdentifiers)
      .where(and(eq(cdpProfileIdentifiers.tenantId, tenantId), inArray(cdpProfileIdentifiers.lookupHash, [...byHash.keys()]))),
  );
  for (const { hash } of held) found.add(byHash.get(hash)!);
  return found;
}
