import type { DeepStrings } from './deep-strings';

/**
 * Strings of the file import form added after the main namespace reached TypeScript's limit (see namespaceText),
 * read with importsText. `imports.ar.ts` has the same shape.
 */
export const importsEn = {
  /** After the row counts, when some rows were stored already (the same file run before, or a repeated row). */
  alreadyPresent: '{{rows}} already present',
  duplicateColumn: 'The header names the column “{{column}}” more than once: only one of them could be read. Rename one in the file, then choose it again.',
  /** Notes on rows that were imported all the same (revenue not counted, an identifier left out). */
  showNotes: 'Show notes on imported rows ({{total}})',
  hideNotes: 'Hide notes on imported rows',
  notesTitle: 'Rows of {{file}} imported with a note',
  note: 'Note',
  notUtf8: 'This file is not UTF-8 text, so its names would be stored garbled. In Excel, save it as “CSV UTF-8”, then choose it again.',
};

export type ImportsTranslation = DeepStrings<typeof importsEn>;
