import { randomUUID } from 'node:crypto';
import type { TokenPair } from '@stratum/contracts';
import type { AppConfig } from '../../core/config';
import { newOpaqueToken, sha256, signAccessToken } from '../../core/security';
import type { Executor } from '../../db/client';
import { refreshTokens, type UserRow } from '../../models';

/** Issues an access token and a refresh token; a new sign-in starts a new family, a rotation continues one. */
export async function issueTokenPair(
  tx: Executor,
  config: AppConfig,
  user: Pick<UserRow, 'id' | 'role' | 'tenantId'>,
  familyId: string = randomUUID(),
): Promise<TokenPair> {
  const refresh = newOpaqueToken();
  await tx.insert(refreshTokens).values({
    userId: user.id,
    familyId,
    tokenHash: sha256(refresh),
    expiresAt: new Date(Date.now() + config.jwt.refreshTtlDays * 86_400_000),
  });
  const access = await signAccessToken(config.jwt, { sub: user.id, role: user.role, tid: user.tenantId });
  return { access_token: access, refresh_token: refresh, token_type: 'bearer', expires_in: config.jwt.accessTtlSeconds };
}
