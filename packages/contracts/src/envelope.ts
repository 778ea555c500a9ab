import { z } from 'zod';
import { uuidInputSchema } from './uuid-input';

/** One entry of the `errors` list: which field (dotted path) failed, a stable code and a safe message. */
export const apiErrorSchema = z.object({
  field: z.string().optional(),
  code: z.string(),
  message: z.string(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

/** The response envelope every `/api/v1` route answers with. */
export function envelope<T extends z.ZodType>(data: T) {
  return z.object({
    success: z.boolean(),
    data: data.nullable(),
    message: z.string().nullable(),
    errors: z.array(apiErrorSchema).nullable(),
  });
}

export const errorEnvelopeSchema = envelope(z.null());
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

export interface Envelope<T> {
  success: boolean;
  data: T | null;
  message: string | null;
  errors: ApiError[] | null;
}

export const paginationQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(100).default(20),
});
export type PaginationQuery = z.infer<typeof paginationQuerySchema>;

export function paginated<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    page_size: z.number().int(),
  });
}
export interface Paginated<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
}

/**
 * How far past the page asked for a list that can outgrow any reader (a tenant's events) counts: a total of ten
 * million would cost seconds to count on every page, and nobody pages that far.
 */
export const LIST_COUNT_AHEAD = 10_000;

/** A page of such a list: `total_capped` says the count stopped at `total` and there are more (shown "10,000+"). */
export function countedAheadPaginated<T extends z.ZodType>(item: T) {
  return paginated(item).extend({ total_capped: z.boolean() });
}
export interface CountedAheadPaginated<T> extends Paginated<T> {
  total_capped: boolean;
}

export const idParamsSchema = z.object({ id: uuidInputSchema });
