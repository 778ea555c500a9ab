import 'i18next';
import type { en } from '@/i18n/en';

// Typed keys: a misspelt t('...') key fails the type check instead of showing the raw key in the UI.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
