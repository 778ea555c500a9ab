import { and, count, eq, gt, min } from 'drizzle-orm';
import type { AppConfig } from '../../core/config';
import { AppError } from '../../core/errors';
import { sha256 } from '../../core/security';
import type { Executor } from '../../db/client';
import { loginFailures } from '../../models';

type Keys = { account: string; ip: string };
const hashedKeys = (email: string, ip: string): Keys => ({ account: sha256(email.toLowerCase()), ip: sha256(ip) });

/** Refuses a login attempt while the account or the IP has too many recent failures (429 + Retry-After). */
export async function assertLoginAllowed(db: Executor, config: AppConfig, email: string, ip: string): Promise<void> {
  const { windowSeconds, perAccount, perIp } = config.loginThrottle;
  const since = new Date(Date.now() - windowSeconds * 1000);
  const keys = hashedKeys(email, ip);
  for (const [kind, limit] of [['account', perAccount], ['ip', perIp]] as const) {
    const [row] = await db
      .select({ n: count(), oldest: min(loginFailures.createdAt) })
      .from(loginFailures)
      .where(and(eq(loginFailures.kind, kind), eq(loginFailures.keyHash, keys[kind]), gt(loginFailures.createdAt, since)));
    if (row && row.n >= limit && row.oldest) {
      const retryAfter = Math.max(1, Math.ceil((row.oldest.getTime() + windowSeconds * 1000 - Date.now()) / 1000));
      throw new AppError(
        429,
        'too_many_attempts',
        'Too many failed sign-in attempts; try again later',
        [],
        { 'retry-after': String(retryAfter) },
      );
    }
  }
}

export async function recordLoginFailure(db: Executor, email: string, ip: string): Promise<void> {
  const keys = hashedKeys(email, ip);
  await db.insert(loginFailures).values([
    { kind: 'account', keyHash: keys.account },
    { kind: 'ip', keyHash: keys.ip },
  ]);
}

export async function clearAccountFailures(db: Executor, email: string, ip: string): Promise<void> {
  const keys = hashedKeys(email, ip);
  await db.delete(loginFailures).where(and(eq(loginFailures.kind, 'account'), eq(loginFailures.keyHash, keys.account)));
}
