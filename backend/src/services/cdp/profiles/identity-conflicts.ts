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
 * The events that would have joined this profile with others beyond a per-type limit, newest first, while they are
 * still apart: "this profile" includes every profile merged into it, so a conflict a later merge settled is not
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
  const rows = await queryRows<ConflictRow>(
    tx,
    sql`with own as (select id from ${mergedSubtree(tenantId, profileId)} as sub),
        involved as (
          select c.*, array(select pid::uuid from jsonb_array_elements_text(c.profile_ids) pid
                            where pid::uuid not in (select id from own)) as others
          from cdp_identity_conflicts c
          where c.tenant_id = ${tenantId}
            and c.id in (select conflict_id from cdp_identity_conflict_profiles
                         where tenant_id = ${tenantId} and profile_id in (select id from own))
        ),
        -- The events' names are looked up for the page only: joined before the limit, a profile that gathered
        -- 100,000 conflicts (a kiosk's first user) read as many events (1.5–2.2 s → 0.8–1.4 s on the server).
        listed as (
          select * from involved i ${settled ? sql`` : sql`where cardinality(i.others) > 0`}
          order by i.created_at desc, i.id desc ${limit === null ? sql`` : sql`limit ${limit}`}
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
