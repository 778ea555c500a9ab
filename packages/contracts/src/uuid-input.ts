import { z } from 'zod';

/**
 * A UUID sent to us, spelt as the database returns it (lowercase). Services compare ids as strings too (a profile
 * merged into itself, a user changing their own role), and an uppercase spelling must not slip past them.
 */
export const uuidInputSchema = z.uuid().transform((id) => id.toLowerCase());
