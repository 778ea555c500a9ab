import { and, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { permissionsFor, type Permission } from '@stratum/contracts';
import { AppError, forbidden, notFound, unauthorized } from '../core/errors';
import { verifyAccessToken, type JwtSettings } from '../core/security';
import type { Db } from '../db/client';
import { tenants, users } from '../models';
import type { RouteAccess } from './route-permission';
import type { Actor, RequestContext } from './context';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function anonymousContext(req: FastifyRequest): RequestContext {
  return {
    requestId: req.id,
    ip: req.ip,
    userAgent: req.headers['user-agent']?.slice(0, 1024) ?? null,
    actor: null,
    tenantId: null,
    permissions: new Set(),
    log: req.log,
    audited: false,
  };
}

function bearerToken(req: FastifyRequest): string {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!match?.[1]) throw unauthorized();
  return match[1];
}

/**
 * Verifies the token, reloads the user (so a deactivated user or tenant is locked out at once, not when the token
 * expires) and settles the tenant the request acts in.
 */
async function authenticate(db: Db, jwt: JwtSettings, req: FastifyRequest): Promise<RequestContext> {
  const claims = await verifyAccessToken(jwt, bearerToken(req));
  const [row] = await db
    .select({ user: users, tenantActive: tenants.isActive, tenantDeleted: tenants.isDeleted })
    .from(users)
    .leftJoin(tenants, eq(tenants.id, users.tenantId))
    .where(and(eq(users.id, claims.sub), eq(users.isDeleted, false)))
    .limit(1);
  if (!row || !row.user.isActive) throw unauthorized('Account is disabled or no longer exists');
  // A token from before a password change: whoever held it must not keep access for the rest of its life.
  if (row.user.sessionsValidAfter && claims.iat * 1000 < row.user.sessionsValidAfter.getTime()) throw unauthorized('Session ended: sign in again');
  if (row.user.tenantId && (!row.tenantActive || row.tenantDeleted)) throw unauthorized('Tenant is not active');

  const actor: Actor = { id: row.user.id, email: row.user.email, role: row.user.role, tenantId: row.user.tenantId };
  const tenantId = await selectedTenant(db, actor, req.headers['x-tenant-id']);
  // The caller binds it to the request (main.ts): a stream re-checking access would otherwise nest it each time.
  const log = req.log.child({ tenant_id: tenantId, user_id: actor.id });
  return {
    ...anonymousContext(req),
    actor,
    tenantId,
    permissions: new Set(permissionsFor(actor.role)),
    log,
  };
}

async function selectedTenant(db: Db, actor: Actor, header: string | string[] | undefined): Promise<string | null> {
  const requested = Array.isArray(header) ? header[0] : header;
  if (actor.role !== 'superadmin') {
    if (requested !== undefined && requested.toLowerCase() !== actor.tenantId) {
      throw forbidden('X-Tenant-ID does not match your tenant');
    }
    return actor.tenantId;
  }
  if (requested === undefined || requested === '') return null;
  if (!UUID.test(requested)) throw new AppError(400, 'invalid_tenant_header', 'X-Tenant-ID must be a UUID');
  const [tenant] = await db
    .select({ id: tenants.id })
    .from(tenants)
    .where(and(eq(tenants.id, requested), eq(tenants.isDeleted, false)))
    .limit(1);
  if (!tenant) throw notFound('Tenant');
  return tenant.id;
}

/** The access check every route passes through before validation and its handler. */
export async function contextFor(
  db: Db,
  jwt: JwtSettings,
  req: FastifyRequest,
  access: RouteAccess | undefined,
): Promise<RequestContext> {
  if (access === 'public') return anonymousContext(req);
  // Deny by default: a route that forgot to declare its rule is closed, not open.
  if (access === undefined) throw forbidden('This route declares no access rule');
  const ctx = await authenticate(db, jwt, req);
  // Named, so an API user (or an admin reading a support request) knows which role would do.
  if (access !== 'authenticated' && !ctx.permissions.has(access as Permission)) throw forbidden(`You do not have permission to do this (it needs ${access})`);
  return ctx;
}
