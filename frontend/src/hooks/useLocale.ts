import { useUiStore } from '@/stores/ui';
import { LOCALES } from '@/i18n';

/** The Intl locale for the current UI language, for numbers, currency and dates. */
export function useLocale(): string {
  return LOCALES[useUiStore((state) => state.language)];
}
