import { useState } from 'react';
import { Link } from 'react-router-dom';
import { GitMerge, Undo2 } from 'lucide-react';
import { Trans, useTranslation } from 'react-i18next';
import type { MergeRecord } from '@stratum/contracts';
import { useMergeHistory, useUndoMerge } from '@/api/cdpProfiles';
import { ConfirmDialog } from '@/components/common/ConfirmDialog';
import { ErrorState } from '@/components/common/ErrorState';
import { LoadingSpinner } from '@/components/common/LoadingSpinner';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { useIdentifierTypeLabel } from '@/hooks/useCdpLabels';
import { useLocale } from '@/hooks/useLocale';
import { useToast } from '@/hooks/useToast';
import { shortId } from '@/lib/cdp';
import { useIdentityText } from '@/i18n/identityText';
import { formatDate, formatNumber } from '@/lib/utils';

/**
 * Merges listed at first, and added at each "Show more": a test account merging a new anonymous profile at every
 * run gathers thousands.
 */
const MERGES_SHOWN = 20;

interface MergeHistoryProps {
  profileId: string;
  /** cdp:admin may undo merges. */
  canUndo: boolean;
}

export function MergeHistory({ profileId, canUndo }: MergeHistoryProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const toast = useToast();
  const typeLabel = useIdentifierTypeLabel();
  const merges = useMergeHistory(profileId);
  const undo = useUndoMerge();
  const [confirming, setConfirming] = useState<MergeRecord | null>(null);
  const [shown, setShown] = useState(MERGES_SHOWN);
  const identityText = useIdentityText();

  if (merges.isPending) return <LoadingSpinner block />;
  if (merges.isError) {
    return <ErrorState title={t('profile.mergesLoadError')} error={merges.error} onRetry={() => void merges.refetch()} />;
  }
  if (merges.data.length === 0) return <p className="text-sm text-zinc-500 dark:text-zinc-400">{t('profile.noMerges')}</p>;

  const confirmUndo = () => {
    if (!confirming) return;
    undo.mutate(confirming.id, {
      onSuccess: () => toast.success(t('profile.undone')),
      onError: (error) => toast.apiError(error),
      onSettled: () => setConfirming(null),
    });
  };

  /** This profile by name; another one by short id, linked once it is a live profile again (undone merge). */
  const profileRef = (id: string, merge: MergeRecord) => {
    if (id === profileId) return <span className="font-medium">{t('profile.thisProfile')}</span>;
    const label = shortId(id);
    return merge.undone_at ? (
      <Link to={`/cdp/profiles/${id}`} className="font-mono text-indigo-600 hover:underline dark:text-indigo-400">
        {label}
      </Link>
    ) : (
      <span className="font-mono" title={id}>
        {label}
      </span>
    );
  };

  return (
    <>
      <ol className="space-y-3">
        {merges.data.slice(0, shown).map((merge) => {
          const date = formatDate(merge.created_at, locale);
          return (
            <li
              key={merge.id}
              className="flex items-start gap-3 rounded-lg border border-zinc-100 p-3 dark:border-zinc-800"
              data-testid="merge-row"
              data-undone={merge.undone_at !== null}
            >
              <span className="flex size-8 shrink-0 items-center justify-center rounded-full bg-indigo-50 text-indigo-600 dark:bg-indigo-500/10 dark:text-indigo-300">
                <GitMerge className="size-4" aria-hidden />
              </span>
              <div className="min-w-0 flex-1 text-sm">
                <p className="text-zinc-900 dark:text-zinc-100">
                  {/* Trans places the profile references (links when live) where each language puts them. */}
                  <Trans
                    i18nKey="profile.mergedInto"
                    components={{ merged: profileRef(merge.merged_id, merge), survivor: profileRef(merge.survivor_id, merge) }}
                  />
                </p>
                <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
                  {merge.reason === 'manual'
                    ? t('profile.mergeReasonManual')
                    : t('profile.mergeReasonIdentifier', { type: typeLabel(merge.identifier_type ?? '') })}
                  {' · '}
                  <time dateTime={merge.created_at}>{date}</time>
                </p>
              </div>
              {merge.undone_at ? (
                <Badge tone="neutral">{t('profile.undoneOn', { date: formatDate(merge.undone_at, locale, { dateStyle: 'medium' }) })}</Badge>
              ) : canUndo ? (
                <Button variant="secondary" size="sm" onClick={() => setConfirming(merge)} aria-label={t('profile.undoLabel', { date })} data-testid="undo-merge">
                  <Undo2 aria-hidden />
                  {t('profile.undo')}
                </Button>
              ) : null}
            </li>
          );
        })}
      </ol>
      {merges.data.length > shown ? (
        <div className="mt-4 flex flex-wrap items-center gap-3" data-testid="merges-more">
          <p className="text-xs text-zinc-500 dark:text-zinc-400" aria-live="polite">
            {identityText('merges.shown', { shown: formatNumber(shown, locale), total: formatNumber(merges.data.length, locale) })}
          </p>
          <Button variant="secondary" size="sm" onClick={() => setShown((n) => n + MERGES_SHOWN)} data-testid="merges-show-more">
            {identityText('identifiers.more')}
          </Button>
        </div>
      ) : null}
      <ConfirmDialog
        open={confirming !== null}
        onOpenChange={(open) => {
          if (!open) setConfirming(null);
        }}
        title={t('profile.undoTitle')}
        description={t('profile.undoDescription')}
        confirmLabel={t('profile.undo')}
        pendingLabel={t('profile.undoing')}
        pending={undo.isPending}
        onConfirm={confirmUndo}
      />
    </>
  );
}

