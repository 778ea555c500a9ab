import 'i18next';
import type { collectionEn } from '@/i18n/collection.en';
import type { en } from '@/i18n/en';

// Typed keys: a misspelt t('...') key fails the type check instead of showing the raw key in the UI.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    // The collection pages keep their strings in their own file, under `collection.*`.
    resources: { translation: typeof en & { collection: typeof collectionEn } };
  }
}
