import type { DeepStrings } from './deep-strings';

/**
 * Strings of the live event debugger added after the main namespace reached TypeScript's limit (see namespaceText),
 * read with liveText. `live.ar.ts` has the same shape.
 */
export const liveEn = {
  skipped: '{{total}} events arrived faster than the debugger shows them and were passed over; the newest are shown. They were stored as usual.',
  skippedAtLeast:
    'At least {{total}} events arrived faster than the debugger shows them and were passed over; the newest are shown. They were stored as usual.',
};

export type LiveTranslation = DeepStrings<typeof liveEn>;
