import { z } from 'zod';
import { permissionSchema, roleSchema } from './permissions';

export const PASSWORD_MIN_LENGTH = 10;
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Password must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(256);

export const emailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email('Invalid email address'))
  .transform((value) => value.toLowerCase());

export const loginRequestSchema = z.object({
  email: emailSchema,
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.input<typeof loginRequestSchema>;

export const tokenPairSchema = z.object({
  access_token: z.string(),
  refresh_token: z.string(),
  token_type: z.literal('bearer'),
  expires_in: z.number().int(),
});
export type TokenPair = z.infer<typeof tokenPairSchema>;

/** A signed-in user's own password change: the current one proves it is them, not someone at an unlocked screen. */
export const passwordChangeSchema = z
  .object({ current_password: z.string().min(1).max(256), new_password: passwordSchema })
  .refine((value) => value.new_password !== value.current_password, {
    path: ['new_password'],
    message: 'The new password must differ from the current one',
  });
export type PasswordChange = z.infer<typeof passwordChangeSchema>;

export const refreshRequestSchema = z.object({ refresh_token: z.string().min(1).max(512) });
export type RefreshRequest = z.infer<typeof refreshRequestSchema>;

export const meSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  full_name: z.string(),
  role: roleSchema,
  tenant_id: z.uuid().nullable(),
  /** The tenant this request acts in: the user's own, or the one a superadmin selected with X-Tenant-ID. */
  active_tenant: z
    .object({
      id: z.uuid(),
      name: z.string(),
      slug: z.string(),
      feature_flags: z.record(z.string(), z.boolean()),
      settings: z.record(z.string(), z.unknown()),
    })
    .nullable(),
  permissions: z.array(permissionSchema),
});
export type Me = z.infer<typeof meSchema>;
