import { useTranslation } from 'react-i18next';
import { CONSENT_TYPES, type ConsentState, type ConsentType } from '@stratum/contracts';
import { useProfileConsents, useSetConsent, type ConsentHistoryEntry } from '@/api/cdpProfiles';
import { ErrorState } from '@/components/common/ErrorState';
import { LoadingSpinner } from '@/components/common/LoadingSpinner';
import { Badge } from '@/components/ui/badge';
import { Switch } from '@/components/ui/switch';
import { useLocale } from '@/hooks/useLocale';
import { useToast } from '@/hooks/useToast';
import { formatDate } from '@/lib/utils';

/** Where decisions made in this console are recorded as coming from (consent proof). */
const CONSOLE_SOURCE = 'console';

interface ConsentPanelProps {
  profileId: string;
  /** cdp:write: may record a decision. Others see the switches read-only. */
  canWrite: boolean;
}

export function ConsentPanel({ profileId, canWrite }: ConsentPanelProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const toast = useToast();
  const consents = useProfileConsents(profileId);
  const setConsent = useSetConsent(profileId);

  if (consents.isPending) return <LoadingSpinner block />;
  if (consents.isError) {
    return <ErrorState title={t('profile.consentLoadError')} error={consents.error} onRetry={() => void consents.refetch()} />;
  }

  const current = new Map<ConsentType, ConsentState>(consents.data.current.map((state) => [state.consent_type, state]));
  const history = [...consents.data.history].sort((a, b) => b.decided_at.localeCompare(a.decided_at));

  const decide = (type: ConsentType, granted: boolean) =>
    setConsent.mutate(
      { consent_type: type, granted, source: CONSOLE_SOURCE },
      {
        onSuccess: () => toast.success(t('profile.consentUpdated', { type: t(`cdp.consentTypes.${type}`) })),
        onError: (error) => toast.apiError(error),
      },
    );

  const status = (state: ConsentState | undefined) => {
    if (!state) return t('profile.consentNone');
    const date = formatDate(state.updated_at, locale, { dateStyle: 'medium' });
    return state.granted ? t('profile.consentGranted', { date }) : t('profile.consentDenied', { date });
  };

  return (
    <div className="space-y-5">
      <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
        {CONSENT_TYPES.map((type) => {
          const state = current.get(type);
          const switchId = `consent-${profileId}-${type}`;
          return (
            <li key={type} className="flex items-center justify-between gap-3 py-2.5 first:pt-0 last:pb-0" data-testid="consent-row" data-type={type}>
              <div className="min-w-0">
                <label htmlFor={switchId} className="text-sm font-medium text-zinc-900 dark:text-zinc-100">
                  {t(`cdp.consentTypes.${type}`)}
                </label>
                <p className="text-xs text-zinc-500 dark:text-zinc-400">{status(state)}</p>
              </div>
              <Switch
                id={switchId}
                checked={state?.granted === true}
                disabled={!canWrite || setConsent.isPending}
                aria-label={t('profile.consentSwitch', { type: t(`cdp.consentTypes.${type}`) })}
                onCheckedChange={(granted) => decide(type, granted)}
              />
            </li>
          );
        })}
      </ul>
      <div>
        <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-zinc-500 dark:text-zinc-400">{t('profile.consentHistory')}</h3>
        {history.length === 0 ? (
          <p className="text-sm text-zinc-500 dark:text-zinc-400">{t('profile.consentHistoryEmpty')}</p>
        ) : (
          <ol className="max-h-72 space-y-2 overflow-y-auto pe-1" data-testid="consent-history">
            {history.map((entry) => (
              <ConsentHistoryItem key={entry.id} entry={entry} />
            ))}
          </ol>
        )}
      </div>
    </div>
  );
}

function ConsentHistoryItem({ entry }: { entry: ConsentHistoryEntry }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const details: [string, string][] = [];
  if (entry.source) details.push([t('profile.historySource'), entry.source]);
  if (entry.ip) details.push([t('profile.historyIp'), entry.ip]);
  if (entry.consent_version) details.push([t('profile.historyVersion'), entry.consent_version]);
  return (
    <li className="rounded-md border border-zinc-100 px-3 py-2 text-xs dark:border-zinc-800" data-testid="consent-history-row">
      <div className="flex items-center gap-2">
        <Badge tone={entry.granted ? 'success' : 'danger'}>{entry.granted ? t('profile.historyGranted') : t('profile.historyDenied')}</Badge>
        <span className="truncate font-medium text-zinc-800 dark:text-zinc-200">{t(`cdp.consentTypes.${entry.consent_type}`)}</span>
      </div>
      <dl className="mt-1.5 flex flex-wrap gap-x-3 gap-y-0.5 text-zinc-500 dark:text-zinc-400">
        <div>
          <dt className="sr-only">{t('profile.historyTime')}</dt>
          <dd>
            <time dateTime={entry.decided_at}>{formatDate(entry.decided_at, locale)}</time>
          </dd>
        </div>
        {details.map(([term, value]) => (
          <div key={term} className="flex gap-1">
            <dt>{term}:</dt>
            <dd className="font-mono text-zinc-700 dark:text-zinc-300" dir="ltr">
              {value}
            </dd>
          </div>
        ))}
      </dl>
    </li>
  );
}
