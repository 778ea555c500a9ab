import { z } from 'zod';
import { tenantSchema } from './tenants';

/** Numbers for the tenant overview page of the console shell. */
export const tenantOverviewSchema = z.object({
  tenant: tenantSchema,
  users_total: z.number().int(),
  users_active: z.number().int(),
  audit_events_7d: z.number().int(),
});
export type TenantOverview = z.infer<typeof tenantOverviewSchema>;
