import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

export interface SourceRef {
  source_id: string | null;
  source_name: string | null;
}

/** A source's name; events sent with a JWT have no source ("Console / API"), and a deleted source has no name. */
export function useSourceLabel(): (source: SourceRef) => string {
  const { t } = useTranslation();
  return useCallback(
    (source: SourceRef) => source.source_name ?? (source.source_id ? t('dashboard.deletedSource') : t('events.console')),
    [t],
  );
}
