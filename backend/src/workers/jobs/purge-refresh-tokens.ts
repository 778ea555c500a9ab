import { and, isNotNull, lt, or } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { loginFailures, refreshTokens } from '../../models';

export const PURGE_AUTH_QUEUE = 'auth.purge-expired';
/** Hourly: expired or long-revoked refresh tokens and stale login failures serve no one. */
export const PURGE_AUTH_CRON = '17 * * * *';

const DAY = 86_400_000;

export async function purgeExpiredAuthRows(db: Db, now = new Date()): Promise<{ tokens: number; failures: number }> {
  const tokens = await db
    .delete(refreshTokens)
    .where(
      or(
        lt(refreshTokens.expiresAt, now),
        and(isNotNull(refreshTokens.revokedAt), lt(refreshTokens.revokedAt, new Date(now.getTime() - DAY))),
      ),
    )
    .returning({ id: refreshTokens.id });
  const failures = await db
    .delete(loginFailures)
    .where(lt(loginFailures.createdAt, new Date(now.getTime() - DAY)))
    .returning({ id: loginFailures.id });
  return { tokens: tokens.length, failures: failures.length };
}
