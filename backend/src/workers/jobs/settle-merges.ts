import type { Db } from '../../db/client';
import { SETTLE_BATCH, settleMergedProfiles, tenantsWithUnsettledMerges } from '../../services/cdp/profiles/settle-profiles';

export const SETTLE_MERGES_QUEUE = 'cdp.settle-merges';
/** Every minute: a profile merged by events shows both sides' sessions added up until its merge is settled. */
export const SETTLE_MERGES_CRON = '* * * * *';
/** Transactions per tenant per run, so a tenant merging without pause cannot keep the run from the others. */
const ROUNDS_PER_TENANT = 50;

/** Settles the merges by events of every tenant (see settleMergedProfiles). Returns the merge records settled. */
export async function settleMerges(db: Db): Promise<number> {
  let settled = 0;
  for (const tenantId of await tenantsWithUnsettledMerges(db)) {
    for (let round = 0; round < ROUNDS_PER_TENANT; round++) {
      const n = await settleMergedProfiles(db, tenantId);
      settled += n;
      if (n < SETTLE_BATCH) break;
    }
  }
  return settled;
}
