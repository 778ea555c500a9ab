import { and, isNotNull, lt, or } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { SET_ASIDE_KEPT_DAYS } from '../../services/cdp/ingest/raw-event-queue';
import { cdpEventKeys, cdpRateWindows, cdpRawEvents, cdpRejectedEvents, loginFailures, refreshTokens } from '../../models';

export const PURGE_QUEUE = 'maintenance.purge-expired';
/**
 * Hourly: expired or long-revoked refresh tokens, stale login failures, idempotency keys past their 7 days,
 * finished rate-limit windows and day-old rejection notes serve no one. Queued requests set aside as failing
 * (see commitChunk) go after SET_ASIDE_KEPT_DAYS days too: their payloads may hold personal data.
 */
export const PURGE_CRON = '17 * * * *';

const DAY = 86_400_000;

export async function purgeExpiredRows(
  db: Db,
  now = new Date(),
): Promise<{ tokens: number; failures: number; eventKeys: number; rateWindows: number; rejected: number; setAside: number }> {
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
  const eventKeys = await db
    .delete(cdpEventKeys)
    .where(lt(cdpEventKeys.createdAt, new Date(now.getTime() - 7 * DAY)))
    .returning({ key: cdpEventKeys.idempotencyKey });
  const rateWindows = await db
    .delete(cdpRateWindows)
    .where(lt(cdpRateWindows.windowStart, new Date(now.getTime() - 3_600_000)))
    .returning({ at: cdpRateWindows.windowStart });
  const rejected = await db
    .delete(cdpRejectedEvents)
    .where(lt(cdpRejectedEvents.receivedAt, new Date(now.getTime() - DAY)))
    .returning({ id: cdpRejectedEvents.id });
  const setAside = await db
    .delete(cdpRawEvents)
    .where(lt(cdpRawEvents.failedAt, new Date(now.getTime() - SET_ASIDE_KEPT_DAYS * DAY)))
    .returning({ id: cdpRawEvents.id });
  return {
    tokens: tokens.length,
    failures: failures.length,
    eventKeys: eventKeys.length,
    rateWindows: rateWindows.length,
    rejected: rejected.length,
    setAside: setAside.length,
  };
}
