import { sql } from 'drizzle-orm';
import { pipelined, queryRows, run, type Executor } from '../../../db/client';
import { json, textArray, uuidArray } from '../identity/identity-sql';
import { unseenFor } from '../tenant-cdp-settings';

/** Set-based writes of accepted events and what they change; one statement each per batch. */

/**
 * Claims idempotency keys. A key seen within the window (24 h for the CDP API, 7 days for Segment messageIds) is
 * not claimed (a duplicate); an older one is taken over. Returns the keys claimed by this batch.
 */
export async function claimIdempotencyKeys(
  tx: Executor,
  tenantId: string,
  rows: { key: string; event_id: string }[],
  windowHours = 24,
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const claimed = await queryRows<{ idempotency_key: string }>(
    tx,
    sql`insert into cdp_event_keys (tenant_id, idempotency_key, event_id)
        select ${tenantId}, x.key, x.event_id from jsonb_to_recordset(${json(rows)}) as x(key text, event_id uuid)
        on conflict (tenant_id, idempotency_key) do update
          set event_id = excluded.event_id, created_at = now()
          where cdp_event_keys.created_at < now() - make_interval(hours => ${windowHours})
        returning idempotency_key`,
  );
  return new Set(claimed.map((r) => r.idempotency_key));
}

/** Gives back keys claimed by events that were refused after the claim (see writeBatch), each only if still theirs. */
export async function releaseIdempotencyKeys(tx: Executor, tenantId: string, rows: { key: string; event_id: string }[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(sql`
    delete from cdp_event_keys k
    using jsonb_to_recordset(${json(rows)}) as x(key text, event_id uuid)
    where k.tenant_id = ${tenantId} and k.idempotency_key = x.key and k.event_id = x.event_id`);
}

export async function originalsOf(
  tx: Executor,
  tenantId: string,
  keys: string[],
): Promise<Map<string, { event_id: string; profile_id: string | null; emq_score: number | null }>> {
  if (keys.length === 0) return new Map();
  const rows = await queryRows<{ idempotency_key: string; event_id: string; profile_id: string | null; emq_score: number | null }>(
    tx,
    sql`select k.idempotency_key, k.event_id, e.profile_id, e.emq_score
        from cdp_event_keys k left join cdp_events e on e.tenant_id = k.tenant_id and e.id = k.event_id
        where k.tenant_id = ${tenantId} and k.idempotency_key = any(${textArray(keys)})`,
  );
  return new Map(rows.map((r) => [r.idempotency_key, r]));
}

/** An accepted event's row, less its profile (known only once identities are resolved under the lock). */
export interface UnplacedEventRow {
  id: string;
  event_name: string;
  event_time: string;
  received_at: string;
  idempotency_key: string | null;
  properties: Record<string, unknown>;
  context: Record<string, unknown>;
  identifiers: { type: string; hash: string }[];
  emq_score: number;
  revenue: number | null;
  processing_errors: string[] | null;
}

/**
 * Inserts a batch's events from their rows serialised in advance (`UnplacedEventRow` as JSON, see prepareEvent):
 * each is spliced with its profile id rather than serialised again while the tenant's lock is held.
 */
export async function insertEvents(
  tx: Executor,
  tenantId: string,
  sourceId: string | null,
  events: { rowJson: string; profileId: string }[],
): Promise<void> {
  if (events.length === 0) return;
  // Profile ids are our own uuids, so splicing them in needs no escaping.
  const rows = `[${events.map((e) => `{"profile_id":"${e.profileId}",${e.rowJson.slice(1)}`).join(',')}]`;
  await tx.execute(sql`
    insert into cdp_events (id, tenant_id, profile_id, origin_profile_id, source_id, event_name, event_time, received_at,
                            idempotency_key, properties, context, identifiers, emq_score, revenue, processing_errors)
    select x.id, ${tenantId}, x.profile_id, x.profile_id, ${sourceId}::uuid, x.event_name, x.event_time, x.received_at,
           x.idempotency_key, x.properties, x.context, x.identifiers, x.emq_score, x.revenue, x.processing_errors
    from jsonb_to_recordset(${rows}::jsonb) as x(id uuid, profile_id uuid, event_name text,
         event_time timestamptz, received_at timestamptz, idempotency_key text, properties jsonb, context jsonb,
         identifiers jsonb, emq_score int, revenue numeric, processing_errors jsonb)`);
}

/**
 * The edges of the identity graph, counted: identifiers seen in one event (`event`), or an alias's previous id and
 * the user id it turned out to be (`alias`).
 */
export async function upsertLinks(
  tx: Executor,
  tenantId: string,
  rows: { from_id: string; to_id: string; event_id: string; occurrences: number }[],
  linkType: 'event' | 'alias' = 'event',
): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(sql`
    insert into cdp_identity_links (tenant_id, from_identifier_id, to_identifier_id, link_type, evidence_event_id, occurrences)
    select ${tenantId}, x.from_id, x.to_id, ${linkType}, x.event_id, x.occurrences
    from jsonb_to_recordset(${json(rows)}) as x(from_id uuid, to_id uuid, event_id uuid, occurrences int)
    on conflict (tenant_id, from_identifier_id, to_identifier_id) do update
      set occurrences = cdp_identity_links.occurrences + excluded.occurrences, last_seen_at = now()`);
}

export interface ProfileDelta {
  id: string;
  events: number;
  sessions: number;
  purchases: number;
  revenue: string;
  first_seen: string;
  last_seen: string;
  /** The newest value of each trait in the batch, and the time of the event that set it. */
  traits: Record<string, unknown>;
  trait_times: Record<string, string>;
  external_id: string | null;
  /** Set when an identifier of this batch is stronger than the profile's canonical one. */
  canonical_id?: string | null;
  strength?: number | null;
}

// For a trait `t` of a batch's row `x` updating profile `p`: whether its value is at least as new as the profile's.
const traitIsNewer = sql`((p.trait_times -> t.key) is null or (x.trait_times ->> t.key)::timestamptz >= (p.trait_times ->> t.key)::timestamptz)`;
// A group's traits (`group:{id}`, from the tracking API's group calls) are updated key by key, as a profile's are.
const isGroupOfBoth = sql`(t.key like 'group:%' and jsonb_typeof(t.value) = 'object' and jsonb_typeof(p.profile_data -> t.key) = 'object')`;
/** The batch's traits that change the profile: newer values, and an older group call's keys the group lacks. */
const newerTraits = sql`coalesce((select jsonb_object_agg(t.key, case
    when ${traitIsNewer} then case when ${isGroupOfBoth} then (p.profile_data -> t.key) || t.value else t.value end
    else t.value || (p.profile_data -> t.key) end)
  from jsonb_each(x.traits) as t where ${traitIsNewer} or ${isGroupOfBoth}), '{}'::jsonb)`;
const newerTraitTimes = sql`coalesce((select jsonb_object_agg(t.key, x.trait_times -> t.key)
  from jsonb_each(x.traits) as t where ${traitIsNewer}), '{}'::jsonb)`;

/** `churnDays`: the tenant's churn window (settings.cdp.churn_days), the one the nightly markChurnedProfiles applies. */
export async function applyProfileDeltas(tx: Executor, tenantId: string, rows: ProfileDelta[], churnDays: number): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(sql`
    update cdp_profiles p
    set total_events = p.total_events + x.events,
        -- A late event may join two sessions into one (see profileDeltas); a profile with events has one at least.
        total_sessions = greatest(p.total_sessions + x.sessions, 1),
        total_purchases = p.total_purchases + x.purchases,
        total_revenue = p.total_revenue + x.revenue,
        first_seen_at = least(p.first_seen_at, x.first_seen),
        last_seen_at = greatest(p.last_seen_at, x.last_seen),
        -- The newest value of each trait wins, by the time of the event that set it: a late event or a historical
        -- import adds the traits the profile lacks and those it set last, but does not overwrite newer values.
        profile_data = p.profile_data || ${newerTraits},
        trait_times = p.trait_times || ${newerTraitTimes},
        external_id = coalesce(p.external_id, x.external_id),
        canonical_identifier_id = case when coalesce(x.strength, 0) > p.identity_strength then x.canonical_id else p.canonical_identifier_id end,
        identity_strength = greatest(p.identity_strength, coalesce(x.strength, 0)),
        -- A purchase makes a customer; an email, phone or external id makes a known profile; and an event within
        -- the churn window brings a churned profile back. Older events (a historical import, a late batch) are no
        -- activity of the person: a profile still unseen within the window is churned, as the nightly job marks it.
        lifecycle_stage = (case when ${unseenFor(sql`greatest(p.last_seen_at, x.last_seen)`, churnDays)} then 'churned'
                                when p.total_purchases + x.purchases > 0 then 'customer'
                                when greatest(p.identity_strength, coalesce(x.strength, 0)) >= 70 then 'known'
                                else 'anonymous' end)::cdp_lifecycle_stage,
        updated_at = now()
    from jsonb_to_recordset(${json(rows)}) as x(id uuid, events int, sessions int, purchases int, revenue numeric,
         first_seen timestamptz, last_seen timestamptz, traits jsonb, trait_times jsonb, external_id text, canonical_id uuid,
         strength int)
    where p.tenant_id = ${tenantId} and p.id = x.id and p.id = any(${uuidArray(rows.map((r) => r.id))})`);
}

export interface ConsentDecision {
  profile_id: string;
  consent_type: string;
  granted: boolean;
  decided_at: string;
  source: string;
  ip: string | null;
  user_agent: string | null;
  event_id: string | null;
  consent_text: string | null;
  consent_version: string | null;
  recorded_by: string | null;
}

/** Keeps every decision as proof, and moves the current state only when the decision is newer. */
export async function recordConsentDecisions(tx: Executor, tenantId: string, rows: ConsentDecision[]): Promise<void> {
  if (rows.length === 0) return;
  // Only the latest decision per profile and type competes for the current state.
  const latest = new Map<string, ConsentDecision>();
  for (const row of rows) {
    const key = `${row.profile_id}:${row.consent_type}`;
    const seen = latest.get(key);
    if (!seen || seen.decided_at <= row.decided_at) latest.set(key, row);
  }
  // Both statements are sent at once (see pipelined).
  await pipelined([
    run(tx, sql`
    insert into cdp_consent_history (tenant_id, profile_id, origin_profile_id, consent_type, granted, decided_at, source, ip,
                                     user_agent, consent_text, consent_version, event_id, recorded_by)
    select ${tenantId}, x.profile_id, x.profile_id, x.consent_type::cdp_consent_type, x.granted, x.decided_at, x.source, x.ip,
           x.user_agent, x.consent_text, x.consent_version, x.event_id, x.recorded_by
    from jsonb_to_recordset(${json(rows)}) as x(profile_id uuid, consent_type text, granted boolean, decided_at timestamptz,
         source text, ip text, user_agent text, consent_text text, consent_version text, event_id uuid, recorded_by uuid)`),
    run(tx, sql`
    insert into cdp_consents (tenant_id, profile_id, consent_type, granted, decided_at, granted_at, revoked_at, source, consent_version)
    select ${tenantId}, x.profile_id, x.consent_type::cdp_consent_type, x.granted, x.decided_at,
           case when x.granted then x.decided_at end, case when not x.granted then x.decided_at end, x.source, x.consent_version
    from jsonb_to_recordset(${json([...latest.values()])}) as x(profile_id uuid, consent_type text, granted boolean,
         decided_at timestamptz, source text, consent_version text)
    on conflict (tenant_id, profile_id, consent_type) do update
      set granted = excluded.granted, decided_at = excluded.decided_at,
          granted_at = coalesce(excluded.granted_at, cdp_consents.granted_at),
          revoked_at = case when excluded.granted then null else excluded.revoked_at end,
          source = excluded.source, consent_version = excluded.consent_version, updated_at = now()
      where cdp_consents.decided_at <= excluded.decided_at`),
  ]);
}

export async function insertConflicts(
  tx: Executor,
  tenantId: string,
  rows: { event_id: string; profile_ids: string[]; identifier_type: string; reason: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(sql`
    with c as (
      insert into cdp_identity_conflicts (tenant_id, event_id, profile_ids, identifier_type, reason)
      select ${tenantId}, x.event_id, x.profile_ids, x.identifier_type, x.reason
      from jsonb_to_recordset(${json(rows)}) as x(event_id uuid, profile_ids jsonb, identifier_type text, reason text)
      returning id, profile_ids)
    insert into cdp_identity_conflict_profiles (tenant_id, profile_id, conflict_id)
    select ${tenantId}, pid::uuid, c.id from c, jsonb_array_elements_text(c.profile_ids) as pid`);
}

export async function countSourceEvents(tx: Executor, tenantId: string, sourceId: string, accepted: number): Promise<void> {
  if (accepted === 0) return;
  await tx.execute(sql`
    update cdp_sources set event_count = event_count + ${accepted}, last_event_at = now()
    where tenant_id = ${tenantId} and id = ${sourceId}`);
}
