import { and, eq, inArray } from 'drizzle-orm';
import type { SegmentType } from '@stratum/contracts';
import type { Db } from '../../../db/client';
import { inScope, tenantScope } from '../../../db/scope';
import { cdpProfileIdentifiers } from '../../../models';
import type { AliasedUserId } from '../identity/aliased-user-ids';
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
 * person) when the tenant already holds it as one, or a message of the same chunk identifies someone by it;
 * otherwise it is an anonymous id, the common case of a visitor who signs up, and noted (see aliasedUserIdHashes) so
 * that a user id first seen later still joins it.
 */
export async function previousUserIds(
  db: Db,
  tenantId: string,
  keys: TenantPiiKeys,
  settings: Pick<CdpSettings, 'defaultPhoneRegion' | 'blockedValues'>,
  requests: QueuedSegmentRequest[],
): Promise<ReadonlySet<string>> {
  const previous = new Set<string>();
  const identified = new Set<string>();
  const read = new Set<QueuedSegmentRequest>();
  const readIds = (request: QueuedSegmentRequest) => {
    read.add(request);
    for (const message of messagesIn(request)) {
      const { type, previousId, userId } = message;
      // Trimmed, as the message schema reads ids (segmentToEvent compares the parsed value).
      if ((request.forced_type ?? type) === 'alias') {
        if (typeof previousId === 'string' || typeof previousId === 'number') previous.add(String(previousId).trim());
      } else if (typeof userId === 'string' || typeof userId === 'number') {
        identified.add(String(userId).trim());
      }
    }
  };
  // Most requests hold no alias, and most chunks none: substring tests spare parsing payloads a second time.
  for (const request of requests) {
    if (request.format === 'segment' && (request.forced_type === 'alias' || request.payload.includes('"alias"'))) readIds(request);
  }
  // As the ids appear in JSON text (a quote or a backslash in an id is escaped there).
  const named = [...previous].map((id) => JSON.stringify(id).slice(1, -1));
  for (const request of named.length ? requests : []) {
    if (!read.has(request) && request.format === 'segment' && named.some((id) => request.payload.includes(id))) readIds(request);
  }

  const found = new Set([...previous].filter((id) => identified.has(id)));
  const byHash = new Map<string, string>();
  for (const id of previous) {
    const hash = found.has(id) ? null : hashAs('external_id', keys, settings, id);
    if (hash) byHash.set(hash, id);
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

function messagesIn(request: QueuedSegmentRequest): Record<string, unknown>[] {
  let batch: unknown;
  try {
    batch = (JSON.parse(request.payload) as { batch?: unknown }).batch;
  } catch {
    return []; // the mapping reports it
  }
  return Array.isArray(batch) ? batch.filter((m): m is Record<string, unknown> => typeof m === 'object' && m !== null) : [];
}

/**
 * An alias's previous id taken as an anonymous id, as the two hashes the pipeline needs to join it with the user id
 * it may turn out to be (see aliasedUserIds); null when it is no usable user id.
 */
export function aliasedUserIdHashes(
  keys: TenantPiiKeys,
  settings: Pick<CdpSettings, 'defaultPhoneRegion' | 'blockedValues'>,
  previousId: string,
): AliasedUserId | null {
  const user_id_hash = hashAs('external_id', keys, settings, previousId);
  const anonymous_hash = hashAs('anonymous_id', keys, settings, previousId);
  return user_id_hash && anonymous_hash ? { user_id_hash, anonymous_hash } : null;
}

/** An id's lookup hash as an identifier of `type`, normalised as the pipeline does; null when it is not usable as one. */
function hashAs(type: string, keys: TenantPiiKeys, settings: Pick<CdpSettings, 'defaultPhoneRegion' | 'blockedValues'>, id: string): string | null {
  const normalised = normalizeIdentifier(type, id, { defaultRegion: settings.defaultPhoneRegion, blockedValues: settings.blockedValues });
  return normalised.ok ? lookupHash(keys, type, normalised.value) : null;
}
