import type { Readable, Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { constants, createGunzip } from 'node:zlib';
import type { Db } from '../../../db/client';
import type { ImportRow } from '../../../models';
import { ImportStopped } from './import-stopped';
import { openStoredUpload } from './stored-upload';

/** The file's data was compressed and is broken or cut short. */
export class CorruptCompressedFile extends ImportStopped {
  constructor() {
    super('The compressed file is broken or cut short; the rows read before that point are kept.');
  }
}

/**
 * What a gzip-compressed upload may inflate to: ten times the 1 GB an upload may be. Text compresses 5 to 10 times,
 * so a file that could be sent compressed fits, while a "zip bomb" (1000 to 1) stops after a bounded amount of work.
 */
export const MAX_INFLATED_BYTES = 10 * 1024 ** 3;

const sizeOf = (bytes: number) => (bytes >= 1024 ** 3 ? `${+(bytes / 1024 ** 3).toFixed(1)} GB` : `${+(bytes / 1024 ** 2).toFixed(1)} MB`);

/** A gzip stream starts with these two bytes, whatever the file is called. */
export const isGzip = (head: Buffer) => head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;

/**
 * Up to `max` bytes of text from the start of a gzip stream: a file's head, which may stop anywhere, or (`whole`)
 * the whole file, which must then be complete — a truncated small file would otherwise read as an empty one, or
 * as a header cut in the middle.
 */
export function inflateHead(compressed: Buffer, max: number, whole: boolean): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const gunzip = createGunzip(whole ? {} : { finishFlush: constants.Z_SYNC_FLUSH });
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => resolve(Buffer.concat(chunks).subarray(0, max));
    gunzip.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      // Enough read: a small head can inflate to a great deal.
      if (size >= max) {
        gunzip.destroy();
        done();
      }
    });
    gunzip.on('end', done);
    gunzip.on('error', () => reject(new CorruptCompressedFile()));
    gunzip.end(compressed);
  });
}

/** The stream's first chunk, put back to be read again (empty for an empty stream). */
function peek(input: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const onReadable = () => settle(input.read() as Buffer | null);
    const onEnd = () => settle(null);
    const onError = (err: Error) => settle(null, err);
    const settle = (chunk: Buffer | null, err?: Error) => {
      input.off('readable', onReadable).off('end', onEnd).off('error', onError);
      if (err) return reject(err);
      if (chunk) input.unshift(chunk);
      resolve(chunk ?? Buffer.alloc(0));
    };
    input.on('readable', onReadable).on('end', onEnd).on('error', onError);
  });
}

/**
 * `from.pipe(to)`, passing on `from`'s failure: pipe alone leaves `to` waiting for ever (and an error nobody listens
 * to stops the process), where a stored upload that cannot be read must fail the import, or queue it again.
 */
function piped<T extends Writable>(from: Readable, to: T): T {
  from.on('error', (err) => to.destroy(err));
  return from.pipe(to);
}

/**
 * The stored file's text, piece by piece (pieces of at most 1 MB: nothing here holds more), inflated when it is
 * gzip data, decoded as UTF-8 (a byte sequence that is not becomes U+FFFD, which the rows refuse), without a leading
 * byte order mark. `read.bytes` counts the stored bytes read so far (compressed, for a gzip file), for the progress
 * bar. A broken gzip file, or one inflating past `maxInflatedBytes`, stops with ImportStopped; the database's own
 * failures pass as they are (the import is queued again).
 */
export async function* fileText(db: Db, job: ImportRow, maxInflatedBytes: number, read: { bytes: number }): AsyncGenerator<string> {
  const stored = openStoredUpload(db, job);
  try {
    const compressed = isGzip(await peek(stored));
    const decoder = new StringDecoder('utf8');
    let started = false;
    const decoded = (chunk: Buffer) => {
      const text = decoder.write(chunk);
      if (started || text === '') return text;
      started = true;
      return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    };
    if (compressed) {
      // Counted from here on, with nothing awaited before the stream has its reader (the data would flow past it).
      stored.on('data', (chunk: Buffer) => (read.bytes += chunk.length));
      const gunzip = piped(stored, createGunzip());
      let inflated = 0;
      try {
        for await (const chunk of gunzip as AsyncIterable<Buffer>) {
          inflated += chunk.length;
          if (inflated > maxInflatedBytes) {
            throw new ImportStopped(`The file inflates to more than ${sizeOf(maxInflatedBytes)}, the most a compressed file may hold; the rows read before that point are kept.`);
          }
          yield decoded(chunk);
        }
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        if (typeof code === 'string' && code.startsWith('Z_')) throw new CorruptCompressedFile();
        throw err;
      }
    } else {
      for await (const chunk of stored as AsyncIterable<Buffer>) {
        read.bytes += chunk.length;
        yield decoded(chunk);
      }
    }
    const rest = decoder.end();
    if (rest) yield rest;
  } finally {
    stored.destroy();
  }
}
