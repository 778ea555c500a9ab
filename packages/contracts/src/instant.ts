import { z } from 'zod';

/** 0001-01-01T00:00:00Z: PostgreSQL has no year 0, and JavaScript writes earlier instants in a form it cannot read. */
const EARLIEST = Date.parse('0001-01-01T00:00:00Z');

/**
 * An ISO 8601 instant with an offset, for the date filters of list and insight queries. ISO allows year 0000 (and
 * an offset can pull 0001-01-01 back into it), which the database refuses with an error: caught here, it is a 422
 * on the field instead of a 500.
 */
export const isoInstantSchema = z.iso
  .datetime({ offset: true })
  // Zod runs this even after the format check failed: text that is no date at all gets only the format's message.
  .refine((value) => Number.isNaN(Date.parse(value)) || Date.parse(value) >= EARLIEST, 'Dates before the year 1 are not supported');
