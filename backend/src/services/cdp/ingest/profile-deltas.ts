import type { ConsentType } from '@stratum/contracts';
import type { ConsentDecision, ProfileDelta } from './event-sql';
import type { PreparedEvent } from './prepare-events';

const SESSION_GAP_MS = 30 * 60_000;

/**
 * What a batch adds to each profile: counters, first/last seen, traits (newest event wins per key) and the
 * external id. A session is a run of events with no gap over 30 minutes, continuing from the profile's last event;
 * `sessionStarts` holds the ids of the events that begin one (the rollups count sessions by hour from them).
 */
export function profileDeltas(
  events: { prepared: PreparedEvent; profileId: string }[],
  lastSeenBefore: ReadonlyMap<string, number>,
): { deltas: ProfileDelta[]; sessionStarts: Set<string> } {
  const sessionStarts = new Set<string>();
  const byProfile = new Map<string, PreparedEvent[]>();
  for (const { prepared, profileId } of events) {
    const list = byProfile.get(profileId);
    if (list) list.push(prepared);
    else byProfile.set(profileId, [prepared]);
  }
  const deltas = [...byProfile].map(([id, list]) => {
    list.sort((a, b) => a.eventTime.getTime() - b.eventTime.getTime());
    let previous = lastSeenBefore.get(id);
    let sessions = 0;
    let purchases = 0;
    let revenue = 0;
    const traits: Record<string, unknown> = {};
    let traitsAt: number | null = null;
    let externalId: string | null = null;
    for (const e of list) {
      const t = e.eventTime.getTime();
      if (previous === undefined || t - previous > SESSION_GAP_MS) {
        sessions++;
        sessionStarts.add(e.id);
      }
      previous = Math.max(previous ?? t, t);
      if (e.revenue !== null) {
        purchases++;
        revenue += e.revenue;
      }
      if (e.event.traits) {
        Object.assign(traits, e.event.traits);
        traitsAt = t;
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
      traits_at: traitsAt === null ? null : new Date(traitsAt).toISOString(),
      external_id: externalId,
    };
  });
  return { deltas, sessionStarts };
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
