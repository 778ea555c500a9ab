import type { FastifyInstance } from 'fastify';
import { auditLogs } from '../models';
import type { Executor } from '../db/client';
import type { RequestContext } from '../auth/context';
import { redactSecrets } from '../core/logging';

export interface AuditEntry {
  action: string;
  resourceType: string;
  resourceId?: string | null;
  /** The tenant the row belongs to; defaults to the request's tenant. */
  tenantId?: string | null;
  changes?: Record<string, unknown> | null;
  /** For sign-in, where the request has no actor yet but the row must name who signed in. */
  actor?: { id: string; email: string };
}

/** Writes the audit row inside the caller's transaction, so the change and its record commit or fail together. */
export async function writeAudit(tx: Executor, ctx: RequestContext, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLogs).values({
    tenantId: entry.tenantId === undefined ? ctx.tenantId : entry.tenantId,
    actorId: (entry.actor ?? ctx.actor)?.id ?? null,
    actorEmail: (entry.actor ?? ctx.actor)?.email ?? null,
    action: entry.action,
    resourceType: entry.resourceType,
    resourceId: entry.resourceId ?? null,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    requestId: ctx.requestId,
    changes: entry.changes ? (redactSecrets(entry.changes) as Record<string, unknown>) : null,
  });
  ctx.audited = true;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A successful mutating API request that wrote no audit row is a bug: it is answered 500 so the test that
 * exercises the route fails, instead of the change going unrecorded.
 */
export function registerAuditGuard(app: FastifyInstance): void {
  app.addHook('preSerialization', async (req, reply, payload) => {
    if (!MUTATING.has(req.method) || reply.statusCode >= 400 || !req.url.startsWith('/api/')) return payload;
    if (req.routeOptions.config.auditExempt) return payload;
    if (!req.ctx.audited) throw new Error(`Mutating route ${req.method} ${req.routeOptions.url} wrote no audit row`);
    return payload;
  });
}
