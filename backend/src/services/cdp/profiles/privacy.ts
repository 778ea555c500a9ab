import { and, asc, eq, sql } from 'drizzle-orm';
import { requireTenant, type RequestContext } from '../../../auth/context';
import type { AppConfig } from '../../../core/config';
import { queryRows, type Db, type Executor } from '../../../db/client';
import { inScope, tenantScope } from '../../../db/scope';
import { writeAudit } from '../../../middleware/audit';
import type { StoredEvent } from '@stratum/contracts';
import { NO_SOURCE_ID, cdpEvents, cdpProfileMerges, type EventRow } from '../../../models';
import { consentsOf } from '../consent/profile-consents';
import { json, lockTenantIdentity, mergedSubtree, refreshProfileIdentity, textArray, uuidArray } from '../identity/identity-sql';
import { lookupHash, tenantPiiKeys } from '../identity/pii-crypto';
import { cdpSettings } from '../tenant-cdp-settings';
import { toEventView } from '../events/list-events';
import { forgetRejectionsNaming } from '../ingest/rejections';
import { discardSetAsideCarrying } from '../ingest/set-aside-requests';
import { removeFromRollups, revenueNotCountedSql, storedRollupDeltas, type StoredEventGroup } from '../ingest/rollups';
import { canReadPii, findLiveProfile, findProfileFollowingMerges, fullProfile } from './profile-view';
import { mergesOfPerson, toMergeView } from './identity-graph';
import { conflictsOf } from './identity-conflicts';
import { recomputeCounters } from './recompute-counters';
import { personContactValues, removeContactTraitsOfOthers, searchedText } from './others-contact-traits';

/**
 * GDPR erasure, in one transaction: the profile, everything merged into it, its identifiers, events (and their
 * share of the insight rollups and source counts), consents, links, merge records and conflicts go, as do other
 * people's events that name the person, other profiles' traits holding the person's email or phone, and the
 * collection requests set aside that carry them; its identifier hashes (and those of emails and phones it held as
 * traits) are suppressed so later events about the person are rejected rather than re-creating them. The audit row
 * keeps counts, never values.
 */
export async function eraseProfile(db: Db, config: AppConfig, ctx: RequestContext, profileId: string): Promise<{ suppressed: number; events: number }> {
  const tenantId = requireTenant(ctx);
  return inScope(db, tenantScope(tenantId), async (tx) => {
    await lockTenantIdentity(tx, tenantId);
    await findLiveProfile(tx, tenantId, profileId);
    const subtree = mergedSubtree(tenantId, profileId);
    const keys = tenantPiiKeys(config.encryptionMasterKey, tenantId);
    const settings = await cdpSettings(tx, tenantId);
    // The person's emails and phones in clear, those held only as traits included: theirs too.
    const contacts = await personContactValues(tx, keys, settings, tenantId, { subtree, profileId });
    const identifierHashes = await queryRows<{ lookup_hash: string }>(
      tx,
      sql`select lookup_hash from cdp_profile_identifiers where tenant_id = ${tenantId} and profile_id = ${profileId}`,
    );
    const held = [...new Set([...identifierHashes.map((h) => h.lookup_hash), ...contacts.map((c) => lookupHash(keys, c.type, c.normalised))])];
    await discardSetAsideCarrying(tx, config, tenantId, new Set(held));
    // A user id an alias named as this person's before it was known (see previousUserIds) is theirs too.
    const [suppressed] = await queryRows<{ n: number }>(
      tx,
      sql`with held as (select unnest(${textArray(held)}) as lookup_hash),
          aliased as (delete from cdp_aliased_user_ids
                      where tenant_id = ${tenantId} and anonymous_hash in (select lookup_hash from held) returning user_id_hash),
          s as (
            insert into cdp_suppressions (tenant_id, lookup_hash)
            select ${tenantId}::uuid, lookup_hash from held union select ${tenantId}::uuid, user_id_hash from aliased
            on conflict do nothing returning 1)
          select count(*)::int as n from s`,
    );
    const others = await othersNamingPerson(tx, tenantId, profileId);
    // The person's events, and other people's events that name the person too (see othersNamingPerson).
    const aboutPerson = sql`(e.profile_id = ${profileId} or (e.profile_id = any(${uuidArray(others)})
      and exists (select 1 from jsonb_array_elements(e.identifiers) i where i->>'hash' = any(${textArray(held)}))))`;
    await tx.execute(sql`
      delete from cdp_event_keys k using cdp_events e
      where k.tenant_id = ${tenantId} and e.tenant_id = ${tenantId} and ${aboutPerson} and k.event_id = e.id`);
    // The rollups' hours are UTC hours, whatever the session's time zone.
    const gone = await queryRows<StoredEventGroup>(
      tx,
      // Sessions by ingestion's rule (see profileDeltas), over each profile's events as they stand.
      sql`with d as (delete from cdp_events e where e.tenant_id = ${tenantId} and ${aboutPerson}
                     returning profile_id, event_time, event_name, source_id, emq_score, revenue, processing_errors),
          s as (select *, coalesce(event_time - lag(event_time) over (partition by profile_id order by event_time) > interval '30 minutes', true) as starts
                from d)
          select date_trunc('hour', event_time, 'UTC') as hour, event_name, coalesce(source_id, ${NO_SOURCE_ID}::uuid) as source_id,
                 emq_score, count(*)::int as events, count(revenue)::int as purchases,
                 count(revenue) filter (where not ${revenueNotCountedSql('s')})::int as priced_purchases, coalesce(sum(revenue), 0)::text as revenue,
                 count(*) filter (where starts)::int as sessions
          from s group by 1, 2, 3, 4`,
    );
    await removeFromRollups(tx, tenantId, storedRollupDeltas(gone));
    // Each source's count of events is of the events held: the person's leave it too.
    const bySource = new Map<string, number>();
    for (const g of gone) if (g.source_id !== NO_SOURCE_ID) bySource.set(g.source_id, (bySource.get(g.source_id) ?? 0) + g.events);
    if (bySource.size) {
      await tx.execute(sql`
        update cdp_sources s set event_count = greatest(s.event_count - x.events, 0)
        from jsonb_to_recordset(${json([...bySource].map(([source_id, events]) => ({ source_id, events })))}) as x(source_id uuid, events int)
        where s.tenant_id = ${tenantId} and s.id = x.source_id`);
    }
    await tx.execute(sql`
      delete from cdp_identity_conflicts where tenant_id = ${tenantId}
        and id in (select conflict_id from cdp_identity_conflict_profiles where tenant_id = ${tenantId} and profile_id in ${subtree})`);
    const othersTraits = await removeContactTraitsOfOthers(tx, keys, settings, tenantId, { subtree, hashes: new Set(held), values: contacts });
    // The live debugger's notes of refused events that spell the person's email or phone out (in an event name).
    await forgetRejectionsNaming(tx, tenantId, {
      emails: contacts.filter((c) => c.type === 'email').map((c) => c.normalised),
      phoneDigits: contacts.filter((c) => c.type === 'phone').map(searchedText),
    });
    // Cascades take identifiers, links, consents, consent history, merge records and the merged-in profiles.
    await tx.execute(sql`delete from cdp_profiles where tenant_id = ${tenantId} and id in ${subtree}`);
    // The other people keep their profiles, counted from the events they have left.
    await recomputeCounters(tx, tenantId, others);
    await refreshProfileIdentity(tx, tenantId, others);
    const result = { suppressed: suppressed?.n ?? 0, events: gone.reduce((sum, g) => sum + g.events, 0) };
    await writeAudit(tx, ctx, { action: 'cdp.profile.erase', resourceType: 'cdp_profile', resourceId: profileId, changes: { ...result, others_traits_removed: othersTraits } });
    return result;
  });
}

/** Events are read this many at a time while an export streams. */
const EXPORT_CHUNK = 1000;

/**
 * Subject access: everything held about one person (merges and identity conflicts included), as one JSON document;
 * audited as an export. A merged-away id exports its survivor, where everything about it now is (as reading the
 * profile does).
 *
 * The events, which for one person can run to millions (a shared device, a bot), are not read here: `events`
 * yields them a chunk at a time, oldest first, each chunk read in a transaction of its own, so neither the
 * process's memory nor a database connection (PGlite has only one) is held for as long as the download lasts.
 * Events merged in or away while the document streams may be missed; what they were at the start is counted in
 * the audit row.
 */
export async function exportProfile(db: Db, config: AppConfig, ctx: RequestContext, id: string) {
  const tenantId = requireTenant(ctx);
  const keys = tenantPiiKeys(config.encryptionMasterKey, tenantId);
  const head = await inScope(db, tenantScope(tenantId), async (tx) => {
    const row = await findProfileFollowingMerges(tx, tenantId, id);
    const profile = await fullProfile(tx, tenantId, row, keys, canReadPii(ctx), null);
    const [held] = await queryRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from cdp_events where tenant_id = ${tenantId} and profile_id = ${row.id}`,
    );
    const merges = await tx
      .select()
      .from(cdpProfileMerges)
      .where(mergesOfPerson(tenantId, row.id));
    const consents = await consentsOf(tx, tenantId, row.id, canReadPii(ctx));
    const conflicts = await conflictsOf(tx, tenantId, row.id, { limit: null, settled: true });
    await writeAudit(tx, ctx, {
      action: 'cdp.profile.export',
      resourceType: 'cdp_profile',
      resourceId: row.id,
      changes: { events: held?.n ?? 0, identifiers_in_clear: canReadPii(ctx) },
    });
    return { exported_at: new Date().toISOString(), profile, consents, merges: merges.map(toMergeView), conflicts };
  });
  return { head, events: eventChunks(db, tenantId, head.profile.id, EXPORT_CHUNK, canReadPii(ctx)) };
}

/**
 * A profile's events, oldest first, `size` at a time: keyset pagination on the profile's time index, each page
 * starting after the previous page's last event as stored (not as a JavaScript Date, which would drop microseconds).
 */
async function* eventChunks(db: Db, tenantId: string, profileId: string, size: number, clear: boolean): AsyncGenerator<StoredEvent[]> {
  let afterId: string | null = null;
  for (;;) {
    const after: string | null = afterId;
    const rows: EventRow[] = await inScope(db, tenantScope(tenantId), (tx) =>
      tx
        .select()
        .from(cdpEvents)
        .where(
          and(
            eq(cdpEvents.tenantId, tenantId),
            eq(cdpEvents.profileId, profileId),
            // A range of the (tenant, profile, time, id) index: each page is read where the last one stopped.
            after
              ? sql`(${cdpEvents.eventTime}, ${cdpEvents.id}) >
                    (select l.event_time, l.id from cdp_events l where l.tenant_id = ${tenantId} and l.id = ${after})`
              : undefined,
          ),
        )
        .orderBy(asc(cdpEvents.eventTime), asc(cdpEvents.id))
        .limit(size),
    );
    if (rows.length > 0) yield rows.map((row) => toEventView(row, clear));
    if (rows.length < size) return;
    afterId = rows[rows.length - 1]!.id;
  }
}

/**
 * Other people's profiles that may hold events naming this person too: those the person's identifiers were seen
 * with (links to identifiers on another profile: an event merge protection kept apart, or one an undone merge left
 * with the other person), and those a conflict names with the person.
 */
async function othersNamingPerson(tx: Executor, tenantId: string, profileId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`with own as (select id from ${mergedSubtree(tenantId, profileId)} as sub),
        mine as (select id from cdp_profile_identifiers where tenant_id = ${tenantId} and profile_id = ${profileId}),
        linked as (
          select l.to_identifier_id as identifier_id from cdp_identity_links l
          where l.tenant_id = ${tenantId} and l.from_identifier_id in (select id from mine)
          union
          select l.from_identifier_id from cdp_identity_links l
          where l.tenant_id = ${tenantId} and l.to_identifier_id in (select id from mine)),
        candidates as (
          select i.profile_id as id from cdp_profile_identifiers i
          where i.tenant_id = ${tenantId} and i.id in (select identifier_id from linked)
          union
          select cp.profile_id from cdp_identity_conflict_profiles cp
          where cp.tenant_id = ${tenantId}
            and cp.conflict_id in (select conflict_id from cdp_identity_conflict_profiles
                                   where tenant_id = ${tenantId} and profile_id in (select id from own)))
        select c.id from candidates c join cdp_profiles p on p.tenant_id = ${tenantId} and p.id = c.id
        where p.merged_into_id is null and c.id not in (select id from own)`,
  );
  return rows.map((r) => r.id);
}
