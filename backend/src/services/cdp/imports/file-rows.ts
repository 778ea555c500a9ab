import { csvDelimiterOf } from '@stratum/contracts';
import type { Db } from '../../../db/client';
import type { ImportRow } from '../../../models';
import { CsvRecordReader, rowTooLarge } from './csv-records';
import { fileText, MAX_INFLATED_BYTES } from './file-text';
import { ImportStopped } from './import-stopped';

/**
 * What a byte sequence that is not UTF-8 decodes to. The upload's head was checked (createImport); a row further on
 * holding one is refused rather than stored garbled.
 */
const NOT_UTF8 = '\uFFFD';
const NOT_UTF8_ROW = 'not UTF-8 text (the file mixes encodings)';

export interface ReadLimits {
  /** A row's limit, as a tracked event's (Segment's 32 KB): a 20 MB cell would otherwise become a 20 MB trait. */
  maxRowChars: number;
  maxInflatedBytes: number;
}
export const READ_LIMITS: ReadLimits = { maxRowChars: 32 * 1024, maxInflatedBytes: MAX_INFLATED_BYTES };

export interface FileRow {
  row: Record<string, unknown> | null;
  error?: string;
  /** 1-based. */
  rowNumber: number;
  /** Bytes of the stored file read so far (compressed, for a gzip file), for the progress bar. */
  bytes: number;
}

/**
 * Rows of an import's stored file, CSV or NDJSON, gzip-compressed or not. A row too long to be one is a failed row,
 * and its text is dropped as it arrives: memory stays within a row or so, whatever the file holds.
 */
export async function* fileRows(db: Db, job: ImportRow, limits: ReadLimits = READ_LIMITS): AsyncGenerator<FileRow> {
  const read = { bytes: 0 };
  const text = fileText(db, job, limits.maxInflatedBytes, read);
  const rows = job.format === 'csv' ? csvRows(text, limits.maxRowChars) : ndjsonRows(text, limits.maxRowChars);
  let rowNumber = 0;
  for await (const row of rows) {
    rowNumber++;
    yield typeof row === 'string' ? { row: null, error: row, rowNumber, bytes: read.bytes } : { row, rowNumber, bytes: read.bytes };
  }
}

/** A row read, or why it cannot be. */
type RowRead = Record<string, unknown> | string;

async function* ndjsonRows(text: AsyncIterable<string>, maxChars: number): AsyncGenerator<RowRead> {
  for await (const line of boundedLines(text, maxChars)) {
    if (line === LINE_TOO_LONG) {
      yield rowTooLarge(maxChars);
      continue;
    }
    if (line.trim() === '') continue;
    if (line.includes(NOT_UTF8)) {
      yield NOT_UTF8_ROW;
      continue;
    }
    try {
      const parsed: unknown = JSON.parse(line);
      yield !parsed || typeof parsed !== 'object' || Array.isArray(parsed) ? 'not a JSON object' : (parsed as Record<string, unknown>);
    } catch {
      yield 'not valid JSON';
    }
  }
}

const LINE_TOO_LONG = Symbol('line too long');

/**
 * The lines of a text (any line end; the empty ones too), none held past `maxChars`: a longer line is reported as
 * LINE_TOO_LONG once, and the rest of it dropped as it arrives (readline held a 700 MB line whole, and failed on it).
 */
async function* boundedLines(text: AsyncIterable<string>, maxChars: number): AsyncGenerator<string | typeof LINE_TOO_LONG> {
  const lineEnd = /[\r\n]/g;
  let partial = '';
  let dropping = false;
  for await (const piece of text) {
    let start = 0;
    for (let end = lineEnd.exec(piece); end; end = lineEnd.exec(piece)) {
      if (dropping) dropping = false;
      else {
        const line = partial + piece.slice(start, end.index);
        yield line.length > maxChars ? LINE_TOO_LONG : line;
      }
      partial = '';
      start = end.index + 1;
    }
    if (dropping) continue;
    partial += piece.slice(start);
    if (partial.length > maxChars) {
      yield LINE_TOO_LONG;
      partial = '';
      dropping = true;
    }
  }
  if (!dropping && partial !== '') yield partial;
}

async function* csvRows(text: AsyncIterable<string>, maxChars: number): AsyncGenerator<RowRead> {
  let reader: CsvRecordReader | null = null;
  let delimiter = ',';
  let header: string[] | null = null;
  // Column names are trimmed as createImport's header check and the console read them ("Email, Event" names a
  // column "Event"): a name kept with its space would match no mapping, and every row would fail. The header is read
  // here rather than by the reader, so that a row with more cells than the header names is seen (an unquoted comma
  // in a cell shifts every value after it) instead of read with its values in the wrong columns.
  const rowsOf = function* (records: Iterable<{ cells: string[] } | { error: string }>): Generator<RowRead> {
    for (const record of records) {
      if (header === null) {
        // createImport read the same header on upload: this is a file changed since, or a defect.
        if ('error' in record) throw new ImportStopped(`The header of the file cannot be read: ${record.error}.`);
        header = record.cells.map((name) => name.trim());
      } else yield 'error' in record ? record.error : rowOfCells(header, record.cells, delimiter);
    }
  };
  for await (const piece of text) {
    if (piece === '') continue;
    if (!reader) {
      // The separator is judged on the header, as the console's preview and createImport's column check judge it.
      delimiter = csvDelimiterOf(piece);
      reader = new CsvRecordReader(delimiter, maxChars);
    }
    yield* rowsOf(reader.read(piece));
  }
  if (reader) yield* rowsOf(reader.end());
}

const DELIMITER_NAMES: Record<string, string> = { ',': 'a comma', ';': 'a semicolon', '\t': 'a tab' };

/**
 * A record's cells under the header's names, or why they cannot be: a missing cell at the end is an empty one. A
 * column without a name (a spreadsheet's trailing separators, `email,name,,`) cannot be mapped, and is left out.
 */
function rowOfCells(header: string[], cells: string[], delimiter: string): Record<string, string> | string {
  if (cells.length > header.length && cells.slice(header.length).some((cell) => cell.trim() !== '')) {
    return `${cells.length} cells where the header names ${header.length}: a cell holding ${DELIMITER_NAMES[delimiter] ?? delimiter} must be quoted`;
  }
  const row: Record<string, string> = {};
  for (let i = 0; i < header.length && i < cells.length; i++) {
    if (header[i] === '') continue;
    const cell = cells[i]!.trimEnd();
    if (cell.includes(NOT_UTF8)) return NOT_UTF8_ROW;
    row[header[i]!] = cell;
  }
  return row;
}
