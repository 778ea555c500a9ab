import {
  permissionsFor,
  type AuditLog,
  type Me,
  type Role,
  type Tenant,
  type TenantOverview,
  type User,
} from '@stratum/contracts';

let sequence = 0;
/** Deterministic, valid v4-shaped UUIDs so assertions can name them. */
export function uuid(): string {
  sequence += 1;
  return `00000000-0000-4000-8000-${sequence.toString().padStart(12, '0')}`;
}

const NOW = '2026-01-15T10:30:00.000Z';

export function makeTenant(overrides: Partial<Tenant> = {}): Tenant {
  return {
    id: uuid(),
    name: 'Demo Company',
    slug: 'demo',
    plan: 'growth',
    feature_flags: {},
    settings: {},
    is_active: true,
    created_at: NOW,
    updated_at: NOW,
    ...overrides,
  };
}

export function makeMe(role: Role = 'admin', overrides: Partial<Me> = {}): Me {
  const tenant = makeTenant();
  return {
    id: uuid(),
    email: `${role}@example.com`,
    full_name: `Ada ${role}`,
    role,
    tenant_id: role === 'superadmin' ? null : tenant.id,
    active_tenant:
      role === 'superadmin'
        ? null
        : { id: tenant.id, name: tenant.name, slug: tenant.slug, feature_flags: {}, settings: {} },
    permissions: permissionsFor(role),
    ...overrides,
  };
}

export function makeUser(overrides: Partial<User> = {}): User {
  const id = uuid();
  return {
    id,
    email: `user-${id.slice(-4)}@example.com`,
    full_name: `User ${id.slice(-4)}`,
    role: 'viewer',
    tenant_id: null,
    is_active: true,
    last_login_at: null,
    created_at: NOW,
    updated_at: NOW,
    ...overrides,
  };
}

export function makeAuditLog(overrides: Partial<AuditLog> = {}): AuditLog {
  return {
    id: uuid(),
    tenant_id: null,
    actor_id: null,
    actor_email: 'admin@example.com',
    action: 'user.create',
    resource_type: 'user',
    resource_id: uuid(),
    ip: '127.0.0.1',
    user_agent: 'vitest',
    request_id: 'req-1',
    changes: null,
    created_at: NOW,
    ...overrides,
  };
}

export function makeOverview(tenant: Tenant = makeTenant(), overrides: Partial<TenantOverview> = {}): TenantOverview {
  return { tenant, users_total: 8, users_active: 5, audit_events_7d: 42, ...overrides };
}
