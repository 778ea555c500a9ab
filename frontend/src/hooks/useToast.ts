import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '@/api/errors';
import i18n from '@/i18n';
import { apiErrorsText } from '@/i18n/apiErrorsText';
import { useToastStore } from '@/stores/toast';

/** Success and error toasts; `apiError` turns any thrown error into a readable, translated message. */
export function useToast() {
  const push = useToastStore((state) => state.push);
  const { t } = useTranslation();
  return useMemo(
    () => ({
      success: (title: string, description?: string) => push({ variant: 'success', title, description }),
      error: (title: string, description?: string) => push({ variant: 'error', title, description }),
      apiError: (error: unknown) => push({ variant: 'error', title: errorMessage(error, t) }),
    }),
    [push, t],
  );
}

type Translate = ReturnType<typeof useTranslation>['t'];

export function errorMessage(error: unknown, t: Translate): string {
  if (error instanceof ApiRequestError) {
    if (error.isNetworkError) return t('common.networkError');
    // The API words its refusals in English: in another language, those whose status says enough are translated.
    // A switched-off feature is a 403 too, but not the role's doing: said as such in every language.
    if (error.hasCode('feature_disabled')) return apiErrorsText('featureDisabled');
    const byStatus = i18n.language === 'en' ? undefined : refusalByStatus(error.status);
    return byStatus ?? (error.message || t('common.unknownError'));
  }
  return t('common.unknownError');
}

function refusalByStatus(status: number | null): string | undefined {
  if (status === 404) return apiErrorsText('notFound');
  if (status === 403) return apiErrorsText('forbidden');
  if (status === 429) return apiErrorsText('rateLimited');
  if (status !== null && status >= 500) return apiErrorsText('serverError');
  return undefined;
}
