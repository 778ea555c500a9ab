import type { Envelope } from '@stratum/contracts';

/** The success envelope; failures are shaped in one place, the error handler. */
export const ok = <T>(data: T, message: string | null = null): Envelope<T> => ({
  success: true,
  data,
  message,
  errors: null,
});

/**
 * The success envelope as a stream of JSON text, for documents too large to hold: `data` is `head` with one more
 * key, `streamed`, whose array is written a chunk at a time as `chunks` yields them (backpressure is the caller's
 * stream's, e.g. Readable.from).
 */
export async function* streamedEnvelope(head: Record<string, unknown>, streamed: string, chunks: AsyncIterable<unknown[]>): AsyncGenerator<string> {
  const opening = JSON.stringify(ok({ ...head, [streamed]: [] }));
  // `data` ends with the empty array, then `,"message":null,"errors":null}`: split there.
  const emptyArray = opening.lastIndexOf('[]');
  yield opening.slice(0, emptyArray + 1);
  let first = true;
  for await (const chunk of chunks) {
    if (chunk.length === 0) continue;
    const items = chunk.map((item) => JSON.stringify(item)).join(',');
    yield first ? items : `,${items}`;
    first = false;
  }
  yield opening.slice(emptyArray + 1);
}
