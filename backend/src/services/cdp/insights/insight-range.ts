import { AppError } from '../../../core/errors';

const DAY = 86_400_000;
const MAX_RANGE_DAYS = 400;

/** A validated range: default the last 7 days, never inverted, never over ~13 months. */
export function resolveRange(query: { from?: string; to?: string }, defaultDays = 7): { from: Date; to: Date } {
  const to = query.to ? new Date(query.to) : new Date();
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - defaultDays * DAY);
  // No event is older than 1970 (ingestion refuses them), and PostgreSQL's dates before year 1000 do not read back.
  if (from.getTime() < 0 || to.getTime() < 0) {
    throw new AppError(422, 'validation_error', 'Dates before 1970 hold no events', [{ field: from.getTime() < 0 ? 'from' : 'to', code: 'before_1970', message: 'From 1970 on' }]);
  }
  if (from >= to) throw new AppError(422, 'validation_error', '`from` must be before `to`', [{ field: 'from', code: 'invalid_range', message: '`from` must be before `to`' }]);
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY) {
    throw new AppError(422, 'validation_error', `The range may span at most ${MAX_RANGE_DAYS} days`, [{ field: 'from', code: 'range_too_long', message: `At most ${MAX_RANGE_DAYS} days` }]);
  }
  return { from, to };
}
