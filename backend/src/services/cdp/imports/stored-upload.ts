import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from '../../../db/client';
import { inScope, tenantScope } from '../../../db/scope';
import { cdpImportChunks, type ImportRow } from '../../../models';

/**
 * Pieces travel as base64 text, decoded and encoded by the database: PGlite's own bytea conversion goes through a
 * JavaScript string per byte (measured: 244 ms to write and 101 ms to read a 1 MB piece, against 23 and 8).
 */
const PIECE_BYTES = 1024 * 1024;

/** Copies an upload saved on this host into the database, one piece at a time (the file never sits in memory). */
export async function storeUpload(tx: Tx, tenantId: string, importId: string, file: string): Promise<void> {
  let seq = 0;
  for await (const piece of createReadStream(file, { highWaterMark: PIECE_BYTES })) {
    await tx.execute(sql`insert into cdp_import_chunks (tenant_id, import_id, seq, data)
                         values (${tenantId}, ${importId}, ${seq++}, decode(${(piece as Buffer).toString('base64')}, 'base64'))`);
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
      queryRows<{ data: string }>(
        tx,
        sql`select encode(data, 'base64') as data from cdp_import_chunks
            where tenant_id = ${job.tenantId} and import_id = ${job.id} and seq = ${seq}`,
      ),
    );
    if (!piece) return;
    yield Buffer.from(piece.data, 'base64');
  }
}

/** Drops the stored file once the import is over (the caller's transaction records the outcome). */
export async function dropStoredUpload(tx: Tx, job: ImportRow): Promise<void> {
  await tx.delete(cdpImportChunks).where(and(eq(cdpImportChunks.tenantId, job.tenantId), eq(cdpImportChunks.importId, job.id)));
}
