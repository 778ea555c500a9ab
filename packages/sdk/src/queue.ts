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

/**
 * Messages waiting to be sent, oldest first, mirrored to localStorage so that they survive a reload or an offline
 * spell. Bounded: beyond `maxSize` the oldest are dropped.
 */
export class MessageQueue {
  private items: Message[];

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
    if (this.items.length > this.maxSize) this.items.splice(0, this.items.length - this.maxSize);
    this.save();
  }

  /** Removes these messages, wherever they are now (a beacon may have sent some of them meanwhile). */
  remove(sent: readonly Message[]): void {
    const ids = new Set(sent.map((message) => message.messageId));
    this.items = this.items.filter((message) => !ids.has(message.messageId));
    this.save();
  }

  clear(): void {
    this.items = [];
    this.save();
  }

  setPersistent(persistent: boolean): void {
    this.persistent = persistent;
    if (persistent) this.save();
    else removeStored(STORAGE_KEYS.queue);
  }

  private save(): void {
    if (!this.persistent) return;
    if (this.items.length === 0) removeStored(STORAGE_KEYS.queue);
    else writeStored(STORAGE_KEYS.queue, this.items);
  }
}
