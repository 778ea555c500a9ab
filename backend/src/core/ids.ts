import { randomFillSync } from 'node:crypto';

const pool = Buffer.alloc(16 * 256);
let offset = pool.length;

/** The millisecond of the last id made here, and the counter that orders this process's ids within it. */
let lastMs = -1;
let sequence = 0;

/**
 * UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then randomness. Rows inserted together get nearby
 * keys, so hot-path inserts append to the primary-key index instead of touching random pages of it. Within one
 * millisecond this process's ids still sort in the order they were made (RFC 9562's counter in the 12 bits after
 * the version, starting at a random point in its lower half): the collection queue drains requests by id, and two
 * identifies queued in the same millisecond must apply in the order they came.
 */
export function uuidv7(now = Date.now()): string {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const b = pool.subarray(offset, offset + 16);
  offset += 16;
  b[0] = Math.floor(now / 2 ** 40) & 0xff;
  b[1] = Math.floor(now / 2 ** 32) & 0xff;
  b[2] = (now >>> 24) & 0xff;
  b[3] = (now >>> 16) & 0xff;
  b[4] = (now >>> 8) & 0xff;
  b[5] = now & 0xff;
  if (now === lastMs && sequence < 0xfff) sequence++;
  else {
    lastMs = now;
    sequence = ((b[6]! << 8) | b[7]!) & 0x7ff;
  }
  b[6] = 0x70 | (sequence >> 8);
  b[7] = sequence & 0xff;
  b[8] = 0x80 | (b[8]! & 0x3f);
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
