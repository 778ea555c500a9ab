import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../../db/client';
import { json, textArray } from './identity-sql';

/**
 * An alias's previous id that the tenant did not know as a user id, so it was linked as an anonymous id: the hashes
 * of the same value as a user id (what a later event would carry) and as the anonymous id the alias created.
 */
export interface AliasedUserId {
  user_id_hash: string;
  anonymous_hash: string;
}

/** Notes accepted aliases' previous ids (in the alias's transaction); one already noted keeps its first alias. */
export async function noteAliasedUserIds(tx: Executor, tenantId: string, rows: AliasedUserId[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(sql`
    insert into cdp_aliased_user_ids (tenant_id, user_id_hash, anonymous_hash)
    select ${tenantId}, x.user_id_hash, x.anonymous_hash
    from jsonb_to_recordset(${json(rows)}) as x(user_id_hash text, anonymous_hash text)
    on conflict do nothing`);
}

/** Of these user id hashes, those an alias named before they were known, with their anonymous ids' hashes. */
export async function aliasedUserIds(tx: Executor, tenantId: string, userIdHashes: string[]): Promise<AliasedUserId[]> {
  if (userIdHashes.length === 0) return [];
  return queryRows<AliasedUserId>(
    tx,
    sql`select user_id_hash, anonymous_hash from cdp_aliased_user_ids
        where tenant_id = ${tenantId} and user_id_hash = any(${textArray(userIdHashes)})`,
  );
}

/** Once a user id has arrived and met its alias (joined, or kept apart by a limit), there is nothing left to wait for. */
export async function forgetAliasedUserIds(tx: Executor, tenantId: string, userIdHashes: string[]): Promise<void> {
  if (userIdHashes.length === 0) return;
  await tx.execute(sql`delete from cdp_aliased_user_ids where tenant_id = ${tenantId} and user_id_hash = any(${textArray(userIdHashes)})`);
}
