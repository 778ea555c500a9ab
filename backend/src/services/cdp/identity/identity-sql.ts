import { sql, type SQL } from 'drizzle-orm';
import { queryRows, run, type Executor } from '../../../db/client';
import { CUSTOM_IDENTIFIER_PRIORITY, IDENTIFIER_PRIORITY } from './normalize';
import type { ExistingProfile } from './plan-resolution';

/**
 * The set-based statements of identity resolution. Each takes a whole batch as one JSON parameter
 * (`jsonb_to_recordset`), so a batch costs the same handful of round trips on PGlite and on the server.
 */

export const json = (value: unknown): SQL => sql`${JSON.stringify(value)}::jsonb`;

/**
 * A uuid[] parameter of our own ids, as one array literal (drizzle would spread a JS array into a list of
 * parameters). Lookups by a list of keys are written `key = any(array)`: the planner then probes the key's index
 * once per element even when the table's statistics are stale (a young tenant; autovacuum has not analysed yet),
 * where `in (select … from json)` let it scan every row of the tenant and hash them, a cost that grew with the
 * tenant (bench:ingest, fresh database).
 */
export function uuidArray(ids: string[]): SQL {
  if (!ids.every((id) => /^[0-9a-f-]{36}$/i.test(id))) throw new Error('uuidArray takes uuids only');
  return sql`${`{${ids.join(',')}}`}::uuid[]`;
}

/** A profile and every profile merged into it, directly or through others: a subquery of their ids. */
export function mergedSubtree(tenantId: string, profileId: string): SQL {
  return sql`(with recursive sub(id) as (
      select ${profileId}::uuid
      union all
      select p.id from cdp_profiles p join sub on p.merged_into_id = sub.id where p.tenant_id = ${tenantId})
    select id from sub)`;
}

/** A text[] parameter as one array literal, each element quoted and escaped (see uuidArray). */
export function textArray(values: string[]): SQL {
  const literal = values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',');
  return sql`${`{${literal}}`}::text[]`;
}

/**
 * `identifier_type` → priority, in SQL, from the same table the planner uses. Inlined as literals (they are our
 * own constants) so the expression is an integer the planner can compare and sort.
 */
export const identifierPrioritySql = (column: SQL): SQL => {
  const branches = Object.entries(IDENTIFIER_PRIORITY)
    .map(([type, priority]) => ` when ${type.replace(/[^a-z_]/g, '') === type ? `'${type}'` : "''"} then ${Number(priority)}`)
    .join('');
  return sql`(case${sql.raw(' ')}${column}${sql.raw(branches)} else ${sql.raw(String(Number(CUSTOM_IDENTIFIER_PRIORITY)))} end)`;
};

/** Serialises identity work per tenant, so concurrent batches never create two profiles for one identifier. */
export async function lockTenantIdentity(tx: Executor, tenantId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`cdp-identity:${tenantId}`}, 0))`);
}

export interface KnownIdentifier {
  id: string;
  lookup_hash: string;
  profile_id: string;
  last_seen_at: string | Date;
}

export async function findIdentifiers(tx: Executor, tenantId: string, hashes: string[]): Promise<KnownIdentifier[]> {
  if (hashes.length === 0) return [];
  return queryRows<KnownIdentifier>(
    tx,
    sql`select id, lookup_hash, profile_id, last_seen_at from cdp_profile_identifiers
        where tenant_id = ${tenantId} and lookup_hash = any(${textArray(hashes)})`,
  );
}

export async function findSuppressed(tx: Executor, tenantId: string, hashes: string[]): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const rows = await queryRows<{ lookup_hash: string }>(
    tx,
    sql`select lookup_hash from cdp_suppressions
        where tenant_id = ${tenantId} and lookup_hash = any(${textArray(hashes)})`,
  );
  return new Set(rows.map((r) => r.lookup_hash));
}

export interface ProfileState extends ExistingProfile {
  lastSeenAt: number;
}

/**
 * The state the planner needs of each profile holding one of these identifiers. Looked up by hash, not by the
 * profile ids findIdentifiers returns, so it goes to the server in the same round trip as that lookup.
 */
export async function loadProfileStates(tx: Executor, tenantId: string, hashes: string[]): Promise<Map<string, ProfileState>> {
  if (hashes.length === 0) return new Map();
  // The profile's identifier types come back as one comma-joined list (types are lowercase snake case) and are
  // counted here: aggregating them into JSON per profile in SQL cost twice as much.
  const rows = await queryRows<{
    id: string;
    identity_strength: number;
    total_events: number;
    first_seen_at: string | Date;
    last_seen_at: string | Date;
    types: string | null;
  }>(
    tx,
    sql`select p.id, p.identity_strength, p.total_events, p.first_seen_at, p.last_seen_at,
               array_to_string(array(select i.identifier_type from cdp_profile_identifiers i
                                     where i.tenant_id = p.tenant_id and i.profile_id = p.id), ',') as types
        from cdp_profiles p
        where p.tenant_id = ${tenantId}
          and p.id in (select k.profile_id from cdp_profile_identifiers k
                       where k.tenant_id = ${tenantId} and k.lookup_hash = any(${textArray(hashes)}))`,
  );
  return new Map(
    rows.map((r) => {
      const typeCounts: Record<string, number> = {};
      for (const type of r.types ? r.types.split(',') : []) typeCounts[type] = (typeCounts[type] ?? 0) + 1;
      return [
        r.id,
        {
          id: r.id,
          strength: Number(r.identity_strength),
          totalEvents: Number(r.total_events),
          firstSeenAt: new Date(r.first_seen_at).getTime(),
          lastSeenAt: new Date(r.last_seen_at).getTime(),
          typeCounts,
        },
      ];
    }),
  );
}

export async function insertProfiles(
  tx: Executor,
  tenantId: string,
  rows: { id: string; first_seen_at: string; last_seen_at: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(sql`
    insert into cdp_profiles (id, tenant_id, first_seen_at, last_seen_at)
    select x.id, ${tenantId}, x.first_seen_at, x.last_seen_at
    from jsonb_to_recordset(${json(rows)}) as x(id uuid, first_seen_at timestamptz, last_seen_at timestamptz)`);
}

export interface NewIdentifier {
  id: string;
  profile_id: string;
  type: string;
  encrypted: string;
  hash: string;
  is_primary: boolean;
  seen_at: string;
}

export async function insertIdentifiers(tx: Executor, tenantId: string, rows: NewIdentifier[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(sql`
    insert into cdp_profile_identifiers
      (id, tenant_id, profile_id, origin_profile_id, identifier_type, value_encrypted, lookup_hash, is_primary, first_seen_at, last_seen_at)
    select x.id, ${tenantId}, x.profile_id, x.profile_id, x.type, x.encrypted, x.hash, x.is_primary, x.seen_at, x.seen_at
    from jsonb_to_recordset(${json(rows)})
      as x(id uuid, profile_id uuid, type text, encrypted text, hash text, is_primary boolean, seen_at timestamptz)`);
}

/**
 * Moves known identifiers' last-seen time forward, to the hour: finer precision would rewrite a row for nearly
 * every event, for a figure nobody reads to the minute. Only identifiers an hour behind are touched.
 */
export async function touchIdentifiers(
  tx: Executor,
  tenantId: string,
  rows: { id: string; last_seen_at: string | Date; seen_at: string }[],
): Promise<void> {
  const due = rows.filter((r) => new Date(r.seen_at).getTime() - new Date(r.last_seen_at).getTime() > 3_600_000);
  if (due.length === 0) return;
  await tx.execute(sql`
    update cdp_profile_identifiers i set last_seen_at = x.seen_at
    from jsonb_to_recordset(${json(due.map(({ id, seen_at }) => ({ id, seen_at })))}) as x(id uuid, seen_at timestamptz)
    where i.tenant_id = ${tenantId} and i.id = x.id and i.last_seen_at < x.seen_at - interval '1 hour'`);
}

/**
 * One primary identifier per type on each profile: after a merge both sides' primaries meet, after an undo a side
 * may have none. The profile's own (first landed there) primary is kept, else its earliest seen identifier of the type.
 */
export function settlePrimaries(tx: Executor, tenantId: string, profileIds: string[]): Promise<void> {
  if (profileIds.length === 0) return Promise.resolve();
  const ids = uuidArray(profileIds);
  return run(
    tx,
    // No join against the kept ones: with a young tenant's statistics the planner scanned all its identifiers for
    // it (a seventh of bench:ingest); both reads here go through the (tenant, profile) index.
    sql`with keep as (
          select distinct on (profile_id, identifier_type) id from cdp_profile_identifiers
          where tenant_id = ${tenantId} and profile_id = any(${ids})
          order by profile_id, identifier_type, is_primary and origin_profile_id = profile_id desc, is_primary desc,
                   origin_profile_id = profile_id desc, first_seen_at, id)
        update cdp_profile_identifiers i set is_primary = not i.is_primary
        where i.tenant_id = ${tenantId} and i.profile_id = any(${ids}) and i.is_primary <> (i.id in (select id from keep))`,
  );
}

/**
 * Canonical identity (strongest identifier), identity strength and lifecycle stage, recomputed for profiles whose
 * identifiers changed: anonymous → known (email, phone or external id) → customer (a purchase).
 */
export async function refreshProfileIdentity(tx: Executor, tenantId: string, profileIds: string[]): Promise<void> {
  if (profileIds.length === 0) return;
  const priority = identifierPrioritySql(sql`i.identifier_type`);
  await tx.execute(sql`
    update cdp_profiles p
    set canonical_identifier_id = best.id,
        identity_strength = best.strength,
        lifecycle_stage = (case when p.total_purchases > 0 then 'customer'
                                when best.strength >= 70 then 'known'
                                else 'anonymous' end)::cdp_lifecycle_stage
    from (select distinct on (i.profile_id) i.profile_id, i.id, ${priority} as strength
          from cdp_profile_identifiers i
          where i.tenant_id = ${tenantId}
            and i.profile_id = any(${uuidArray(profileIds)})
          order by i.profile_id, ${priority} desc, i.is_primary desc, i.first_seen_at, i.id) best
    where p.tenant_id = ${tenantId} and p.id = best.profile_id and p.id = any(${uuidArray(profileIds)})`);
}
