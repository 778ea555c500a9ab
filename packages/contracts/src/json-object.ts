import { z } from 'zod';

const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A JSON object of the client's own fields (event properties, context, traits), checked for being an object and
 * passed on as it is. `z.record` would copy every key of every event, which costs as much as the rest of an
 * event's validation on the ingest paths; keys of parsed JSON are always strings anyway.
 */
export const jsonObjectSchema = z.custom<Record<string, unknown>>(isJsonObject, 'Expected an object');
