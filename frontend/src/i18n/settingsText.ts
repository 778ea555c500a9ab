import { namespaceText } from './namespaceText';
import type { settingsEn } from './settings.en';

/** A string of the `settings` namespace (the CDP settings page) in the current language; see namespaceText. */
export const { text: settingsText, useText: useSettingsText } = namespaceText<typeof settingsEn>('settings');
