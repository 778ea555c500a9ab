import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { AppConfig } from '../../core/config';
import { hashPassword } from '../../core/security';
import type { Db } from '../../db/client';
import { inScope, platformScope } from '../../db/scope';
import { auditLogs, tenants, users } from '../../models';

export const DEMO_TENANT_SLUG = 'demo';
export const DEMO_ADMIN_EMAIL = 'demo-admin@stratum.local';

export interface FirstStartResult {
  /** Credentials generated on this start, to print once; empty when everything existed or was configured. */
  generated: { email: string; password: string; role: string }[];
  demoTenantId: string | null;
}

const generatedPassword = () => randomBytes(12).toString('base64url');

/**
 * On an empty database: the superadmin (from STRATUM_ADMIN_EMAIL / _PASSWORD, or a generated password), and the
 * demo tenant with its admin. Idempotent: a later start finds them and changes nothing.
 */
export async function ensureFirstStart(db: Db, config: AppConfig): Promise<FirstStartResult> {
  return inScope(db, platformScope, async (tx) => {
    const generated: FirstStartResult['generated'] = [];
    const [existingSuper] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, 'superadmin'), eq(users.isDeleted, false)))
      .limit(1);
    if (!existingSuper) {
      const email = (config.admin.email ?? 'admin@stratum.local').toLowerCase();
      const password = config.admin.password ?? generatedPassword();
      if (!config.admin.password) generated.push({ email, password, role: 'superadmin' });
      const [admin] = await tx
        .insert(users)
        .values({ email, fullName: 'Stratum Admin', role: 'superadmin', passwordHash: await hashPassword(password) })
        .returning({ id: users.id });
      await tx.insert(auditLogs).values({
        action: 'system.bootstrap.superadmin',
        resourceType: 'user',
        resourceId: admin?.id ?? null,
      });
    }

    if (!config.seedDemo) return { generated, demoTenantId: null };
    const [existingDemo] = await tx
      .select({ id: tenants.id })
      .from(tenants)
      .where(and(eq(tenants.slug, DEMO_TENANT_SLUG), eq(tenants.isDeleted, false)))
      .limit(1);
    if (existingDemo) return { generated, demoTenantId: existingDemo.id };

    const [demo] = await tx
      .insert(tenants)
      .values({
        name: 'Demo Company',
        slug: DEMO_TENANT_SLUG,
        plan: 'growth',
        featureFlags: { cdp: true, cdp_roi_calculator: true },
        // The dirham is pegged to the dollar: the demo's USD orders count in AED at the peg.
        settings: { default_phone_region: 'AE', currency: 'AED', currency_rates: { USD: 3.6725 }, locale: 'en', timezone: 'Asia/Dubai' },
      })
      .returning({ id: tenants.id });
    if (!demo) throw new Error('demo tenant insert returned no row');
    const password = generatedPassword();
    generated.push({ email: DEMO_ADMIN_EMAIL, password, role: 'admin (Demo Company)' });
    const [demoAdmin] = await tx
      .insert(users)
      .values({
        tenantId: demo.id,
        email: DEMO_ADMIN_EMAIL,
        fullName: 'Demo Admin',
        role: 'admin',
        passwordHash: await hashPassword(password),
      })
      .returning({ id: users.id });
    await tx.insert(auditLogs).values({
      tenantId: demo.id,
      action: 'system.bootstrap.demo_tenant',
      resourceType: 'tenant',
      resourceId: demo.id,
      changes: { admin_user_id: demoAdmin?.id },
    });
    return { generated, demoTenantId: demo.id };
  });
}
