import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface SavedUpload {
  path: string;
  sha256: string;
  bytes: number;
}

/** Streams an upload to the data folder, hashing as it goes: a 1 GB file never sits in memory. */
export async function saveUpload(stream: Readable, dataDir: string): Promise<SavedUpload> {
  const dir = path.join(dataDir, 'imports');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${randomUUID()}.upload`);
  const hash = createHash('sha256');
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(stream, meter, createWriteStream(file));
  } catch (err) {
    await rm(file, { force: true });
    throw err;
  }
  return { path: file, sha256: hash.digest('hex'), bytes };
}

export const discardUpload = (upload: SavedUpload) => rm(upload.path, { force: true });
