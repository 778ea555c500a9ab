import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { isBuiltinIdentifierType } from '@/lib/cdp';

/** The translated name of an identifier type; tenant-defined types are shown by their own name. */
export function useIdentifierTypeLabel(): (type: string) => string {
  const { t } = useTranslation();
  return useCallback((type: string) => (isBuiltinIdentifierType(type) ? t(`cdp.identifierTypes.${type}`) : type), [t]);
}

const EVENT_STATUSES = ['processed', 'accepted', 'rejected', 'duplicate'] as const;
type KnownEventStatus = (typeof EVENT_STATUSES)[number];

export function useEventStatusLabel(): (status: string) => string {
  const { t } = useTranslation();
  return useCallback(
    (status: string) =>
      (EVENT_STATUSES as readonly string[]).includes(status) ? t(`cdp.eventStatuses.${status as KnownEventStatus}`) : status,
    [t],
  );
}
