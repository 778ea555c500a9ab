import type { RejectionCode } from '@stratum/contracts';
import type { DeepStrings } from './deep-strings';

/**
 * Why an event or imported row was refused (contracts REJECTION_CODES), added after the main namespace reached
 * TypeScript's limit (see namespaceText), read with reasonsText. `reasons.ar.ts` has the same shape. The API's own
 * text follows each label: it names fields and values, and stays as sent.
 */
export const reasonsEn = {
  invalid_field: 'Invalid field',
  invalid_time: 'Event time out of range',
  no_identifier: 'No usable identifier',
  suppressed: 'Erased person',
  not_stored: 'Refused by the database',
  unreadable: 'Unreadable row',
  invalid_message: 'Invalid message',
  request_refused: 'Request refused',
} satisfies Record<RejectionCode, string>;

export type ReasonsTranslation = DeepStrings<typeof reasonsEn>;
