import { sql } from 'drizzle-orm';
import { pipelined, run, type Executor } from '../../../db/client';
import { uuidArray } from '../identity/identity-sql';

/**
 * The current consent of each type is the latest decision in the profile's history. Rebuilt after merges and
 * unmerges, where decisions from two people's histories meet or part. Both statements are sent at once (see
 * pipelined) and run in order.
 */
export async function recomputeConsents(tx: Executor, tenantId: string, profileIds: string[]): Promise<void> {
  if (profileIds.length === 0) return;
  const ids = uuidArray(profileIds);
  await pipelined([
    run(tx, sql`delete from cdp_consents where tenant_id = ${tenantId} and profile_id = any(${ids})`),
    run(
      tx,
      sql`
    insert into cdp_consents (tenant_id, profile_id, consent_type, granted, decided_at, granted_at, revoked_at, source, consent_version)
    select distinct on (h.profile_id, h.consent_type)
           ${tenantId}, h.profile_id, h.consent_type, h.granted, h.decided_at,
           case when h.granted then h.decided_at end, case when not h.granted then h.decided_at end,
           h.source, h.consent_version
    from cdp_consent_history h
    where h.tenant_id = ${tenantId} and h.profile_id = any(${ids})
    order by h.profile_id, h.consent_type, h.decided_at desc, h.created_at desc`,
    ),
  ]);
}
