import { z } from 'zod';

export const ROLES = ['superadmin', 'admin', 'manager', 'analyst', 'viewer'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const PERMISSIONS = [
  'tenant:read',
  'cdp:read',
  'cdp:write',
  'cdp:pii:read',
  'cdp:admin',
  'users:manage',
  'tenants:manage',
  'audit:read',
] as const;
export const permissionSchema = z.enum(PERMISSIONS);
export type Permission = z.infer<typeof permissionSchema>;

/**
 * The one permission matrix. Roles are cumulative from viewer upwards; superadmin alone manages tenants.
 * The console reads the same table to decide which menu entries to show, so the two never disagree.
 */
const viewer: readonly Permission[] = ['tenant:read', 'cdp:read'];
const analyst: readonly Permission[] = [...viewer];
const manager: readonly Permission[] = [...analyst, 'cdp:write'];
const admin: readonly Permission[] = [...manager, 'cdp:pii:read', 'cdp:admin', 'users:manage', 'audit:read'];
const superadmin: readonly Permission[] = [...admin, 'tenants:manage'];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  superadmin,
  admin,
  manager,
  analyst,
  viewer,
};

export function permissionsFor(role: Role): Permission[] {
  return [...ROLE_PERMISSIONS[role]];
}

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Roles a tenant admin may hand out: everything but superadmin. */
export const TENANT_ROLES = ['admin', 'manager', 'analyst', 'viewer'] as const;
export const tenantRoleSchema = z.enum(TENANT_ROLES);
export type TenantRole = z.infer<typeof tenantRoleSchema>;
