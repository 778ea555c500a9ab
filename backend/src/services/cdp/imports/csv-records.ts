const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
/** What a cell may start with and lose, as the header check and the console's preview read cells. */
const LEADING_BLANKS = new Set([0x20, 0x09, 0x0c]);

/** A record's cells, or why it is not read (it still counts as a row, failed, in its place). */
export type CsvRecord = { cells: string[] } | { error: string };

const sizeOf = (chars: number) => `${Math.round(chars / 1024)} KB`;
/** Why a row over the limit is not read, in a CSV file or an NDJSON one. */
export const rowTooLarge = (maxChars: number) => `the row holds more than ${sizeOf(maxChars)}`;

/**
 * CSV records from text given piece by piece, read as spreadsheets write them: any line end (CRLF, LF, an old Mac's
 * CR), blank lines skipped, blanks before a cell dropped, a quote inside an unquoted cell kept as text, and line ends
 * inside a quoted cell read as LF (a file saved again on another system holds the same values).
 *
 * A record never holds more than `maxChars`, so a file of one endless line (a 700 MB cell) costs no more memory than
 * a row. And a quote that is never closed fails its own row only: a quoted cell that runs past a line end and then
 * ends badly (text after its closing quote, the end of the file, or the row limit) is taken for a stray quote, its
 * row fails, and reading starts again on the next line — the rows it would swallow are read as rows, not lost.
 * (csv-parse, read before, took every line up to the next quote of the file into that one cell.)
 */
export class CsvRecordReader {
  private readonly delimiter: number;
  private text = '';
  /** The next character to read, and where the record being read starts (what is kept of `text`). */
  private at = 0;
  private recordStart = 0;
  private cells: string[] = [];
  /** Where the cell being read starts; -1 between cells. */
  private cellStart = -1;
  private inQuotes = false;
  /** A quoted cell read to its closing quote, until the delimiter or line end after it. */
  private quotedCell: string | null = null;
  /** Where the line after the one a quoted cell opens on starts, once the cell runs past it; -1 until then. */
  private lineAfterQuote = -1;
  /** Dropping the rest of a line too long to be a row, up to its end. */
  private droppingLine = false;

  constructor(
    delimiter: string,
    private readonly maxChars: number,
  ) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  /** The records the text completes. Each generator must be read through before the next piece is given. */
  *read(piece: string): Generator<CsvRecord> {
    // Only the record being read is kept (at most maxChars and a piece).
    const kept = this.droppingLine ? this.at : this.recordStart;
    this.text = this.text.slice(kept) + piece;
    this.at -= kept;
    this.recordStart = Math.max(0, this.recordStart - kept);
    if (this.cellStart >= 0) this.cellStart -= kept;
    if (this.lineAfterQuote >= 0) this.lineAfterQuote -= kept;
    yield* this.scan(false);
  }

  /** The last record, at the end of the file. */
  *end(): Generator<CsvRecord> {
    yield* this.scan(true);
  }

  private *scan(atEnd: boolean): Generator<CsvRecord> {
    const text = this.text;
    for (;;) {
      if (this.droppingLine) {
        const lineEnd = nextLineEnd(text, this.at);
        if (lineEnd < 0) {
          this.at = this.recordStart = text.length;
          return;
        }
        this.droppingLine = false;
        this.at = this.recordStart = lineEnd + 1;
      }
      if (this.at - this.recordStart > this.maxChars) {
        yield this.failRecord(
          this.lineAfterQuote >= 0 ? `a quote opened in this row is not closed within ${sizeOf(this.maxChars)}; the lines after it are read as rows of their own` : rowTooLarge(this.maxChars),
        );
        continue;
      }
      if (this.at >= text.length) {
        if (!atEnd) return;
        if (this.inQuotes) {
          yield this.failRecord(this.lineAfterQuote >= 0 ? 'a quote opened in this row is never closed; the lines after it are read as rows of their own' : 'a quote opened in this row is never closed');
          continue;
        }
        if (this.cellStart >= 0 || this.cells.length > 0) yield this.endRecord();
        return;
      }
      const c = text.charCodeAt(this.at);
      if (this.inQuotes) {
        if (c !== QUOTE) {
          if ((c === CR || c === LF) && this.lineAfterQuote < 0) this.lineAfterQuote = this.at + 1;
          this.at++;
          continue;
        }
        // What follows the quote decides what it is: wait for it.
        if (this.at + 1 === text.length && !atEnd) return;
        const next = text.charCodeAt(this.at + 1);
        if (next === QUOTE) {
          this.at += 2;
          continue;
        }
        if (Number.isNaN(next) || next === this.delimiter || next === CR || next === LF) {
          this.quotedCell = text.slice(this.cellStart + 1, this.at).replaceAll('""', '"').replace(/\r\n?/g, '\n');
          this.inQuotes = false;
          this.at++;
          continue;
        }
        // Text after the closing quote (`"Smith" Jr`): on one line, the quotes are part of the text, as spreadsheets
        // read it; past a line end, the quote was a stray one (see the class).
        if (this.lineAfterQuote >= 0) {
          yield this.failRecord('a quote opened in this row is never closed; the lines after it are read as rows of their own');
          continue;
        }
        this.inQuotes = false;
        this.at++;
        continue;
      }
      if (c === this.delimiter) {
        this.endCell();
        this.at++;
        continue;
      }
      if (c === CR || c === LF) {
        const blank = this.cellStart < 0 && this.cells.length === 0;
        const record = blank ? null : this.endRecord();
        this.at++;
        this.recordStart = this.at;
        if (record) yield record;
        continue;
      }
      if (this.cellStart < 0) {
        if (LEADING_BLANKS.has(c)) {
          this.at++;
          continue;
        }
        this.cellStart = this.at;
        this.inQuotes = c === QUOTE;
      }
      this.at++;
    }
  }

  private endCell() {
    this.cells.push(this.quotedCell ?? (this.cellStart < 0 ? '' : this.text.slice(this.cellStart, this.at)));
    this.cellStart = -1;
    this.quotedCell = null;
    this.lineAfterQuote = -1;
  }

  private endRecord(): CsvRecord {
    this.endCell();
    const cells = this.cells;
    this.startRecord();
    return { cells };
  }

  /**
   * Fails the record being read: reading goes on at the line after the one its stray quote opened on, or past the end
   * of the line being read.
   */
  private failRecord(error: string): CsvRecord {
    if (this.lineAfterQuote >= 0) this.at = this.recordStart = this.lineAfterQuote;
    else this.droppingLine = true;
    this.startRecord();
    return { error };
  }

  private startRecord() {
    this.cells = [];
    this.cellStart = -1;
    this.inQuotes = false;
    this.quotedCell = null;
    this.lineAfterQuote = -1;
  }
}

/** The first CR or LF from `from`, or -1. */
function nextLineEnd(text: string, from: number): number {
  const cr = text.indexOf('\r', from);
  const lf = text.indexOf('\n', from);
  return cr < 0 ? lf : lf < 0 ? cr : Math.min(cr, lf);
}
