import { STORAGE_KEYS, readStored, removeStored, writeStored } from './storage';
import type { Message } from './types';

// The server answers 400 beyond 32 KB per message and 500 KB per request; staying a little under both keeps one
// oversized message from getting a whole batch refused (and the envelope — sentAt, writeKey — needs room too).
export const MAX_MESSAGE_BYTES = 32_000;
export const MAX_BATCH_BYTES = 490_000;

const encoder = new TextEncoder();

export function byteLength(value: unknown): number {
  return encoder.encode(JSON.stringify(value)).length;
}

/** The longest prefix of `messages` whose JSON array fits in `maxBytes` (at least one message). */
export function takeWithin(messages: readonly Message[], maxBytes: number): Message[] {
  let bytes = 2;
  let count = 0;
  while (count < messages.length) {
    bytes += byteLength(messages[count]) + 1;
    if (bytes > maxBytes && count > 0) break;
    count += 1;
  }
  return messages.slice(0, count);
}

function isMessage(value: unknown): value is Message {
  return !!value && typeof value === 'object' && typeof (value as Message).messageId === 'string';
}

/** How many ids of messages sent or dropped a page remembers, to take them out of what other tabs store. */
const GONE_REMEMBERED = 5_000;

/**
 * Messages waiting to be sent, oldest first, mirrored to localStorage so that they survive a reload or an offline
 * spell. Bounded: beyond `maxSize` the oldest are dropped. Every tab of the site shares the stored copy: a tab
 * writes what it holds together with what other tabs stored there (less what it sent itself), so two tabs offline
 * at once do not overwrite each other's messages; the next page sends them all.
 */
export class MessageQueue {
  private items: Message[];
  private readonly gone = new Set<string>();

  constructor(
    private readonly maxSize: number,
    private persistent: boolean,
  ) {
    const stored = readStored(STORAGE_KEYS.queue);
    this.items = Array.isArray(stored) ? stored.filter(isMessage).slice(-maxSize) : [];
  }

  get size(): number {
    return this.items.length;
  }

  messages(): readonly Message[] {
    return this.items;
  }

  push(message: Message): void {
    this.items.push(message);
    if (this.items.length > this.maxSize) this.forget(this.items.splice(0, this.items.length - this.maxSize));
    this.save();
  }

  /** Removes these messages, wherever they are now (a beacon may have sent some of them meanwhile). */
  remove(sent: readonly Message[]): void {
    this.forget(sent);
    this.items = this.items.filter((message) => !this.gone.has(message.messageId));
    this.save();
  }

  /** Empties the queue, other tabs' stored messages included (consent withdrawn applies to the whole site). */
  clear(): void {
    this.items = [];
    removeStored(STORAGE_KEYS.queue);
  }

  setPersistent(persistent: boolean): void {
    this.persistent = persistent;
    if (persistent) this.save();
    else removeStored(STORAGE_KEYS.queue);
  }

  private forget(messages: readonly Message[]): void {
    for (const message of messages) this.gone.add(message.messageId);
    for (const id of this.gone) {
      if (this.gone.size <= GONE_REMEMBERED) break;
      this.gone.delete(id);
    }
  }

  private save(): void {
    if (!this.persistent) return;
    const stored = readStored(STORAGE_KEYS.queue);
    const mine = new Set(this.items.map((message) => message.messageId));
    const others = (Array.isArray(stored) ? stored.filter(isMessage) : []).filter((m) => !mine.has(m.messageId) && !this.gone.has(m.messageId));
    const all = [...others, ...this.items].slice(-this.maxSize);
    if (all.length === 0) removeStored(STORAGE_KEYS.queue);
    else writeStored(STORAGE_KEYS.queue, all);
  }
}
