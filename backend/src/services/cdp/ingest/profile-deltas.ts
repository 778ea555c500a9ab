import type { ConsentType } from '@stratum/contracts';
import type { ConsentDecision, ProfileDelta } from './event-sql';
import type { PreparedEvent } from './prepare-events';
import type { SessionNeighbours } from './session-neighbours';

const SESSION_GAP_MS = 30 * 60_000;

/** A stored event that began a session until a late event came close enough before it to join the two. */
export type EndedSessionStart = NonNullable<SessionNeighbours['next']>;

/**
 * What a batch adds to each profile: counters, first/last seen, traits (newest event wins per key) and the
 * external id. A session is a run of events with no gap over 30 minutes. Events after the profile's last one continue
 * from it; a late event (see sessionNeighbours) is placed between the stored events either side of it, so the count
 * is the same whatever order the events arrive in. `sessionStarts` holds the ids of the batch's events that begin a
 * session, `endedStarts` the stored events that no longer do (the rollups count sessions by hour from both).
 */
export function profileDeltas(
  events: { prepared: PreparedEvent; profileId: string }[],
  lastSeenBefore: ReadonlyMap<string, number>,
  neighbours: ReadonlyMap<string, SessionNeighbours> = new Map(),
): { deltas: ProfileDelta[]; sessionStarts: Set<string>; endedStarts: EndedSessionStart[] } {
  const sessionStarts = new Set<string>();
  const endedStarts: EndedSessionStart[] = [];
  const byProfile = new Map<string, PreparedEvent[]>();
  for (const { prepared, profileId } of events) {
    const list = byProfile.get(profileId);
    if (list) list.push(prepared);
    else byProfile.set(profileId, [prepared]);
  }
  const deltas = [...byProfile].map(([id, list]) => {
    list.sort((a, b) => a.eventTime.getTime() - b.eventTime.getTime());
    let sessions = 0;
    // The batch's events by the gap between stored events they fall in: each gap is a chain from the stored event
    // before it, through them, to the stored event after it (none after the profile's last event).
    const gaps = new Map<string, { prev: number | undefined; next: EndedSessionStart | undefined; events: PreparedEvent[] }>();
    for (const e of list) {
      const near = neighbours.get(e.id);
      const key = near?.next?.id ?? '';
      const gap = gaps.get(key) ?? { prev: near?.next ? near.prev : lastSeenBefore.get(id), next: near?.next, events: [] };
      gap.events.push(e);
      gaps.set(key, gap);
    }
    for (const gap of gaps.values()) {
      let previous = gap.prev;
      for (const e of gap.events) {
        const t = e.eventTime.getTime();
        if (previous === undefined || t - previous > SESSION_GAP_MS) {
          sessions++;
          sessionStarts.add(e.id);
        }
        previous = Math.max(previous ?? t, t);
      }
      const { next } = gap;
      const wasStart = next !== undefined && (gap.prev === undefined || next.at - gap.prev > SESSION_GAP_MS);
      if (wasStart && next.at - previous! <= SESSION_GAP_MS) {
        sessions--;
        endedStarts.push(next);
      }
    }
    let purchases = 0;
    let revenue = 0;
    const traits: Record<string, unknown> = {};
    const traitTimes: Record<string, string> = {};
    let externalId: string | null = null;
    for (const e of list) {
      if (e.revenue !== null) {
        purchases++;
        revenue += e.revenue;
      }
      if (e.event.traits) {
        mergeTraits(traits, e.event.traits);
        for (const key of Object.keys(e.event.traits)) traitTimes[key] = e.eventTime.toISOString();
      }
      externalId ??= e.identifiers.find((i) => i.type === 'external_id')?.value ?? null;
    }
    return {
      id,
      events: list.length,
      sessions,
      purchases,
      revenue: revenue.toFixed(2),
      first_seen: list[0]!.eventTime.toISOString(),
      last_seen: list[list.length - 1]!.eventTime.toISOString(),
      traits,
      trait_times: traitTimes,
      external_id: externalId,
    };
  });
  return { deltas, sessionStarts, endedStarts };
}

/** The newest value of each trait wins; a group's traits (`group:{id}`) are merged key by key (see applyProfileDeltas). */
function mergeTraits(into: Record<string, unknown>, traits: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(traits)) {
    const held = into[key];
    const bothObjects = [held, value].every((v) => v !== null && typeof v === 'object' && !Array.isArray(v));
    into[key] = key.startsWith('group:') && bothObjects ? { ...(held as object), ...(value as object) } : value;
  }
}

/**
 * Consent flags carried by events, as decisions dated at the event's time — but never after we received it: an
 * event from a clock running ahead (accepted up to a day ahead) would otherwise outrank a revocation made after
 * it arrived, through the API or a later event, for as long as its clock was ahead.
 */
export function consentDecisions(events: { prepared: PreparedEvent; profileId: string }[]): ConsentDecision[] {
  const decisions: ConsentDecision[] = [];
  for (const { prepared, profileId } of events) {
    const consent = prepared.event.consent;
    if (!consent) continue;
    for (const [type, granted] of Object.entries(consent) as [ConsentType, boolean | undefined][]) {
      if (granted === undefined) continue;
      decisions.push({
        profile_id: profileId,
        consent_type: type,
        granted,
        decided_at: new Date(Math.min(prepared.eventTime.getTime(), prepared.receivedAt.getTime())).toISOString(),
        source: 'event',
        ip: typeof prepared.event.context.ip === 'string' ? prepared.event.context.ip : null,
        user_agent: typeof prepared.event.context.user_agent === 'string' ? prepared.event.context.user_agent : null,
        event_id: prepared.id,
        consent_text: null,
        consent_version: null,
        recorded_by: null,
      });
    }
  }
  return decisions;
}
