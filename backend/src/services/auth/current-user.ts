import { eq } from 'drizzle-orm';
import type { Me } from '@stratum/contracts';
import { requireActor, type RequestContext } from '../../auth/context';
import type { Db } from '../../db/client';
import { tenants, users } from '../../models';
import { notFound } from '../../core/errors';

export async function currentUser(db: Db, ctx: RequestContext): Promise<Me> {
  const actor = requireActor(ctx);
  const [user] = await db.select().from(users).where(eq(users.id, actor.id)).limit(1);
  if (!user) throw notFound('User');
  const [tenant] = ctx.tenantId
    ? await db.select().from(tenants).where(eq(tenants.id, ctx.tenantId)).limit(1)
    : [];
  return {
    id: user.id,
    email: user.email,
    full_name: user.fullName,
    role: user.role,
    tenant_id: user.tenantId,
    active_tenant: tenant
      ? {
          id: tenant.id,
          name: tenant.name,
          slug: tenant.slug,
          feature_flags: tenant.featureFlags,
          settings: tenant.settings,
        }
      : null,
    permissions: [...ctx.permissions],
  };
}
