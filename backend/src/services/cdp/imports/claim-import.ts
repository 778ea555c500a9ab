import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/client';
import { inScope, platformScope } from '../../../db/scope';
import { cdpImports, type ImportRow } from '../../../models';

/**
 * How many times in a row an import is taken over from a runner that died or stalled on it, with no row counted in
 * between, before it is failed instead of taken again: a file that ends its runner's process each time (the 700 MB
 * line of an earlier defect did) would otherwise stop a worker every two minutes for ever.
 */
export const MAX_TAKEOVERS = 3;

/** An import whose runner shows no sign of life for this long is taken over (see ImportRunner). */
const STALE_CLAIM = sql`interval '2 minutes'`;

export interface Claim {
  job: ImportRow | null;
  /** Imports failed rather than taken over again, for the log. */
  givenUp: string[];
}

/**
 * Claims the oldest import waiting for a runner — queued, or running under a claim gone stale — with SKIP LOCKED, so
 * several processes share the work. Each claim sets a new claim_id, and counts a takeover of a stale one.
 */
export async function claimNextImport(db: Db): Promise<Claim> {
  return inScope(db, platformScope, async (tx) => {
    const givenUp = await queryRows<{ id: string }>(
      tx,
      sql`update cdp_imports set status = 'failed', finished_at = now(), updated_at = now(),
                                 failure_reason = 'The runner of the import stopped (its process ended or hung) ' || (takeovers + 1) || ' times in a row while reading the file; it is not run again. Rows counted so far are kept (import ' || id || ').'
          where status = 'running' and updated_at < now() - ${STALE_CLAIM} and takeovers >= ${MAX_TAKEOVERS}
          returning id`,
    );
    // What finishing an import drops (dropStoredUpload), for these.
    if (givenUp.length) await tx.execute(sql`delete from cdp_import_chunks where import_id in (${sql.join(givenUp.map((g) => sql`${g.id}`), sql`, `)})`);
    const [job] = await tx
      .update(cdpImports)
      .set({
        status: 'running',
        startedAt: sql`coalesce(${cdpImports.startedAt}, now())`,
        updatedAt: sql`now()`,
        claimId: sql`gen_random_uuid()`,
        // The old status: a claim of a running import is a takeover.
        takeovers: sql`${cdpImports.takeovers} + (${cdpImports.status} = 'running')::int`,
      })
      .where(
        sql`${cdpImports.id} = (select id from cdp_imports
                                where status = 'queued' or (status = 'running' and updated_at < now() - ${STALE_CLAIM})
                                order by created_at limit 1 for update skip locked)`,
      )
      .returning();
    return { job: job ?? null, givenUp: givenUp.map((g) => g.id) };
  });
}
