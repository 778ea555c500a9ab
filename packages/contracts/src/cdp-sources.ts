import { z } from 'zod';
import { uuidInputSchema } from './uuid-input';
import { partialUpdateSchema } from './partial-update';

export const SOURCE_TYPES = ['website', 'server', 'sgtm', 'import', 'crm'] as const;
// The message does not quote what was sent: an error echoing input is where a pasted email or key ends up in logs.
export const sourceTypeSchema = z.enum(SOURCE_TYPES, { error: () => `Invalid source type: expected one of ${SOURCE_TYPES.join(', ')}` });

/** A source's settings for the console and SDKs: a few keys, bounded so a list of sources stays small. */
export const SOURCE_CONFIG_MAX_BYTES = 16 * 1024;
const sourceConfigSchema = z
  .record(z.string(), z.unknown())
  .refine((config) => new TextEncoder().encode(JSON.stringify(config)).length <= SOURCE_CONFIG_MAX_BYTES, `config may hold at most ${SOURCE_CONFIG_MAX_BYTES / 1024} KB`);
export type SourceType = z.infer<typeof sourceTypeSchema>;

export const sourceSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  source_type: sourceTypeSchema,
  /** The first characters of the key, so people can tell keys apart; the key itself is never shown again. */
  key_prefix: z.string(),
  config: z.record(z.string(), z.unknown()),
  is_active: z.boolean(),
  event_count: z.number().int(),
  last_event_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Source = z.infer<typeof sourceSchema>;

/** Returned on create and on rotation only: the one time the key is visible. */
export const sourceWithKeySchema = sourceSchema.extend({ source_key: z.string() });
export type SourceWithKey = z.infer<typeof sourceWithKeySchema>;

export const sourceCreateSchema = z.object({
  name: z.string().trim().min(1).max(255),
  source_type: sourceTypeSchema,
  config: sourceConfigSchema.default({}),
});
export type SourceCreate = z.input<typeof sourceCreateSchema>;

export const sourceUpdateSchema = partialUpdateSchema({
  name: z.string().trim().min(1).max(255),
  config: sourceConfigSchema,
  is_active: z.boolean(),
});
export type SourceUpdate = z.input<typeof sourceUpdateSchema>;

export const sourceListSchema = z.object({ items: z.array(sourceSchema), total: z.number().int() });

/**
 * A tracked request whose events the database refused on their own (see the collection queue): kept aside, not
 * retried, so the source's later requests go through. Only its outline is shown; its messages may hold personal data.
 */
export const setAsideRequestSchema = z.object({
  id: z.uuid(),
  received_at: z.string(),
  failed_at: z.string(),
  /** When it is purged unless retried: seven days after it was set aside. */
  expires_at: z.string(),
  /** The database's SQLSTATE, e.g. `SQLSTATE 22023`; never the error's text, which may quote a value. */
  failure: z.string(),
  message_count: z.number().int(),
});
export type SetAsideRequest = z.infer<typeof setAsideRequestSchema>;
export const setAsideRequestListSchema = z.object({ items: z.array(setAsideRequestSchema), total: z.number().int() });
export const setAsideParamsSchema = z.object({ id: uuidInputSchema, requestId: uuidInputSchema });
