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
// Every tracked request presents its key; remembering good keys for a few seconds saves a query per request.
// A rotated, deactivated or deleted key stops working within this many milliseconds.
const KEY_CACHE_MS = 5_000;
const keyCache = new Map<string, { at: number; source: SourceIdentity }>();

/** `refusal`: how the caller is told to present the key (the CDP API's header, the tracking API's write key). */
export async function authenticateSourceKey(db: Db, key: string | undefined, refusal = 'A valid X-Source-Key is required'): Promise<SourceIdentity> {
  if (!key || !key.startsWith('cdp_') || key.length > 128) throw unauthorized(refusal);
  const hash = sha256(key);
  const cached = keyCache.get(hash);
  if (cached && Date.now() - cached.at < KEY_CACHE_MS) return cached.source;
  const source = await lookupSourceKey(db, hash);
  if (keyCache.size > 10_000) keyCache.clear();
  keyCache.set(hash, { at: Date.now(), source });
  return source;
}

/** Drops cached keys (after a rotation or deactivation in this process, so it applies at once here). */
export function forgetSourceKeys(): void {
  keyCache.clear();
}

async function lookupSourceKey(db: Db, hash: string): Promise<SourceIdentity> {
  const [row] = await db
    .select({ sourceId: cdpSources.id, tenantId: cdpSources.tenantId })
    .from(cdpSources)
    .innerJoin(tenants, eq(tenants.id, cdpSources.tenantId))
    .where(
      and(
        eq(cdpSources.keyHash, hash),
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
