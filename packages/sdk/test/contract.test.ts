import {
  SEGMENT_MAX_MESSAGE_BYTES,
  SEGMENT_MAX_REQUEST_BYTES,
  segmentBatchSchema,
  segmentMessageSchema,
  type SegmentMessage,
} from '@stratum/contracts';
import { describe, expect, it, vi } from 'vitest';
import { MAX_BATCH_BYTES, MAX_MESSAGE_BYTES } from '../src/queue';
import type { Message } from '../src/stratum';
import { loadStratum, messagesOf, mockServer } from './support';

// The bundle cannot import the contracts (zod would triple its size), so the tests hold it to them instead.
describe('the tracking API contract', () => {
  it('accepts every kind of message the SDK sends, in a batch it accepts', async () => {
    const requests = mockServer();
    const stratum = await loadStratum({ flushAt: 100 });
    stratum.page('Home');
    stratum.track('Order Completed', { total: 99, currency: 'AED' });
    stratum.identify('user-42', { email: 'layla@example.com', phone: '+971501234567' });
    stratum.group('acme', { plan: 'growth' });
    stratum.alias('user-43');
    stratum.consent({ analytics: true, ads: false });
    stratum.track('After Consent');
    await stratum.flush();

    expect(requests).toHaveLength(1);
    expect(segmentBatchSchema.safeParse(requests[0]!.body).success).toBe(true);
    const messages = messagesOf(requests);
    expect(messages.map((message) => message.type)).toEqual(['page', 'track', 'identify', 'group', 'alias', 'track']);
    for (const message of messages) {
      const parsed = segmentMessageSchema.safeParse(message);
      expect(parsed.error?.issues ?? []).toEqual([]);
      const typed: SegmentMessage = message satisfies Message;
      expect(typed.messageId).toBe(message.messageId);
    }
  });

  it('stays within the server limits per message and per request', async () => {
    expect(MAX_MESSAGE_BYTES).toBeLessThanOrEqual(SEGMENT_MAX_MESSAGE_BYTES);
    // Room for the envelope: {"batch":[…],"sentAt":"…","writeKey":"…"}.
    expect(MAX_BATCH_BYTES + 1024).toBeLessThanOrEqual(SEGMENT_MAX_REQUEST_BYTES);
  });
});

describe('calls the server would refuse', () => {
  it('are refused one by one, with a warning, so that they cannot sink a whole batch', async () => {
    const requests = mockServer();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const stratum = await loadStratum({ flushAt: 100 });
    const long = 'x'.repeat(513);
    stratum.track('x'.repeat(256));
    stratum.track('   ');
    stratum.page('x'.repeat(256));
    stratum.identify(long, { email: 'someone@example.com' });
    stratum.group(long);
    stratum.alias(long);
    stratum.alias('user-1', long);
    stratum.track('Valid');
    await stratum.flush();

    expect(warn).toHaveBeenCalledTimes(7);
    expect(messagesOf(requests).map((message) => message.event)).toEqual(['Valid']);
    expect(stratum.user().userId).toBeNull();
  });
});
