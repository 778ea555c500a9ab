import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvRecordReader, type CsvRecord } from '../../src/services/cdp/imports/csv-records';

// A file reaches the reader in pieces cut anywhere (1 MB stored
// pieces, 16 KB of inflated gzip), so a quote, a CR or a row limit may fall on any boundary.
function read(pieces: string[], maxChars = 32 * 1024, delimiter = ','): CsvRecord[] {
  const reader = new CsvRecordReader(delimiter, maxChars);
  return [...pieces.flatMap((piece) => [...reader.read(piece)]), ...reader.end()];
}

/** `text` cut at the given places. */
const cut = (text: string, at: number[]) => {
  const ends = [...new Set(at.map((i) => i % (text.length + 1)))].sort((a, b) => a - b);
  return [...ends, text.length].map((end, i) => text.slice(i === 0 ? 0 : ends[i - 1], end));
};

describe('CSV records', () => {
  it('gives back any table written as CSV with every cell quoted, line ends inside cells read as LF, however the file is cut', () => {
    const cellText = fc.string({ unit: fc.constantFrom('a', ' ', ',', ';', '"', '\r', '\n', 'é', '\t'), maxLength: 8 });
    fc.assert(
      fc.property(fc.array(fc.array(cellText, { minLength: 1, maxLength: 4 }), { maxLength: 6 }), fc.constantFrom('\n', '\r\n', '\r'), fc.array(fc.nat()), (table, lineEnd, at) => {
        const text = table.map((cells) => cells.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(',')).join(lineEnd) + lineEnd;
        const expected = table.map((cells) => ({ cells: cells.map((cell) => cell.replace(/\r\n?/g, '\n')) }));
        expect(read(cut(text, at))).toEqual(expected);
      }),
    );
  });

  it('reads any text the same, records and failed rows alike, whether it comes whole or in pieces', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', '"', '\r', '\n'), maxLength: 60 });
    fc.assert(
      fc.property(text, fc.array(fc.nat()), fc.integer({ min: 4, max: 30 }), (whole, at, maxChars) => {
        expect(read(cut(whole, at), maxChars)).toEqual(read([whole], maxChars));
      }),
      { numRuns: 500 },
    );
  });

  it('fails a row whose quote is never closed on its own, and reads the lines after it', () => {
    expect(read(['a,"open\nb,c\n"d" e,f\ng,h'])).toEqual([
      { error: 'a quote opened in this row is never closed; the lines after it are read as rows of their own' },
      { cells: ['b', 'c'] },
      { cells: ['"d" e', 'f'] },
      { cells: ['g', 'h'] },
    ]);
    // On one line, text after a closing quote keeps the quotes, as spreadsheets read it; blanks before a cell go.
    expect(read(['  "Smith" Jr, x,"a ""b"""'])).toEqual([{ cells: ['"Smith" Jr', 'x', 'a "b"'] }]);
    // A quoted cell that runs past the row limit is taken for a stray quote as well.
    expect(read([`a,"${'x'.repeat(10)}\n${'y'.repeat(30)}\nb,c\n`], 20)).toEqual([
      { error: 'a quote opened in this row is not closed within 0 KB; the lines after it are read as rows of their own' },
      { error: 'the row holds more than 0 KB' },
      { cells: ['b', 'c'] },
    ]);
  });
});
