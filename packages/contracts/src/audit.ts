import { z } from 'zod';
import { uuidInputSchema } from './uuid-input';
import { isoInstantSchema } from './instant';

export const auditLogSchema = z.object({
  id: z.uuid(),
  tenant_id: z.uuid().nullable(),
  actor_id: z.uuid().nullable(),
  actor_email: z.string().nullable(),
  action: z.string(),
  resource_type: z.string(),
  resource_id: z.string().nullable(),
  ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  request_id: z.string().nullable(),
  changes: z.record(z.string(), z.unknown()).nullable(),
  created_at: z.string(),
});
export type AuditLog = z.infer<typeof auditLogSchema>;

export const auditLogQuerySchema = z.object({
  actor_id: uuidInputSchema.optional(),
  action: z.string().trim().max(100).optional(),
  resource_type: z.string().trim().max(100).optional(),
  resource_id: z.string().trim().max(100).optional(),
  from: isoInstantSchema.optional(),
  to: isoInstantSchema.optional(),
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(100).default(50),
});
export type AuditLogQuery = z.input<typeof auditLogQuerySchema>;
