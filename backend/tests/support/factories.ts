import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Role, TenantRole } from '@stratum/contracts';
import { hashPassword } from '../../src/core/security';
import type { Db } from '../../src/db/client';
import { tenants, users } from '../../src/models';

export const PASSWORD = 'correct-horse-battery';
const unique = () => randomBytes(4).toString('hex');

export type TenantOverrides = Partial<typeof tenants.$inferInsert>;

export async function makeTenant(db: Db, overrides: TenantOverrides = {}) {
  const suffix = unique();
  const [row] = await db
    .insert(tenants)
    .values({ name: `Tenant ${suffix}`, slug: `t-${suffix}`, settings: { default_phone_region: 'AE' }, ...overrides })
    .returning();
  if (!row) throw new Error('tenant not created');
  return row;
}

let cachedHash: Promise<string> | undefined;

export async function makeUser(
  db: Db,
  options: { tenantId: string | null; role?: Role | TenantRole; email?: string; isActive?: boolean },
) {
  cachedHash ??= hashPassword(PASSWORD);
  const role = options.role ?? 'admin';
  const [row] = await db
    .insert(users)
    .values({
      tenantId: role === 'superadmin' ? null : options.tenantId,
      email: (options.email ?? `${role}-${unique()}@example.com`).toLowerCase(),
      fullName: `${role} user`,
      role,
      isActive: options.isActive ?? true,
      passwordHash: await cachedHash,
    })
    .returning();
  if (!row) throw new Error('user not created');
  return row;
}

export interface Session {
  token: string;
  refresh: string;
  headers: Record<string, string>;
}

export async function login(app: FastifyInstance, email: string, password = PASSWORD): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const data = res.json().data as { access_token: string; refresh_token: string };
  return {
    token: data.access_token,
    refresh: data.refresh_token,
    headers: { authorization: `Bearer ${data.access_token}` },
  };
}

/** A tenant with an admin signed in: the usual starting point of an integration test. */
export async function tenantWithAdmin(app: FastifyInstance, db: Db, tenantOverrides: TenantOverrides = {}) {
  const tenant = await makeTenant(db, tenantOverrides);
  const admin = await makeUser(db, { tenantId: tenant.id, role: 'admin' });
  const session = await login(app, admin.email);
  return { tenant, admin, session };
}
