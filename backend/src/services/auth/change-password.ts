import { and, eq, isNull, sql } from 'drizzle-orm';
import type { PasswordChange, TokenPair } from '@stratum/contracts';
import { requireActor, type RequestContext } from '../../auth/context';
import type { AppConfig } from '../../core/config';
import { invalid, unauthorized } from '../../core/errors';
import { hashPassword, verifyPassword } from '../../core/security';
import type { Db } from '../../db/client';
import { inScope, platformScope } from '../../db/scope';
import { writeAudit } from '../../middleware/audit';
import { refreshTokens, users } from '../../models';
import { assertLoginAllowed, clearAccountFailures, recordLoginFailure } from './login-throttle';
import { issueTokenPair } from './tokens';

/**
 * Changes the signed-in user's password. Every other session ends (its access tokens and refresh tokens): a
 * password is changed because it may be known to someone else. The caller gets a fresh pair to stay signed in.
 * Wrong guesses of the current password count as failed sign-ins, so a stolen token cannot probe it freely.
 */
export async function changeOwnPassword(db: Db, config: AppConfig, ctx: RequestContext, input: PasswordChange): Promise<TokenPair> {
  const actor = requireActor(ctx);
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, actor.id), eq(users.isDeleted, false)))
    .limit(1);
  if (!user) throw unauthorized();
  await assertLoginAllowed(db, config, user.email, ctx.ip);
  if (!(await verifyPassword(user.passwordHash, input.current_password))) {
    await recordLoginFailure(db, user.email, ctx.ip);
    throw invalid('current_password', 'wrong_password', 'The current password is not right');
  }
  const passwordHash = await hashPassword(input.new_password);
  return inScope(db, platformScope, async (tx) => {
    await clearAccountFailures(tx, user.email, ctx.ip);
    // To the second, as tokens say when they were issued: the pair issued below stays valid.
    await tx
      .update(users)
      .set({ passwordHash, sessionsValidAfter: sql`date_trunc('second', now())` })
      .where(eq(users.id, user.id));
    await tx
      .update(refreshTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(refreshTokens.userId, user.id), isNull(refreshTokens.revokedAt)));
    await writeAudit(tx, ctx, {
      action: 'auth.password_change',
      resourceType: 'user',
      resourceId: user.id,
      tenantId: user.tenantId,
    });
    return issueTokenPair(tx, config, user);
  });
}
