import { setImmediate as nextTurn } from 'node:timers/promises';
import { uuidv7 } from '../../../core/ids';
import type { EventResult, IngestResult, RejectionCode } from '@stratum/contracts';
import type { AppConfig } from '../../../core/config';
import { pipelined, type Db, type Tx } from '../../../db/client';
import { withRetry } from '../../../db/retry';
import { inScope, tenantScope } from '../../../db/scope';
import {
  findIdentifiers,
  findSuppressed,
  insertIdentifiers,
  insertProfiles,
  loadProfileStates,
  lockTenantIdentity,
  refreshProfileIdentity,
  touchIdentifiers,
} from '../identity/identity-sql';
import { aliasedUserIds, forgetAliasedUserIds } from '../identity/aliased-user-ids';
import { mergeProfiles } from '../identity/merge-profiles';
import { encryptValue, tenantPiiKeys, type TenantPiiKeys } from '../identity/pii-crypto';
import { priorityOf } from '../identity/normalize';
import { planResolution } from '../identity/plan-resolution';
import { cdpSettings, type CdpSettings } from '../tenant-cdp-settings';
import {
  applyProfileDeltas,
  claimIdempotencyKeys,
  countSourceEvents,
  insertConflicts,
  insertEvents,
  originalsOf,
  recordConsentDecisions,
  releaseIdempotencyKeys,
  upsertLinks,
} from './event-sql';
import { prepareEvent, type PreparedEvent, type PreparedIdentifier } from './prepare-events';
import { consentDecisions, profileDeltas } from './profile-deltas';
import { sessionNeighbours } from './session-neighbours';
import { consumeLeasedIngestQuota } from './rate-limit';
import { aliasLinks, joinAliasedUserIds } from './join-aliased-user-ids';
import { addToRollups, rollupDeltas } from './rollups';
import { recordRejections } from './rejections';

export interface IngestTarget {
  tenantId: string;
  sourceId: string | null;
}

export interface IngestOptions {
  /** How long an idempotency key marks repeats as duplicates (24 h by default; imports use 7 days). */
  dedupeWindowHours?: number;
  /**
   * Runs in the batch's transaction once its events are written, with every event's result: what must commit with
   * them or not at all (an import's progress, so a crash cannot leave rows written but uncounted).
   */
  withinBatch?: (tx: Tx, results: EventResult[]) => Promise<void>;
}

/**
 * Events validated between two turns of the event loop. Validating a batch is a request's longest stretch of
 * JavaScript (about 10 µs an event); giving way about every millisecond keeps a batch that holds its
 * tenant's identity lock from waiting behind another request's validation to send its next statement
 * (bench:ingest on the server, three alternating pairs: 9.9–10.0k → 10.4–10.5k events/s).
 */
const PREPARE_SLICE = 100;

export const rejected = (index: number, error: string, code: RejectionCode): EventResult => ({
  index,
  event_id: null,
  status: 'rejected',
  profile_id: null,
  emq_score: null,
  error,
  error_code: code,
});

/**
 * The ingestion pipeline: validate each event on its own, then in one transaction per batch (serialised per
 * tenant) drop duplicates and suppressed subjects, resolve identities, merge, and write events, identifiers,
 * links, counters, consents and source counters with set-based statements.
 */
export async function ingestEvents(
  db: Db,
  config: AppConfig,
  target: IngestTarget,
  rawEvents: unknown[],
  options: IngestOptions = {},
): Promise<IngestResult> {
  const receivedAt = new Date();
  const settings = await cdpSettings(db, target.tenantId);
  const keys = tenantPiiKeys(config.encryptionMasterKey, target.tenantId);

  const early: EventResult[] = [];
  const prepared: PreparedEvent[] = [];
  for (let index = 0; index < rawEvents.length; index++) {
    if (index > 0 && index % PREPARE_SLICE === 0) await nextTurn();
    const outcome = prepareEvent(rawEvents[index], index, keys, settings, receivedAt);
    if (outcome.ok) prepared.push(outcome.value);
    else early.push(rejected(outcome.index, outcome.error, outcome.code));
  }

  // The quota comes from this process's lease (see consumeLeasedIngestQuota): taking it in the batch's transaction
  // would make every batch of the tenant wait on the quota row until the one before commits.
  await consumeLeasedIngestQuota(db, target.tenantId, rawEvents.length, settings.ingestEventsPerMinute);
  const byIndex = (a: EventResult, b: EventResult) => a.index - b.index;
  const { withinBatch } = options;
  const written =
    prepared.length || withinBatch
      ? await withRetry(() =>
          inScope(db, tenantScope(target.tenantId), async (tx) => {
            const rows = prepared.length ? await writeBatch(tx, target, settings, keys, prepared, options.dedupeWindowHours) : [];
            await withinBatch?.(tx, [...early, ...rows].sort(byIndex));
            return rows;
          }),
        )
      : [];
  const results = [...early, ...written].sort(byIndex);
  await recordRejections(db, target, rawEvents, results, receivedAt);
  return {
    accepted: results.filter((r) => r.status === 'accepted').length,
    rejected: results.filter((r) => r.status === 'rejected').length,
    duplicates: results.filter((r) => r.status === 'duplicate').length,
    results,
  };
}

/** Resolves and writes prepared events; the caller holds the transaction (tenant scope). */
export async function writeBatch(
  tx: Tx,
  target: IngestTarget,
  settings: CdpSettings,
  keys: TenantPiiKeys,
  prepared: PreparedEvent[],
  dedupeWindowHours = 24,
): Promise<EventResult[]> {
  const tenantId = target.tenantId;
  const results: EventResult[] = [];

  // 1. Idempotency: the first event of a key in this batch competes for it; later ones duplicate that one, and get
  // its outcome once it is known (see withInBatchDuplicates).
  const firstOfKey = new Map<string, PreparedEvent>();
  const repeats: { index: number; firstIndex: number }[] = [];
  const candidates: PreparedEvent[] = [];
  for (const p of prepared) {
    const key = p.event.idempotency_key;
    const first = key ? firstOfKey.get(key) : undefined;
    if (key && first) {
      repeats.push({ index: p.index, firstIndex: first.index });
      continue;
    }
    if (key) firstOfKey.set(key, p);
    candidates.push(p);
  }
  // The key claims, the lock and the identity reads (suppressions, identifiers, their profiles' states) go to the
  // server together (one round trip). Keys are claimed before the lock (their unique index already orders
  // concurrent claims), so the tenant waits less; the reads come after it, so an erasure or a merge just committed
  // is seen. They cover all candidates' identifiers, a superset of what the fresh events below need.
  const allHashes = [...new Set(candidates.flatMap((p) => p.identifiers.map((i) => i.hash)))];
  const userIdHashes = [...new Set(candidates.flatMap((p) => p.identifiers.filter((i) => i.type === 'external_id').map((i) => i.hash)))];
  const [claimed, , suppressed, knownAll, statesAll, aliased] = await pipelined([
    claimIdempotencyKeys(tx, tenantId, [...firstOfKey].map(([key, p]) => ({ key, event_id: p.id })), dedupeWindowHours),
    lockTenantIdentity(tx, tenantId),
    findSuppressed(tx, tenantId, [...allHashes, ...candidates.flatMap((p) => p.contactHashes)]),
    findIdentifiers(tx, tenantId, allHashes),
    loadProfileStates(tx, tenantId, allHashes),
    aliasedUserIds(tx, tenantId, userIdHashes),
  ]);
  const repeated = [...firstOfKey.keys()].filter((key) => !claimed.has(key));
  const originals = await originalsOf(tx, tenantId, repeated);

  // 2. Erased subjects stay erased.
  const fresh: PreparedEvent[] = [];
  const refusedClaims: { key: string; event_id: string }[] = [];
  for (const p of candidates) {
    const key = p.event.idempotency_key;
    const original = key && !claimed.has(key) ? originals.get(key) : undefined;
    if (original) {
      results.push({ index: p.index, event_id: original.event_id, status: 'duplicate', profile_id: original.profile_id, emq_score: original.emq_score, error: null, error_code: null });
    } else if (p.identifiers.some((i) => suppressed.has(i.hash)) || p.contactHashes.some((hash) => suppressed.has(hash))) {
      results.push(rejected(p.index, 'suppressed', 'suppressed'));
      // The key was claimed for an event that is not stored: released, so a repeat is refused as suppressed
      // too, not answered as a duplicate of an event that does not exist.
      if (key && claimed.has(key)) refusedClaims.push({ key, event_id: p.id });
    } else {
      fresh.push(p);
    }
  }
  if (refusedClaims.length) await releaseIdempotencyKeys(tx, tenantId, refusedClaims);
  if (fresh.length === 0) return withInBatchDuplicates(results, repeats);

  // 3. Resolve identities against what the database knows, each user id an alias named before it was known
  // resolved together with the anonymous id the alias linked it as.
  const joined = await joinAliasedUserIds(tx, tenantId, fresh, aliased, knownAll, statesAll);
  const resolved = joined?.events ?? fresh;
  const freshHashes = new Set(resolved.flatMap((p) => p.identifiers.map((i) => i.hash)));
  const known = knownAll.filter((k) => freshHashes.has(k.lookup_hash));
  const knownProfiles = new Set(known.map((k) => k.profile_id));
  const states = new Map([...statesAll].filter(([id]) => knownProfiles.has(id)));
  const plan = planResolution({
    events: resolved.map((p) => ({ identifiers: p.identifiers.map((i) => ({ type: i.type, hash: i.hash })) })),
    existing: new Map(known.map((k) => [k.lookup_hash, k.profile_id])),
    profiles: states,
    limits: settings.identifierLimits,
  });

  const lastSeenBefore = new Map([...states.values()].map((s) => [s.id, s.lastSeenAt]));
  for (const m of plan.merges) {
    lastSeenBefore.set(m.survivorId, Math.max(lastSeenBefore.get(m.survivorId) ?? 0, lastSeenBefore.get(m.mergedId) ?? 0));
  }

  // 4. Write profiles, identifiers, events, links, counters, consents, conflicts.
  const placed = fresh.map((prepared, i) => ({ prepared, profileId: plan.eventProfileIds[i]! }));
  const span = new Map<string, { first: number; last: number }>();
  for (const { prepared: p, profileId } of placed) {
    const t = p.eventTime.getTime();
    const seen = span.get(profileId);
    span.set(profileId, { first: Math.min(seen?.first ?? t, t), last: Math.max(seen?.last ?? t, t) });
  }
  // New identifiers are encrypted and inserted; known ones only have their last-seen time moved.
  const identifierIds = new Map(known.map((k) => [k.lookup_hash, k.id]));
  const seen = new Map<string, { identifier: PreparedIdentifier; at: number }>();
  for (const p of resolved) {
    for (const identifier of p.identifiers) {
      seen.set(identifier.hash, { identifier, at: Math.max(seen.get(identifier.hash)?.at ?? 0, p.eventTime.getTime()) });
    }
  }
  const inserts = plan.newIdentifiers.map((planned) => {
    const { identifier, at } = seen.get(planned.hash)!;
    const id = uuidv7();
    identifierIds.set(planned.hash, id);
    return {
      id,
      profile_id: planned.profileId,
      type: planned.type,
      encrypted: encryptValue(keys, identifier.value),
      hash: planned.hash,
      is_primary: planned.isPrimary,
      seen_at: new Date(at).toISOString(),
    };
  });
  // Canonical identity: merge survivors are recomputed in SQL (their identifiers came from several profiles);
  // elsewhere the strongest new identifier wins if it beats the profile's current strength.
  const survivors = new Set(plan.merges.map((m) => m.survivorId));
  const strongestNew = new Map<string, { id: string; strength: number }>();
  for (const row of inserts) {
    const strength = priorityOf(row.type);
    const current = strongestNew.get(row.profile_id);
    if (!survivors.has(row.profile_id) && (!current || strength > current.strength)) strongestNew.set(row.profile_id, { id: row.id, strength });
  }

  // Events earlier than their profile's last one are counted into sessions between their stored neighbours (one
  // more round trip, only for a batch that has some).
  const late = placed.filter(({ prepared: p, profileId }) => p.eventTime.getTime() < (lastSeenBefore.get(profileId) ?? Number.POSITIVE_INFINITY));
  const endingOn = profilesEndingOn(plan.merges);
  const neighbours = late.length
    ? await sessionNeighbours(
        tx,
        tenantId,
        late.map(({ prepared: p, profileId }) => ({ eventId: p.id, at: p.eventTime.getTime(), profileIds: endingOn(profileId) })),
      )
    : undefined;
  const { deltas, sessionStarts, endedStarts } = profileDeltas(placed, lastSeenBefore, neighbours);

  // Every write below depends only on what is computed above, so they are sent together and the server runs
  // them back to back, in this order (merges first, so the survivors' counters and identity are settled before
  // the batch adds to them; profiles before their identifiers, identifiers before links), without a round trip
  // between them while the tenant's lock is held (see pipelined).
  await pipelined([
    mergeProfiles(
      tx,
      tenantId,
      plan.merges.map((m) => ({
        survivorId: m.survivorId,
        mergedId: m.mergedId,
        reason: 'identifier' as const,
        identifierType: m.identifierType,
        evidenceEventId: fresh[m.evidenceEventIndex]?.id ?? null,
        mergedBy: null,
      })),
      // Refreshed below, once the survivors' new identifiers are in.
      false,
    ),
    insertProfiles(
      tx,
      tenantId,
      plan.newProfileIds.map((id) => ({
        id,
        first_seen_at: new Date(span.get(id)!.first).toISOString(),
        last_seen_at: new Date(span.get(id)!.last).toISOString(),
      })),
    ),
    insertIdentifiers(tx, tenantId, inserts),
    touchIdentifiers(
      tx,
      tenantId,
      known.map((k) => ({ id: k.id, last_seen_at: k.last_seen_at, seen_at: new Date(seen.get(k.lookup_hash)!.at).toISOString() })),
    ),
    refreshProfileIdentity(tx, tenantId, [...survivors]),
    insertEvents(
      tx,
      tenantId,
      target.sourceId,
      placed.map(({ prepared: p, profileId }) => ({ rowJson: p.rowJson, profileId })),
    ),
    addToRollups(tx, tenantId, rollupDeltas(fresh, target.sourceId, sessionStarts, endedStarts)),
    upsertLinks(tx, tenantId, coOccurrenceLinks(fresh, identifierIds)),
    joined ? upsertLinks(tx, tenantId, aliasLinks(joined.links, fresh, identifierIds), 'alias') : undefined,
    joined ? forgetAliasedUserIds(tx, tenantId, joined.links.map((l) => l.user_id_hash)) : undefined,
    applyProfileDeltas(
      tx,
      tenantId,
      deltas.map((delta) => {
        const best = strongestNew.get(delta.id);
        return best ? { ...delta, canonical_id: best.id, strength: best.strength } : delta;
      }),
      settings.churnDays,
    ),
    recordConsentDecisions(tx, tenantId, consentDecisions(placed)),
    insertConflicts(
      tx,
      tenantId,
      // The profile the event landed on first, then those it was kept apart from: each side finds the conflict.
      plan.conflicts.map((c) => ({
        event_id: fresh[c.eventIndex]!.id,
        profile_ids: [...new Set([plan.eventProfileIds[c.eventIndex]!, ...c.profileIds])],
        identifier_type: c.identifierType,
        reason: c.reason,
      })),
    ),
    target.sourceId ? countSourceEvents(tx, tenantId, target.sourceId, fresh.length) : undefined,
  ]);

  const profileOfEvent = new Map<string, string>();
  const conflictOf = new Map(plan.conflicts.map((c) => [c.eventIndex, c]));
  placed.forEach(({ prepared: p, profileId }, i) => {
    profileOfEvent.set(p.id, profileId);
    const conflict = conflictOf.get(i);
    const notes = [...p.warnings, ...(conflict ? [`identity conflict: ${conflict.reason}`] : [])];
    results.push({ index: p.index, event_id: p.id, status: 'accepted', profile_id: profileId, emq_score: p.emq, error: notes.length ? notes.join('; ') : null, error_code: null });
  });
  return withInBatchDuplicates(results, repeats);
}

/**
 * A repeat of a key within the batch shares the outcome of the key's first event: a duplicate of what it was
 * accepted as (its id and profile), or of the earlier event it duplicated, or refused with the same reason.
 */
function withInBatchDuplicates(results: EventResult[], repeats: { index: number; firstIndex: number }[]): EventResult[] {
  if (repeats.length === 0) return results;
  const byIndex = new Map(results.map((r) => [r.index, r]));
  const settled = repeats.map(({ index, firstIndex }): EventResult => {
    const first = byIndex.get(firstIndex)!;
    return first.status === 'rejected'
      ? { ...first, index }
      : { index, event_id: first.event_id, status: 'duplicate', profile_id: first.profile_id, emq_score: first.emq_score, error: null, error_code: null };
  });
  return [...results, ...settled];
}

/** For a profile, itself and those the batch merges into it, directly or through another: their events end on it. */
function profilesEndingOn(merges: readonly { survivorId: string; mergedId: string }[]): (profileId: string) => string[] {
  const mergedInto = new Map<string, string[]>();
  for (const m of merges) mergedInto.set(m.survivorId, [...(mergedInto.get(m.survivorId) ?? []), m.mergedId]);
  return (profileId) => {
    const ids = [profileId];
    for (let i = 0; i < ids.length; i++) ids.push(...(mergedInto.get(ids[i]!) ?? []));
    return ids;
  };
}

/** Each event links its first identifier to each other one (a star: linear in identifiers, enough for a graph). */
function coOccurrenceLinks(events: PreparedEvent[], identifierIds: Map<string, string>) {
  const links = new Map<string, { from_id: string; to_id: string; event_id: string; occurrences: number }>();
  for (const p of events) {
    const ids = p.identifiers.map((i) => identifierIds.get(i.hash)).filter((id): id is string => id !== undefined);
    for (const other of ids.slice(1)) {
      const [from_id, to_id] = ids[0]! < other ? [ids[0]!, other] : [other, ids[0]!];
      const key = `${from_id}:${to_id}`;
      const link = links.get(key);
      if (link) link.occurrences++;
      else links.set(key, { from_id, to_id, event_id: p.id, occurrences: 1 });
    }
  }
  return [...links.values()];
}
