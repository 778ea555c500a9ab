import type { User } from '@stratum/contracts';
import type { UserRow } from '../../models';

export const toUserView = (row: UserRow): User => ({
  id: row.id,
  email: row.email,
  full_name: row.fullName,
  role: row.role,
  tenant_id: row.tenantId,
  is_active: row.isActive,
  last_login_at: row.lastLoginAt?.toISOString() ?? null,
  created_at: row.createdAt.toISOString(),
  updated_at: row.updatedAt.toISOString(),
});
