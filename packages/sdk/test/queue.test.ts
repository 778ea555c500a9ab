import { describe, expect, it } from 'vitest';
import { MessageQueue } from '../src/queue';
import type { Message } from '../src/types';
import { storedQueue } from './support';

const message = (messageId: string) => ({ type: 'track', event: messageId, messageId, timestamp: new Date().toISOString() }) as unknown as Message;

describe('the stored queue, shared by the tabs of a site', () => {
  it("keeps every tab's messages when two tabs queue while offline, and drops only what each has sent", () => {
    const tabA = new MessageQueue(100, true);
    const tabB = new MessageQueue(100, true);
    tabA.push(message('A1'));
    tabB.push(message('B1'));
    tabA.push(message('A2'));
    expect(storedQueue().map((m) => m.messageId)).toEqual(['B1', 'A1', 'A2']);

    tabA.remove([message('A1')]);
    expect(storedQueue().map((m) => m.messageId)).toEqual(['B1', 'A2']);
    // The next page sends what both tabs left.
    expect(new MessageQueue(100, true).messages().map((m) => m.messageId)).toEqual(['B1', 'A2']);
    // Withdrawn consent empties it for the whole site.
    tabB.clear();
    expect(localStorage.getItem('stratum_queue')).toBeNull();
  });
});
