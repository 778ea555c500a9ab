import { and, eq, isNull } from 'drizzle-orm';
import type { TokenPair } from '@stratum/contracts';
import type { RequestContext } from '../../auth/context';
import type { AppConfig } from '../../core/config';
import { unauthorized } from '../../core/errors';
import { sha256 } from '../../core/security';
import type { Db, Executor } from '../../db/client';
import { inScope, platformScope } from '../../db/scope';
import { writeAudit } from '../../middleware/audit';
import { refreshTokens, tenants, users } from '../../models';
import { issueTokenPair } from './tokens';

async function revokeFamily(tx: Executor, familyId: string): Promise<void> {
  await tx
    .update(refreshTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}

/**
 * Rotates a refresh token. A token that was already used (or revoked) is evidence of theft: the whole family is
 * revoked, so the thief and the victim must both sign in again.
 */
export async function refreshSession(
  db: Db,
  config: AppConfig,
  ctx: RequestContext,
  presented: string,
): Promise<TokenPair> {
  const outcome = await inScope(db, platformScope, async (tx) => {
    const [token] = await tx
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, sha256(presented)))
      .for('update')
      .limit(1);
    if (!token) return { error: 'Invalid refresh token' } as const;
    if (token.usedAt || token.revokedAt) {
      await revokeFamily(tx, token.familyId);
      await writeAudit(tx, ctx, {
        action: 'auth.refresh_reuse_detected',
        resourceType: 'user',
        resourceId: token.userId,
        tenantId: null,
      });
      return { error: 'Refresh token was already used; please sign in again' } as const;
    }
    if (token.expiresAt.getTime() <= Date.now()) return { error: 'Refresh token expired' } as const;

    const [row] = await tx
      .select({ user: users, tenantActive: tenants.isActive, tenantDeleted: tenants.isDeleted })
      .from(users)
      .leftJoin(tenants, eq(tenants.id, users.tenantId))
      .where(and(eq(users.id, token.userId), eq(users.isDeleted, false)))
      .limit(1);
    const tenantOk = !row?.user.tenantId || (row.tenantActive === true && row.tenantDeleted === false);
    if (!row || !row.user.isActive || !tenantOk) {
      await revokeFamily(tx, token.familyId);
      return { error: 'Account is disabled' } as const;
    }
    await tx.update(refreshTokens).set({ usedAt: new Date() }).where(eq(refreshTokens.id, token.id));
    await writeAudit(tx, ctx, {
      action: 'auth.refresh',
      resourceType: 'user',
      resourceId: row.user.id,
      tenantId: row.user.tenantId,
      actor: { id: row.user.id, email: row.user.email },
    });
    return { pair: await issueTokenPair(tx, config, row.user, token.familyId) } as const;
  });
  // The revocation above must commit, so the refusal is thrown only after the transaction ends.
  if ('error' in outcome) throw unauthorized(outcome.error);
  return outcome.pair;
}

/** Signs out: the presented refresh token's whole family stops working. */
export async function logout(db: Db, ctx: RequestContext, presented: string): Promise<void> {
  await inScope(db, platformScope, async (tx) => {
    const [token] = await tx
      .select({ familyId: refreshTokens.familyId, userId: refreshTokens.userId })
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, sha256(presented)))
      .limit(1);
    // Only the owner may end a session; someone else's token is treated as unknown.
    if (token && token.userId === ctx.actor?.id) await revokeFamily(tx, token.familyId);
    await writeAudit(tx, ctx, { action: 'auth.logout', resourceType: 'user', resourceId: ctx.actor?.id ?? null });
  });
}
