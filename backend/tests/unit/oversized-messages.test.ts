import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oversizedBatchMessages } from '../../src/services/cdp/tracking/oversized-messages';

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

describe('oversizedBatchMessages', () => {
  it('finds the same messages as measuring each one, for any batch and limit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue(), { minLength: 1, maxLength: 12 }),
        fc.jsonValue(),
        fc.integer({ min: 1, max: 400 }),
        (batch, other, limit) => {
          // Other keys before and after `batch`, holding anything, must not confuse the scan.
          const raw = JSON.stringify({ before: other, batch, context: { batch: other }, after: [other] });
          const expected = batch.flatMap((m, i) => (bytes(m) > limit ? [i] : []));
          expect(oversizedBatchMessages(raw, limit, batch.length)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads bodies with whitespace, escaped keys and multi-byte text', () => {
    const batch = [{ event: 'é'.repeat(20) }, { event: 'short' }, 'x'];
    const raw = `{ "sentAt": "2026-01-01T00:00:00Z",\n  "b\\u0061tch" : [\n ${JSON.stringify(batch[0])} ,\n ${JSON.stringify(batch[1])}, "x" ] }`;
    expect(oversizedBatchMessages(raw, 30, 3)).toEqual([0]); // 20 × 2 bytes of é
    expect(oversizedBatchMessages(raw, 60, 3)).toEqual([]);
  });

  it('answers null when the batch it finds is not the one parsed', () => {
    expect(oversizedBatchMessages('{"batch":[1,2]}', 10, 3)).toBeNull();
    expect(oversizedBatchMessages('{"events":[1,2]}', 10, 2)).toBeNull();
  });
});
