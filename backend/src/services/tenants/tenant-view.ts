import type { Tenant } from '@stratum/contracts';
import type { TenantRow } from '../../models';

export const toTenantView = (row: TenantRow): Tenant => ({
  id: row.id,
  name: row.name,
  slug: row.slug,
  plan: row.plan,
  feature_flags: row.featureFlags,
  settings: row.settings,
  is_active: row.isActive,
  created_at: row.createdAt.toISOString(),
  updated_at: row.updatedAt.toISOString(),
});
