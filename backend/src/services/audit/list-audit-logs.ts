import { desc, eq, gte, lte } from 'drizzle-orm';
import type { AuditLog, CountedAheadPaginated, auditLogQuerySchema } from '@stratum/contracts';
import type { z } from 'zod';
import { scopeOf, type RequestContext } from '../../auth/context';
import type { Db } from '../../db/client';
import { inScope, scoped } from '../../db/scope';
import { selectPage } from '../../db/select-page';
import { auditLogs, type AuditLogRow } from '../../models';

const toView = (row: AuditLogRow): AuditLog => ({
  id: row.id,
  tenant_id: row.tenantId,
  actor_id: row.actorId,
  actor_email: row.actorEmail,
  action: row.action,
  resource_type: row.resourceType,
  resource_id: row.resourceId,
  ip: row.ip,
  user_agent: row.userAgent,
  request_id: row.requestId,
  changes: row.changes,
  created_at: row.createdAt.toISOString(),
});

/**
 * Newest first. A superadmin acting in no tenant sees the whole platform's trail. Counted ahead: a server syncing
 * consents writes a row per person.
 */
export async function listAuditLogs(
  db: Db,
  ctx: RequestContext,
  query: z.output<typeof auditLogQuerySchema>,
): Promise<CountedAheadPaginated<AuditLog>> {
  const scope = scopeOf(ctx);
  const where = scoped(
    auditLogs.tenantId,
    scope,
    query.actor_id ? eq(auditLogs.actorId, query.actor_id) : undefined,
    query.action ? eq(auditLogs.action, query.action) : undefined,
    query.resource_type ? eq(auditLogs.resourceType, query.resource_type) : undefined,
    query.resource_id ? eq(auditLogs.resourceId, query.resource_id) : undefined,
    query.from ? gte(auditLogs.createdAt, new Date(query.from)) : undefined,
    query.to ? lte(auditLogs.createdAt, new Date(query.to)) : undefined,
  );
  return inScope(db, scope, (tx) => selectPage(tx, auditLogs, where, [desc(auditLogs.createdAt), desc(auditLogs.id)], query, toView, 'ahead'));
}
