import { and, eq } from 'drizzle-orm';
import type { LoginRequest, TokenPair } from '@stratum/contracts';
import type { RequestContext } from '../../auth/context';
import type { AppConfig } from '../../core/config';
import { unauthorized } from '../../core/errors';
import { dummyPasswordHash, verifyPassword } from '../../core/security';
import type { Db } from '../../db/client';
import { inScope, platformScope } from '../../db/scope';
import { writeAudit } from '../../middleware/audit';
import { tenants, users } from '../../models';
import { assertLoginAllowed, clearAccountFailures, recordLoginFailure } from './login-throttle';
import { issueTokenPair } from './tokens';

const INVALID = 'Invalid email or password';

/** Signs a user in. Every refusal reads the same, whatever the reason, so accounts cannot be probed. */
export async function login(db: Db, config: AppConfig, ctx: RequestContext, input: LoginRequest): Promise<TokenPair> {
  const email = input.email.trim().toLowerCase();
  await assertLoginAllowed(db, config, email, ctx.ip);

  const [row] = await db
    .select({ user: users, tenantActive: tenants.isActive, tenantDeleted: tenants.isDeleted })
    .from(users)
    .leftJoin(tenants, eq(tenants.id, users.tenantId))
    .where(and(eq(users.email, email), eq(users.isDeleted, false)))
    .limit(1);
  const passwordOk = await verifyPassword(row?.user.passwordHash ?? (await dummyPasswordHash()), input.password);
  const tenantOk = !row?.user.tenantId || (row.tenantActive === true && row.tenantDeleted === false);
  if (!row || !passwordOk || !row.user.isActive || !tenantOk) {
    await recordLoginFailure(db, email, ctx.ip);
    throw unauthorized(INVALID);
  }

  const user = row.user;
  return inScope(db, platformScope, async (tx) => {
    await clearAccountFailures(tx, email, ctx.ip);
    await tx.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, user.id));
    await writeAudit(tx, ctx, {
      action: 'auth.login',
      resourceType: 'user',
      resourceId: user.id,
      tenantId: user.tenantId,
      actor: { id: user.id, email: user.email },
    });
    return issueTokenPair(tx, config, user);
  });
}
