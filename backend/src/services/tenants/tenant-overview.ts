import { and, count, eq, gte, sql } from 'drizzle-orm';
import type { TenantOverview } from '@stratum/contracts';
import { requireTenant, type RequestContext } from '../../auth/context';
import { notFound } from '../../core/errors';
import type { Db } from '../../db/client';
import { inScope, tenantScope } from '../../db/scope';
import { auditLogs, tenants, users } from '../../models';
import { toTenantView } from './tenant-view';

export async function tenantOverview(db: Db, ctx: RequestContext): Promise<TenantOverview> {
  const tenantId = requireTenant(ctx);
  return inScope(db, tenantScope(tenantId), async (tx) => {
    const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, tenantId)).limit(1);
    if (!tenant) throw notFound('Tenant');
    const [userCounts] = await tx
      .select({ total: count(), active: sql<number>`count(*) filter (where ${users.isActive})`.mapWith(Number) })
      .from(users)
      .where(and(eq(users.tenantId, tenantId), eq(users.isDeleted, false)));
    const [audit] = await tx
      .select({ n: count() })
      .from(auditLogs)
      .where(and(eq(auditLogs.tenantId, tenantId), gte(auditLogs.createdAt, new Date(Date.now() - 7 * 86_400_000))));
    return {
      tenant: toTenantView(tenant),
      users_total: userCounts?.total ?? 0,
      users_active: userCounts?.active ?? 0,
      audit_events_7d: audit?.n ?? 0,
    };
  });
}
