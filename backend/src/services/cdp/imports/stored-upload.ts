import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client';
import { inScope, tenantScope } from '../../../db/scope';
import { cdpImportChunks, type ImportRow } from '../../../models';

const PIECE_BYTES = 1024 * 1024;

/** Copies an upload saved on this host into the database, one piece at a time (the file never sits in memory). */
export async function storeUpload(tx: Tx, tenantId: string, importId: string, file: string): Promise<void> {
  let seq = 0;
  for await (const piece of createReadStream(file, { highWaterMark: PIECE_BYTES })) {
    await tx.insert(cdpImportChunks).values({ tenantId, importId, seq: seq++, data: piece as Buffer });
  }
}

/** The import's file as a stream, read back piece by piece from the database (or from disk for older imports). */
export function openStoredUpload(db: Db, job: ImportRow): Readable {
  if (job.filePath) return createReadStream(job.filePath);
  return Readable.from(pieces(db, job));
}

async function* pieces(db: Db, job: ImportRow): AsyncGenerator<Buffer> {
  for (let seq = 0; ; seq++) {
    const [piece] = await inScope(db, tenantScope(job.tenantId), (tx) =>
      tx
        .select({ data: cdpImportChunks.data })
        .from(cdpImportChunks)
        .where(and(eq(cdpImportChunks.tenantId, job.tenantId), eq(cdpImportChunks.importId, job.id), eq(cdpImportChunks.seq, seq))),
    );
    if (!piece) return;
    yield Buffer.from(piece.data.buffer, piece.data.byteOffset, piece.data.byteLength);
  }
}

/** Drops the stored file once the import is over (the caller's transaction records the outcome). */
export async function dropStoredUpload(tx: Tx, job: ImportRow): Promise<void> {
  await tx.delete(cdpImportChunks).where(and(eq(cdpImportChunks.tenantId, job.tenantId), eq(cdpImportChunks.importId, job.id)));
}
