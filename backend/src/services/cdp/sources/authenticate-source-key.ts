import { and, eq } from 'drizzle-orm';
import { unauthorized } from '../../../core/errors';
import { sha256 } from '../../../core/security';
import type { Db } from '../../../db/client';
import { cdpSources, tenants } from '../../../models';

export interface SourceIdentity {
  sourceId: string;
  tenantId: string;
}

/**
 * A source key names its tenant (it is looked up by hash across tenants, on the platform connection). Unknown,
 * inactive or deleted sources, and sources of an inactive tenant, all answer the same 401.
 */
export async function authenticateSourceKey(db: Db, key: string | undefined): Promise<SourceIdentity> {
  if (!key || !key.startsWith('cdp_') || key.length > 128) throw unauthorized('A valid X-Source-Key is required');
  const [row] = await db
    .select({ sourceId: cdpSources.id, tenantId: cdpSources.tenantId })
    .from(cdpSources)
    .innerJoin(tenants, eq(tenants.id, cdpSources.tenantId))
    .where(
      and(
        eq(cdpSources.keyHash, sha256(key)),
        eq(cdpSources.isActive, true),
        eq(cdpSources.isDeleted, false),
        eq(tenants.isActive, true),
        eq(tenants.isDeleted, false),
      ),
    )
    .limit(1);
  if (!row) throw unauthorized('Unknown or inactive source key');
  return row;
}
