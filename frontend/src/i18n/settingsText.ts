import { useTranslation } from 'react-i18next';
import i18n from './index';
import type { settingsEn } from './settings.en';

type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];
export type SettingsKey = Leaves<typeof settingsEn>;

type LooseTranslate = { t: (key: string, options: Record<string, unknown>) => string };

/**
 * A string of the `settings` namespace in the current language. The namespace is kept out of i18next's typed
 * resources: typing one more namespace (or many more keys) takes its key types past TypeScript's instantiation
 * limit (TS2589); keys are checked here against settings.en.ts instead.
 */
export function settingsText(key: SettingsKey, values: Record<string, string> = {}): string {
  return (i18n as unknown as LooseTranslate).t(key, { ...values, ns: 'settings' });
}

/** settingsText in a component, which re-renders when the language changes. */
export function useSettingsText(): typeof settingsText {
  useTranslation();
  return settingsText;
}
