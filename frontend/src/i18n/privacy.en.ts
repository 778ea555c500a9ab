import type { DeepStrings } from './deep-strings';

/**
 * Strings of a data subject's rights on the profile page (what the export confirmation says), in their own
 * namespace read with privacyText (see namespaceText). `privacy.ar.ts` has the same shape.
 */
export const privacyEn = {
  exportConfirm: {
    title: 'Export this profile?',
    description:
      'The file holds everything kept about this person: profile, identifiers, events, consents and merges. Store it safely; the export is recorded in the audit log.',
    button: 'Download export',
  },
};

export type PrivacyTranslation = DeepStrings<typeof privacyEn>;
