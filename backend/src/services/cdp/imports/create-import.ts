import { isUtf8 } from 'node:buffer';
import { open } from 'node:fs/promises';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { csvDelimiterOf, IMPORT_KINDS, importMappingSchema, type CdpImport } from '@stratum/contracts';
import { z } from 'zod';
import { requireTenant, type RequestContext } from '../../../auth/context';
import { conflict, invalid, notFound } from '../../../core/errors';
import { refusedContentAt, refusalReason } from '../../../core/refused-content';
import type { Db } from '../../../db/client';
import { inScope, tenantScope } from '../../../db/scope';
import { writeAudit } from '../../../middleware/audit';
import { cdpImports, cdpSources } from '../../../models';
import { CsvRecordReader } from './csv-records';
import { READ_LIMITS } from './file-rows';
import { inflateHead, isGzip } from './file-text';
import { toImportView } from './import-view';
import { discardUpload, type SavedUpload } from './save-upload';
import { storeUpload } from './stored-upload';

export interface ImportRequest {
  upload: SavedUpload;
  filename: string;
  fields: Record<string, string>;
}

// A gzip-compressed file is named for what it holds (`contacts.csv.gz`); it is recognised by its content.
const formatOf = (filename: string, declared?: string) => {
  if (declared === 'csv' || declared === 'ndjson') return declared;
  if (/\.csv(\.gz)?$/i.test(filename)) return 'csv';
  if (/\.(ndjson|jsonl)(\.gz)?$/i.test(filename)) return 'ndjson';
  return undefined;
};

const HEAD_BYTES = 64 * 1024;

/** The file's first 64 KB. */
async function fileHead(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * UTF-8 text, allowing for a character cut off at the end of a head read (up to 3 bytes of it). UTF-16 without its
 * byte order mark (Excel's "Unicode text") is valid UTF-8 byte by byte: it shows as a NUL byte in every other place.
 */
function isUtf8Text(head: Buffer): boolean {
  const sample = head.subarray(0, 512);
  if (sample.filter((byte) => byte === 0).length * 4 >= sample.length) return false;
  const cut = Math.min(3, head.length);
  for (let drop = 0; drop <= cut; drop++) if (isUtf8(head.subarray(0, head.length - drop))) return true;
  return false;
}

/**
 * The file's column names, read as the import reads the file (fileRows): the first record, past blank lines, with a
 * stray quote kept as text and any line end (an old Mac export ends lines with CR alone). Trimmed, as the console
 * shows the columns and the import reads them.
 */
function csvHeader(head: Buffer): string[] {
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  const reader = new CsvRecordReader(csvDelimiterOf(text), READ_LIMITS.maxRowChars);
  // A head without a line end (a one-line file, or a header past 64 KB) is read to where it stops.
  let [header] = reader.read(text);
  header ??= [...reader.end()][0];
  if (header && 'error' in header) {
    throw invalid('file', 'invalid_header', `The first line of the file is not a CSV header (a quote opened in it is never closed, or it holds more than ${READ_LIMITS.maxRowChars / 1024} KB)`);
  }
  const names = (header && 'cells' in header ? header.cells : []).map((name) => name.trim());
  // Columns without a name (a spreadsheet's trailing separators, `email,name,,`) cannot be mapped: the import leaves
  // them out. Two columns of one name: only one of them could be read, the other's data lost without a word.
  const repeated = names.find((name, i) => name !== '' && names.indexOf(name) !== i);
  if (repeated !== undefined) throw invalid('file', 'duplicate_columns', `Column names must differ: "${repeated}" appears more than once in the header`);
  return names;
}

/**
 * Registers an uploaded file for import (checked, stored in the database, then run in the background with
 * progress). The same file imported again adds nothing: it is answered as a duplicate of the earlier import.
 */
export async function createImport(db: Db, ctx: RequestContext, request: ImportRequest): Promise<CdpImport> {
  const tenantId = requireTenant(ctx);
  try {
    const refused = refusedContentAt({ ...request.fields, filename: request.filename });
    if (refused) throw invalid(refused.at, refused.code, refusalReason(refused));
    const kind = request.fields.kind ?? 'events';
    if (!(IMPORT_KINDS as readonly string[]).includes(kind)) throw invalid('kind', 'invalid_kind', 'kind must be events or profiles');
    const format = formatOf(request.filename, request.fields.format);
    if (!format) throw invalid('file', 'invalid_format', 'Upload a .csv or .ndjson/.jsonl file (or set format)');
    if (request.upload.bytes === 0) throw invalid('file', 'empty_file', 'The file is empty');
    const stored = await fileHead(request.upload.path);
    let head = stored;
    if (isGzip(stored)) {
      try {
        head = await inflateHead(stored, HEAD_BYTES, stored.length === request.upload.bytes);
      } catch {
        throw invalid('file', 'invalid_gzip', 'The file starts as gzip data but is not valid gzip');
      }
      if (head.length === 0) throw invalid('file', 'empty_file', 'The file is empty');
    }
    // Excel's plain "CSV" is saved in the computer's legacy code page (Windows-1256 on Arabic Windows): read as UTF-8,
    // every name would be stored garbled.
    if (!isUtf8Text(head)) throw invalid('file', 'not_utf8', 'The file is not UTF-8 text: save it as “CSV UTF-8” (Excel) or in UTF-8, then upload it again');
    let mapping = null;
    if (request.fields.mapping) {
      let raw: unknown;
      try {
        raw = JSON.parse(request.fields.mapping);
      } catch {
        throw invalid('mapping', 'invalid_json', 'mapping must be a JSON object');
      }
      const parsed = importMappingSchema.safeParse(raw);
      if (!parsed.success) throw invalid('mapping', 'invalid_mapping', parsed.error.issues[0]?.message ?? 'invalid mapping');
      mapping = parsed.data;
    }
    if (format === 'csv') {
      if (!mapping) throw invalid('mapping', 'required', 'A CSV import needs a column mapping');
      const header = csvHeader(head);
      const missing = Object.keys(mapping).filter((column) => !header.includes(column));
      if (missing.length) throw invalid('mapping', 'unknown_columns', `Columns not in the file: ${missing.join(', ')}`);
      const targets = Object.values(mapping);
      if (!targets.some((t) => t.startsWith('identifier.'))) throw invalid('mapping', 'no_identifier', 'Map at least one column to an identifier');
      if (kind === 'events' && !targets.includes('event_name')) throw invalid('mapping', 'no_event_name', 'Map a column to event_name');
      // Every event needs its time: without that column each row would only be reported as failed.
      if (kind === 'events' && !targets.includes('event_time')) throw invalid('mapping', 'no_event_time', 'Map a column to event_time');
    }

    return await inScope(db, tenantScope(tenantId), async (tx) => {
      const sourceId = request.fields.source_id || null;
      // A form field, not a typed route parameter: anything else than a UUID would reach the database and fail there.
      if (sourceId && !z.uuid().safeParse(sourceId).success) throw invalid('source_id', 'invalid_id', 'source_id must be a source id (UUID)');
      if (sourceId) {
        const [source] = await tx
          .select({ isActive: cdpSources.isActive })
          .from(cdpSources)
          .where(and(eq(cdpSources.tenantId, tenantId), eq(cdpSources.id, sourceId), eq(cdpSources.isDeleted, false)));
        if (!source) throw notFound('Source');
        // As its key is refused: a deactivated source takes no data until it is activated again.
        if (!source.isActive) throw conflict('source_inactive', 'The source is deactivated: activate it to import into it', 'source_id');
      }
      const [earlier] = await tx
        .select({ id: cdpImports.id })
        .from(cdpImports)
        .where(
          and(
            eq(cdpImports.tenantId, tenantId),
            eq(cdpImports.fileSha256, request.upload.sha256),
            eq(cdpImports.kind, kind),
            eq(cdpImports.status, 'completed'),
            // The same file read with another mapping is another import: a run whose rows all failed on a wrong
            // mapping must be retried with the right one. Rows the earlier run took as they are now mapped are still
            // not added twice (each row is keyed by what the mapping takes from it, see importRowToEvent).
            mapping ? sql`${cdpImports.mapping} = ${JSON.stringify(mapping)}::jsonb` : isNull(cdpImports.mapping),
          ),
        )
        .orderBy(desc(cdpImports.createdAt))
        .limit(1);
      const [row] = await tx
        .insert(cdpImports)
        .values({
          tenantId,
          sourceId,
          kind,
          format,
          filename: request.filename.slice(0, 255),
          fileSha256: request.upload.sha256,
          fileBytes: request.upload.bytes,
          mapping,
          status: earlier ? 'duplicate' : 'queued',
          duplicateOf: earlier?.id ?? null,
          finishedAt: earlier ? new Date() : null,
          createdBy: ctx.actor?.id ?? null,
        })
        .returning();
      await writeAudit(tx, ctx, {
        action: 'cdp.import.create',
        resourceType: 'cdp_import',
        resourceId: row!.id,
        changes: { kind, format, filename: request.filename, bytes: request.upload.bytes, duplicate_of: earlier?.id ?? null },
      });
      // Stored with the import, so whichever worker runs it can read it; a duplicate needs no copy.
      if (!earlier) await storeUpload(tx, tenantId, row!.id, request.upload.path);
      return toImportView(row!);
    });
  } finally {
    await discardUpload(request.upload);
  }
}
