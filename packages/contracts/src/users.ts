import { z } from 'zod';
import { uuidInputSchema } from './uuid-input';
import { partialUpdateSchema } from './partial-update';
import { emailSchema, passwordSchema } from './auth';
import { roleSchema, tenantRoleSchema } from './permissions';

export const userSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  full_name: z.string(),
  role: roleSchema,
  tenant_id: z.uuid().nullable(),
  is_active: z.boolean(),
  last_login_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type User = z.infer<typeof userSchema>;

export const userCreateSchema = z.object({
  email: emailSchema,
  full_name: z.string().trim().min(1).max(255),
  password: passwordSchema,
  role: tenantRoleSchema,
  /** Only a superadmin names the tenant; a tenant admin always creates in their own tenant. */
  tenant_id: uuidInputSchema.optional(),
});
export type UserCreate = z.input<typeof userCreateSchema>;

export const userUpdateSchema = partialUpdateSchema({
  full_name: z.string().trim().min(1).max(255),
  role: tenantRoleSchema,
  is_active: z.boolean(),
  password: passwordSchema,
});
export type UserUpdate = z.input<typeof userUpdateSchema>;

export const userListQuerySchema = z.object({
  q: z.string().trim().max(255).optional(),
  role: roleSchema.optional(),
  tenant_id: uuidInputSchema.optional(),
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(100).default(20),
});
export type UserListQuery = z.input<typeof userListQuerySchema>;
