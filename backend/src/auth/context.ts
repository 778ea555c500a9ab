import type { FastifyBaseLogger } from 'fastify';
import type { Permission, Role } from '@stratum/contracts';
import { AppError, forbidden } from '../core/errors';
import { platformScope, tenantScope, type DataScope } from '../db/scope';

export interface Actor {
  id: string;
  email: string;
  role: Role;
  /** The user's own tenant; null for superadmins. */
  tenantId: string | null;
}

/** Everything a service may know about the request it serves; built once, from the verified token only. */
export interface RequestContext {
  requestId: string;
  ip: string;
  userAgent: string | null;
  actor: Actor | null;
  /** The tenant this request acts in: the user's own, or the one a superadmin selected with X-Tenant-ID. */
  tenantId: string | null;
  permissions: ReadonlySet<Permission>;
  log: FastifyBaseLogger;
  /** The source that authenticated a key-only ingest request. */
  ingestSourceId?: string;
  /** Set when an audit row was written in this request's transaction; mutating requests must set it. */
  audited: boolean;
}

export function requireActor(ctx: RequestContext): Actor {
  if (!ctx.actor) throw new AppError(401, 'unauthorized', 'Authentication required');
  return ctx.actor;
}

export function requireTenant(ctx: RequestContext): string {
  if (!ctx.tenantId) {
    throw new AppError(400, 'tenant_required', 'Select a tenant with the X-Tenant-ID header');
  }
  return ctx.tenantId;
}

export const isSuperadmin = (ctx: RequestContext) => ctx.actor?.role === 'superadmin';

/**
 * The data scope of a request: its tenant, or, for a superadmin acting in no tenant, the whole platform.
 * A superadmin may also name a tenant explicitly (e.g. `?tenant_id=`).
 */
export function scopeOf(ctx: RequestContext, explicitTenantId?: string): DataScope {
  if (isSuperadmin(ctx)) {
    const chosen = explicitTenantId ?? ctx.tenantId;
    return chosen ? tenantScope(chosen) : platformScope;
  }
  const tenantId = requireTenant(ctx);
  if (explicitTenantId && explicitTenantId !== tenantId) throw forbidden('You cannot act in another tenant');
  return tenantScope(tenantId);
}
