import { sql } from 'drizzle-orm';
import { CONFLICTS_LISTED, type IdentityConflict } from '@stratum/contracts';
import { requireTenant, type RequestContext } from '../../../auth/context';
import { queryRows, type Db, type Executor } from '../../../db/client';
import { inScope, tenantScope } from '../../../db/scope';
import { mergedSubtree } from '../identity/identity-sql';
import { findProfileFollowingMerges } from './profile-view';

interface ConflictRow {
  id: string;
  event_id: string | null;
  event_name: string | null;
  identifier_type: string;
  other_profile_ids: string[];
  created_at: string | Date;
}

/**
 * The events that would have joined this profile with others beyond a per-type limit (or carried more identifiers of
 * a type than it allows themselves), newest first, while they are still apart: "this profile" includes every profile merged into it, so a conflict a later merge settled is not
 * listed. What an admin reads to decide whether the tenant's limits fit its data.
 */
export async function identityConflicts(db: Db, ctx: RequestContext, id: string): Promise<IdentityConflict[]> {
  const tenantId = requireTenant(ctx);
  return inScope(db, tenantScope(tenantId), async (tx) => {
    // A merged-away id reads its survivor's conflicts, as its profile does.
    const { id: profileId } = await findProfileFollowingMerges(tx, tenantId, id);
    return conflictsOf(tx, tenantId, profileId, { limit: CONFLICTS_LISTED, settled: false });
  });
}

/**
 * The conflicts naming a live profile or one merged into it, newest first: `settled` ones too (a subject access
 * export holds everything), or only those whose other profiles are still apart.
 */
export async function conflictsOf(
  tx: Executor,
  tenantId: string,
  profileId: string,
  { limit, settled }: { limit: number | null; settled: boolean },
): Promise<IdentityConflict[]> {
  const page = limit === null ? sql`` : sql`limit ${limit}`;
  // A conflict is open while it names a profile outside this one's subtree, or names only the event's own profile: the
  // event itself carried more identifiers of a type than the limit (two user ids), and the extra ones were dropped,
  // which no merge settles.
  const open = sql`(jsonb_array_length(c.profile_ids) = 1
    or exists (select 1 from jsonb_array_elements_text(c.profile_ids) pid where pid::uuid not in (select id from own)))`;
  const rows = await queryRows<ConflictRow>(
    tx,
    sql`with own as (select id from ${mergedSubtree(tenantId, profileId)} as sub),
        -- Each profile's newest conflicts, read backwards from the time index until it has a page of them: the page is
        -- among those. A shared kiosk's first user gathers one a sign-in; at 100,000, sorting them all for the page took
        -- 0.8–1.0 s on the server, this 6 ms.
        newest as (
          select distinct l.conflict_id from own o cross join lateral (
            select s.conflict_id from cdp_identity_conflict_profiles s
            join cdp_identity_conflicts c on c.tenant_id = ${tenantId} and c.id = s.conflict_id
            where s.tenant_id = ${tenantId} and s.profile_id = o.id ${settled ? sql`` : sql`and ${open}`}
            order by s.created_at desc, s.conflict_id desc ${page}) l
        ),
        listed as (
          select c.*, array(select pid::uuid from jsonb_array_elements_text(c.profile_ids) pid
                            where pid::uuid not in (select id from own)) as others
          from cdp_identity_conflicts c
          where c.tenant_id = ${tenantId} and c.id in (select conflict_id from newest)
          order by c.created_at desc, c.id desc ${page}
        )
        select i.id, i.event_id, e.event_name, i.identifier_type, i.others as other_profile_ids, i.created_at
        from listed i left join cdp_events e on e.tenant_id = ${tenantId} and e.id = i.event_id
        order by i.created_at desc, i.id desc`,
  );
  return rows.map((r) => ({
    id: r.id,
    event_id: r.event_id,
    event_name: r.event_name,
    identifier_type: r.identifier_type,
    other_profile_ids: r.other_profile_ids,
    created_at: new Date(r.created_at).toISOString(),
  }));
}
