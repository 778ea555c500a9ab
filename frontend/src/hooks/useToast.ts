import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '@/api/errors';
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
    return error.message || t('common.unknownError');
  }
  return t('common.unknownError');
}
