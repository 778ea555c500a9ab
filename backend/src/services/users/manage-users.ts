import { and, desc, eq, ilike, or, sql } from 'drizzle-orm';
import type { Paginated, User, UserUpdate, userCreateSchema, userListQuerySchema } from '@stratum/contracts';
import type { z } from 'zod';
import { scopeOf, type RequestContext } from '../../auth/context';
import { AppError, conflict, invalid, notFound } from '../../core/errors';
import { hashPassword } from '../../core/security';
import type { Db, Executor } from '../../db/client';
import { containingPattern } from '../../db/like-pattern';
import { isUniqueViolation } from '../../db/errors';
import { inScope, scoped, type DataScope } from '../../db/scope';
import { selectPage } from '../../db/select-page';
import { writeAudit } from '../../middleware/audit';
import { tenants, users, type UserRow } from '../../models';
import { toUserView } from './user-view';

const live = eq(users.isDeleted, false);

async function findUser(tx: Executor, scope: DataScope, id: string): Promise<UserRow> {
  const [row] = await tx.select().from(users).where(scoped(users.tenantId, scope, eq(users.id, id), live)).limit(1);
  if (!row) throw notFound('User');
  return row;
}

export async function listUsers(
  db: Db,
  ctx: RequestContext,
  query: z.output<typeof userListQuerySchema>,
): Promise<Paginated<User>> {
  const scope = scopeOf(ctx, query.tenant_id);
  const pattern = query.q ? containingPattern(query.q) : undefined;
  const where = scoped(
    users.tenantId,
    scope,
    live,
    query.role ? eq(users.role, query.role) : undefined,
    pattern ? or(ilike(users.email, pattern), ilike(users.fullName, pattern)) : undefined,
  );
  return inScope(db, scope, (tx) => selectPage(tx, users, where, [desc(users.createdAt), users.id], query, toUserView));
}

export async function getUser(db: Db, ctx: RequestContext, id: string): Promise<User> {
  const scope = scopeOf(ctx);
  return inScope(db, scope, async (tx) => toUserView(await findUser(tx, scope, id)));
}

/** A tenant admin creates users in their own tenant; a superadmin names the tenant (or acts in the selected one). */
export async function createUser(
  db: Db,
  ctx: RequestContext,
  input: z.output<typeof userCreateSchema>,
): Promise<User> {
  const tenantId = input.tenant_id ?? ctx.tenantId;
  if (!tenantId) throw invalid('tenant_id', 'required', 'tenant_id is required when no tenant is selected');
  // Refuses (403) a tenant admin naming a tenant other than their own.
  const scope = scopeOf(ctx, tenantId);
  const passwordHash = await hashPassword(input.password);
  try {
    return await inScope(db, scope, async (tx) => {
      const [tenant] = await tx
        .select({ id: tenants.id })
        .from(tenants)
        .where(and(eq(tenants.id, tenantId), eq(tenants.isDeleted, false)))
        .limit(1);
      if (!tenant) throw notFound('Tenant');
      const [row] = await tx
        .insert(users)
        .values({ tenantId, email: input.email, fullName: input.full_name, role: input.role, passwordHash })
        .returning();
      if (!row) throw new Error('insert returned no row');
      await writeAudit(tx, ctx, {
        action: 'user.create',
        resourceType: 'user',
        resourceId: row.id,
        tenantId,
        changes: { after: { email: row.email, full_name: row.fullName, role: row.role } },
      });
      return toUserView(row);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('email_taken', 'A user with this email already exists', 'email');
    throw err;
  }
}

export async function updateUser(db: Db, ctx: RequestContext, id: string, input: UserUpdate): Promise<User> {
  const scope = scopeOf(ctx);
  if (id === ctx.actor?.id && (input.role !== undefined || input.is_active === false)) {
    throw new AppError(409, 'cannot_change_self', 'You cannot change your own role or deactivate yourself');
  }
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return inScope(db, scope, async (tx) => {
    const before = await findUser(tx, scope, id);
    if (before.role === 'superadmin') throw notFound('User');
    const [row] = await tx
      .update(users)
      .set({
        fullName: input.full_name,
        role: input.role,
        isActive: input.is_active,
        passwordHash,
        // To the second, as tokens say when they were issued: one signed in after the change stays valid.
        sessionsValidAfter: passwordHash ? sql`date_trunc('second', now())` : undefined,
      })
      .where(eq(users.id, id))
      .returning();
    if (!row) throw notFound('User');
    if (input.is_active === false || passwordHash) await revokeSessions(tx, id);
    await writeAudit(tx, ctx, {
      action: 'user.update',
      resourceType: 'user',
      resourceId: id,
      tenantId: row.tenantId,
      changes: {
        before: { full_name: before.fullName, role: before.role, is_active: before.isActive },
        after: { ...input, password: input.password ? 'changed' : undefined },
      },
    });
    return toUserView(row);
  });
}

/** Soft delete; the user's sessions end at once. */
export async function deleteUser(db: Db, ctx: RequestContext, id: string): Promise<void> {
  const scope = scopeOf(ctx);
  if (id === ctx.actor?.id) throw new AppError(409, 'cannot_delete_self', 'You cannot delete your own account');
  await inScope(db, scope, async (tx) => {
    const before = await findUser(tx, scope, id);
    if (before.role === 'superadmin') throw notFound('User');
    await tx.update(users).set({ isDeleted: true, deletedAt: new Date(), isActive: false }).where(eq(users.id, id));
    await revokeSessions(tx, id);
    await writeAudit(tx, ctx, {
      action: 'user.delete',
      resourceType: 'user',
      resourceId: id,
      tenantId: before.tenantId,
      changes: { before: { email: before.email, role: before.role } },
    });
  });
}

/** Sessions live in a platform table; the migration's definer function ends them within the current tenant only. */
async function revokeSessions(tx: Executor, userId: string): Promise<void> {
  await tx.execute(sql`select stratum_revoke_user_sessions(${userId}::uuid)`);
}
