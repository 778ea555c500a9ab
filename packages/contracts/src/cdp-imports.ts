import { z } from 'zod';
import { rejectionCodeSchema } from './cdp-events';
import { paginationQuerySchema } from './envelope';

export const IMPORT_KINDS = ['events', 'profiles'] as const;
export const IMPORT_FORMATS = ['csv', 'ndjson'] as const;
export const IMPORT_STATUSES = ['queued', 'running', 'completed', 'failed', 'duplicate'] as const;

/**
 * Where each column (CSV header, or NDJSON field path like `user.email`) goes: `event_name`, `event_time`,
 * `idempotency_key`, `identifier.<type>`, `properties.<key>`, `traits.<key>`, `consent.<analytics|ads|email|sms>`,
 * or `ignore`. A `<key>` may not be `__proto__` (assigning it would not store a value).
 */
export const IMPORT_TARGET_PATTERN =
  /^(event_name|event_time|idempotency_key|ignore|identifier\.[a-z][a-z0-9_]{1,39}|(properties|traits)\.(?!__proto__$)[\w.-]{1,64}|consent\.(analytics|ads|email|sms))$/;
export const importMappingSchema = z.record(
  z.string().min(1).max(200),
  z.string().regex(IMPORT_TARGET_PATTERN, 'Unknown target: use event_name, event_time, identifier.<type>, properties.<key>, traits.<key>, consent.<type> or ignore'),
);
export type ImportMapping = z.infer<typeof importMappingSchema>;

export const importSchema = z.object({
  id: z.uuid(),
  kind: z.enum(IMPORT_KINDS),
  format: z.enum(IMPORT_FORMATS),
  filename: z.string(),
  source_id: z.uuid().nullable(),
  status: z.enum(IMPORT_STATUSES),
  percent: z.number(),
  rows_processed: z.number().int(),
  rows_ok: z.number().int(),
  rows_failed: z.number().int(),
  /** Of `rows_ok`, those whose event was already stored (the same key: an earlier run of the file, or a repeated row). */
  rows_duplicate: z.number().int(),
  /**
   * The first refused rows, and notes on rows imported all the same (`imported`: revenue not counted, an identifier
   * left out), in row order; `code` is missing on reports kept before codes were.
   */
  errors: z.array(
    z.object({ row: z.number().int(), message: z.string(), code: rejectionCodeSchema.optional(), imported: z.boolean().optional() }),
  ),
  duplicate_of: z.uuid().nullable(),
  failure_reason: z.string().nullable(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
});
export type CdpImport = z.infer<typeof importSchema>;

/** Query of GET /cdp/imports: the tenant's imports, newest first, one page at a time. */
export const importListQuerySchema = paginationQuerySchema;
export type ImportListQuery = z.input<typeof importListQuerySchema>;
