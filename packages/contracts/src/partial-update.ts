import { z } from 'zod';

/**
 * The body of a PATCH: every field optional, but at least one present. An update that names nothing to change is
 * the caller's mistake (and would reach the database as an UPDATE with no column), so it is refused as such.
 */
export function partialUpdateSchema<Shape extends z.ZodRawShape>(shape: Shape) {
  return z
    .object(shape)
    .partial()
    .refine((update) => Object.values(update).some((value) => value !== undefined), {
      message: `Send at least one of ${Object.keys(shape).join(', ')}`,
    });
}
