import { and, desc, eq, ilike, or } from 'drizzle-orm';
import type {
  FeatureFlagsPatch,
  Paginated,
  Tenant,
  TenantUpdate,
  tenantCreateSchema,
  tenantListQuerySchema,
} from '@stratum/contracts';
import type { z } from 'zod';
import type { RequestContext } from '../../auth/context';
import { conflict, notFound } from '../../core/errors';
import type { Db, Executor } from '../../db/client';
import { containingPattern } from '../../db/like-pattern';
import { inScope, platformScope } from '../../db/scope';
import { selectPage } from '../../db/select-page';
import { isUniqueViolation } from '../../db/errors';
import { writeAudit } from '../../middleware/audit';
import { tenants, type TenantRow } from '../../models';
import { toTenantView } from './tenant-view';
import { canonicalTimeZone, checkPhoneRegion } from '../cdp/settings/manage-cdp-settings';
import { forgetCdpSettings } from '../cdp/tenant-cdp-settings';

const live = eq(tenants.isDeleted, false);

async function findLiveTenant(tx: Executor, id: string): Promise<TenantRow> {
  const [row] = await tx.select().from(tenants).where(and(eq(tenants.id, id), live)).limit(1);
  if (!row) throw notFound('Tenant');
  return row;
}

export async function listTenants(db: Db, query: z.output<typeof tenantListQuerySchema>): Promise<Paginated<Tenant>> {
  const pattern = query.q ? containingPattern(query.q) : undefined;
  const where = and(live, pattern ? or(ilike(tenants.name, pattern), ilike(tenants.slug, pattern)) : undefined);
  return selectPage(db, tenants, where, [desc(tenants.createdAt), tenants.id], query, toTenantView);
}

export async function getTenant(db: Db, id: string): Promise<Tenant> {
  return toTenantView(await findLiveTenant(db, id));
}

export async function createTenant(
  db: Db,
  ctx: RequestContext,
  input: z.output<typeof tenantCreateSchema>,
): Promise<Tenant> {
  checkPhoneRegion(input.settings.default_phone_region, 'settings.default_phone_region');
  try {
    return await inScope(db, platformScope, async (tx) => {
      const settings = input.settings.timezone === undefined ? input.settings : { ...input.settings, timezone: await canonicalTimeZone(tx, input.settings.timezone, 'settings.timezone') };
      const [row] = await tx
        .insert(tenants)
        .values({
          name: input.name,
          slug: input.slug,
          plan: input.plan,
          featureFlags: input.feature_flags,
          settings,
        })
        .returning();
      if (!row) throw new Error('insert returned no row');
      await writeAudit(tx, ctx, {
        action: 'tenant.create',
        resourceType: 'tenant',
        resourceId: row.id,
        tenantId: row.id,
        changes: { after: input },
      });
      return toTenantView(row);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('slug_taken', 'A tenant with this slug already exists', 'slug');
    throw err;
  }
}

export async function updateTenant(db: Db, ctx: RequestContext, id: string, input: TenantUpdate): Promise<Tenant> {
  checkPhoneRegion(input.settings?.default_phone_region, 'settings.default_phone_region');
  return inScope(db, platformScope, async (tx) => {
    const before = await findLiveTenant(tx, id);
    const zone = input.settings?.timezone;
    const patch = input.settings && zone !== undefined ? { ...input.settings, timezone: await canonicalTimeZone(tx, zone, 'settings.timezone') } : input.settings;
    const [row] = await tx
      .update(tenants)
      .set({
        name: input.name,
        plan: input.plan,
        settings: patch && mergedSettings(before.settings, patch),
        isActive: input.is_active,
      })
      .where(eq(tenants.id, id))
      .returning();
    if (!row) throw notFound('Tenant');
    await writeAudit(tx, ctx, {
      action: 'tenant.update',
      resourceType: 'tenant',
      resourceId: id,
      tenantId: id,
      changes: { before: pick(toTenantView(before), input), after: input },
    });
    // CDP settings (phone region, limits, quotas) are cached per process; this one applies them at once.
    forgetCdpSettings(id);
    return toTenantView(row);
  });
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A PATCH of settings sets the keys it names and keeps the others, at every depth (a JSON merge patch): replacing an
 * object would silently reset what it does not name — a tenant's currency, phone region, or the identifier limits
 * next to the one limit sent. Lists and values are replaced.
 */
function mergedSettings(current: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    merged[key] = isPlainObject(value) && isPlainObject(current[key]) ? mergedSettings(current[key], value) : value;
  }
  return merged;
}

export async function patchFeatureFlags(
  db: Db,
  ctx: RequestContext,
  id: string,
  patch: FeatureFlagsPatch,
): Promise<Tenant> {
  return inScope(db, platformScope, async (tx) => {
    const before = await findLiveTenant(tx, id);
    const flags = { ...before.featureFlags };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete flags[key];
      else flags[key] = value;
    }
    const [row] = await tx.update(tenants).set({ featureFlags: flags }).where(eq(tenants.id, id)).returning();
    if (!row) throw notFound('Tenant');
    await writeAudit(tx, ctx, {
      action: 'tenant.feature_flags.update',
      resourceType: 'tenant',
      resourceId: id,
      tenantId: id,
      changes: { before: before.featureFlags, after: flags },
    });
    // Cached with the CDP settings (every CDP request checks them): this process applies the change at once.
    forgetCdpSettings(id);
    return toTenantView(row);
  });
}

/** Soft delete: the tenant disappears from lists and its users can no longer sign in; data stays recoverable. */
export async function deleteTenant(db: Db, ctx: RequestContext, id: string): Promise<void> {
  await inScope(db, platformScope, async (tx) => {
    await findLiveTenant(tx, id);
    await tx
      .update(tenants)
      .set({ isDeleted: true, deletedAt: new Date(), isActive: false })
      .where(eq(tenants.id, id));
    await writeAudit(tx, ctx, { action: 'tenant.delete', resourceType: 'tenant', resourceId: id, tenantId: id });
  });
}

function pick(view: Tenant, keys: TenantUpdate): Record<string, unknown> {
  return Object.fromEntries(Object.keys(keys).map((k) => [k, view[k as keyof Tenant]]));
}
