import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { constants, createGunzip } from 'node:zlib';
import { parse as parseCsv } from 'csv-parse';
import { csvDelimiterOf } from '@stratum/contracts';
import type { Db } from '../../../db/client';
import type { ImportRow } from '../../../models';
import { openStoredUpload } from './stored-upload';

/**
 * What a byte sequence that is not UTF-8 decodes to. The upload's head was checked (createImport); a row further on
 * holding one is refused rather than stored garbled.
 */
const NOT_UTF8 = '\uFFFD';
const NOT_UTF8_ROW = 'not UTF-8 text (the file mixes encodings)';
/** A row's limit, as a tracked event's (Segment's 32 KB): a 20 MB cell would otherwise become a 20 MB trait. */
export const MAX_ROW_CHARS = 32 * 1024;
const ROW_TOO_LARGE = `the row holds more than ${MAX_ROW_CHARS / 1024} KB`;

/** A gzip stream starts with these two bytes, whatever the file is called. */
export const isGzip = (head: Buffer) => head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;

/** The file's data was compressed and is broken or cut short: what was read before it is kept. */
export class CorruptCompressedFile extends Error {}

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
    gunzip.on('error', () => reject(new CorruptCompressedFile('The file is not valid gzip data')));
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

export interface FileRow {
  row: Record<string, unknown> | null;
  error?: string;
  /** 1-based. */
  rowNumber: number;
  /** Bytes of the stored file read so far (compressed, for a gzip file), for the progress bar. */
  bytes: number;
}

/** Rows of an import's stored file, CSV or NDJSON, gzip-compressed or not. */
export async function* fileRows(db: Db, job: ImportRow): AsyncGenerator<FileRow> {
  const stored = openStoredUpload(db, job);
  const head = await peek(stored);
  const compressed = isGzip(head);
  const input = compressed ? piped(stored, createGunzip()) : stored;
  // Counted from here on, with nothing awaited before the stream has its reader (the data would flow past it).
  let bytes = 0;
  stored.on('data', (chunk: Buffer) => (bytes += chunk.length));
  const asRead = <T>(rows: AsyncIterable<T>) => (compressed ? corruptionNamed(rows) : rows);
  if (job.format === 'csv') {
    // The separator is judged on the header, as the console's preview and createImport's column check judge it.
    const delimiter = csvDelimiterOf((compressed ? await peek(input) : head).toString('utf8'));
    yield* csvRows(input, delimiter, () => bytes, asRead);
    return;
  }
  let rowNumber = 0;
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of asRead(lines)) {
    if (line.trim() === '') continue;
    rowNumber++;
    if (line.length > MAX_ROW_CHARS) {
      yield { row: null, error: ROW_TOO_LARGE, rowNumber, bytes };
      continue;
    }
    if (line.includes(NOT_UTF8)) {
      yield { row: null, error: NOT_UTF8_ROW, rowNumber, bytes };
      continue;
    }
    try {
      // Editors and exports on Windows start UTF-8 files with a byte order mark, which JSON.parse refuses; the CSV
      // parser drops it too (`bom: true`).
      const parsed: unknown = JSON.parse(rowNumber === 1 && line.charCodeAt(0) === 0xfeff ? line.slice(1) : line);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) yield { row: null, error: 'not a JSON object', rowNumber, bytes };
      else yield { row: parsed as Record<string, unknown>, rowNumber, bytes };
    } catch {
      yield { row: null, error: 'not valid JSON', rowNumber, bytes };
    }
  }
}

/** zlib's own errors (a broken or truncated gzip file) as CorruptCompressedFile; others (the database) as they are. */
async function* corruptionNamed<T>(rows: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    yield* rows;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('Z_')) throw new CorruptCompressedFile('The file is not valid gzip data');
    throw err;
  }
}

async function* csvRows(
  input: Readable,
  delimiter: string,
  bytes: () => number,
  asRead: <T>(rows: AsyncIterable<T>) => AsyncIterable<T>,
): AsyncGenerator<FileRow> {
  // A record the parser cannot read (a quote never closed) is a failed row, in its place; the rows around it
  // still import. Quotes inside a cell are kept as text, as spreadsheets do. Cells are trimmed here, not by the
  // parser: its right trim turns text after a closing quote into an error it does not recover from (every later
  // row was lost).
  // Column names are trimmed as createImport's header check and the console read them ("Email, Event" names a
  // column "Event"): a name kept with its space would match no mapping, and every row would fail. The header is read
  // here rather than by the parser, so that a row with more cells than the header names is seen (an unquoted comma
  // in a cell shifts every value after it) instead of read with its values in the wrong columns.
  const parser = piped(
    input,
    parseCsv({ delimiter, bom: true, skip_empty_lines: true, relax_column_count: true, relax_quotes: true, ltrim: true, skip_records_with_error: true }),
  );
  // The parser reports a skipped record as soon as it meets it, ahead of the records it still holds: each skip
  // carries how many records (the header included) came before it, which puts it back in its place.
  const unreadable: { after: number; message: string }[] = [];
  parser.on('skip', (err: Error & { records?: number }) => unreadable.push({ after: err.records ?? 0, message: err.message }));
  let rowNumber = 0;
  let records = 0;
  let header: string[] | null = null;
  const skippedUpTo = function* (count: number) {
    while (unreadable.length && unreadable[0]!.after <= count) {
      yield { row: null, error: `unreadable CSV record: ${unreadable.shift()!.message}`, rowNumber: ++rowNumber, bytes: bytes() };
    }
  };
  for await (const cells of asRead(parser as AsyncIterable<string[]>)) {
    yield* skippedUpTo(records++);
    if (header === null) {
      header = cells.map((name) => name.trim());
      continue;
    }
    const row = rowOfCells(header, cells, delimiter);
    yield typeof row === 'string' ? { row: null, error: row, rowNumber: ++rowNumber, bytes: bytes() } : { row, rowNumber: ++rowNumber, bytes: bytes() };
  }
  yield* skippedUpTo(Infinity);
}

const DELIMITER_NAMES: Record<string, string> = { ',': 'a comma', ';': 'a semicolon', '\t': 'a tab' };

/** A record's cells under the header's names, or why they cannot be: a missing cell at the end is an empty one. */
function rowOfCells(header: string[], cells: string[], delimiter: string): Record<string, string> | string {
  if (cells.length > header.length && cells.slice(header.length).some((cell) => cell.trim() !== '')) {
    return `${cells.length} cells where the header names ${header.length}: a cell holding ${DELIMITER_NAMES[delimiter] ?? delimiter} must be quoted`;
  }
  let size = 0;
  const row: Record<string, string> = {};
  for (let i = 0; i < header.length && i < cells.length; i++) {
    const cell = cells[i]!.trimEnd();
    if (cell.includes(NOT_UTF8)) return NOT_UTF8_ROW;
    size += cell.length;
    row[header[i]!] = cell;
  }
  return size > MAX_ROW_CHARS ? ROW_TOO_LARGE : row;
}
