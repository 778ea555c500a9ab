import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { useUiStore, type Language } from '@/stores/ui';
import { accountAr } from './account.ar';
import { apiErrorsAr } from './apiErrors.ar';
import { apiErrorsEn } from './apiErrors.en';
import { accountEn } from './account.en';
import { ar } from './ar';
import { collectionAr } from './collection.ar';
import { collectionEn } from './collection.en';
import { en } from './en';
import { importsAr } from './imports.ar';
import { importsEn } from './imports.en';
import { integrationsAr } from './integrations.ar';
import { integrationsEn } from './integrations.en';
import { liveAr } from './live.ar';
import { liveEn } from './live.en';
import { identityAr } from './identity.ar';
import { identityEn } from './identity.en';
import { privacyAr } from './privacy.ar';
import { privacyEn } from './privacy.en';
import { queueAr } from './queue.ar';
import { reasonsAr } from './reasons.ar';
import { reasonsEn } from './reasons.en';
import { queueEn } from './queue.en';
import { settingsAr } from './settings.ar';
import { settingsEn } from './settings.en';

export const resources = {
  en: { translation: { ...en, collection: collectionEn }, settings: settingsEn, queue: queueEn, privacy: privacyEn, live: liveEn, integrations: integrationsEn, imports: importsEn, reasons: reasonsEn, identity: identityEn, account: accountEn, apiErrors: apiErrorsEn },
  ar: { translation: { ...ar, collection: collectionAr }, settings: settingsAr, queue: queueAr, privacy: privacyAr, live: liveAr, integrations: integrationsAr, imports: importsAr, reasons: reasonsAr, identity: identityAr, account: accountAr, apiErrors: apiErrorsAr },
} as const;

/** The Intl locale per UI language: Gulf tenants read Arabic with UAE conventions (see SPEC §1). */
export const LOCALES: Record<Language, string> = { en: 'en-US', ar: 'ar-AE' };

export function directionOf(language: Language): 'ltr' | 'rtl' {
  return language === 'ar' ? 'rtl' : 'ltr';
}

/** `<html dir lang>` drives the browser's bidi layout and Tailwind's logical (start/end) utilities. */
export function applyDocumentLanguage(language: Language): void {
  document.documentElement.lang = language;
  document.documentElement.dir = directionOf(language);
}

void i18n.use(initReactI18next).init({
  resources,
  lng: useUiStore.getState().language,
  fallbackLng: 'en',
  interpolation: { escapeValue: false }, // React already escapes.
  initAsync: false, // resources are bundled, so the first render already has its strings
  returnNull: false,
  showSupportNotice: false,
});
applyDocumentLanguage(useUiStore.getState().language);

// The persisted UI store is the single source of the language; i18next and the document follow it.
useUiStore.subscribe((state, previous) => {
  if (state.language === previous.language) return;
  void i18n.changeLanguage(state.language);
  applyDocumentLanguage(state.language);
});

export default i18n;
