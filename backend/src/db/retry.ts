import { pgCode } from './errors';

// Deadlock, serialization failure, unique violation: a concurrent transaction got there first; a fresh attempt
// sees its result and does the right thing.
const RETRYABLE = new Set(['40P01', '40001', '23505']);

/** Runs a whole transaction again when it lost a race, so callers never see a deadlock or a duplicate-key error. */
export async function withRetry<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      const code = pgCode(err);
      if (!code || !RETRYABLE.has(code) || attempt >= attempts) throw err;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20));
    }
  }
}
