import { describe, expect, it } from 'vitest';
import { queuedPayload } from '../../src/services/cdp/tracking/queued-payload';

describe('queuedPayload', () => {
  it('keeps a batch body exactly as received', () => {
    const raw = '{ "batch": [ {"type":"track","anonymousId":"a","event":"E"} ], "sentAt": "2026-11-26T12:00:00Z" }';
    expect(queuedPayload(raw, JSON.parse(raw), undefined)).toBe(raw);
  });

  it("wraps a single-message endpoint's message as a batch of one", () => {
    const raw = '{"anonymousId":"a","event":"E"}';
    expect(JSON.parse(queuedPayload(raw, JSON.parse(raw), 'track'))).toEqual({ batch: [{ anonymousId: 'a', event: 'E' }] });
  });

  it('never keeps a write key, in the body or in a message, however its name is spelled', () => {
    const cases: [string, 'track' | undefined][] = [
      ['{"writeKey":"cdp_secret","batch":[{"anonymousId":"a","event":"E"}]}', undefined],
      ['{"batch":[{"anonymousId":"a","event":"E","writeKey":"cdp_secret"}]}', undefined],
      ['{"batch":[{"anonymousId":"a","event":"E","write\\u004bey":"cdp_secret"}]}', undefined],
      ['{"anonymousId":"a","event":"E","writeKey":"cdp_secret"}', 'track'],
    ];
    for (const [raw, forced] of cases) {
      const stored = queuedPayload(raw, JSON.parse(raw), forced);
      expect(stored).not.toContain('cdp_secret');
      expect(JSON.parse(stored).batch[0]).toEqual({ anonymousId: 'a', event: 'E' });
    }
  });
});
