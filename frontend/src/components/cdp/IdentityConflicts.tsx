import { Link } from 'react-router-dom';
import { Split } from 'lucide-react';
import { useIdentityConflicts } from '@/api/cdpProfiles';
import { SectionCard } from '@/components/cdp/SectionCard';
import { ErrorState } from '@/components/common/ErrorState';
import { useIdentifierTypeLabel } from '@/hooks/useCdpLabels';
import { useLocale } from '@/hooks/useLocale';
import { useIdentityText } from '@/i18n/identityText';
import { shortId } from '@/lib/cdp';
import { formatDate } from '@/lib/utils';

interface IdentityConflictsProps {
  profileId: string;
  /** cdp:admin may change the limits that kept the profiles apart. */
  canChangeLimits: boolean;
}

/**
 * The events merge protection kept from joining this profile with others, as a card shown only when there are some:
 * each names the other profile, so an admin can compare the two and decide whether the limits fit the data (or says
 * the event named more than the limit itself, the extra identifier dropped).
 */
export function IdentityConflicts({ profileId, canChangeLimits }: IdentityConflictsProps) {
  const text = useIdentityText();
  const locale = useLocale();
  const typeLabel = useIdentifierTypeLabel();
  const conflicts = useIdentityConflicts(profileId);
  if (conflicts.isPending || (conflicts.isSuccess && conflicts.data.length === 0)) return null;

  return (
    <SectionCard
      title={text('conflicts.title')}
      description={text('conflicts.description')}
      actions={
        canChangeLimits ? (
          <Link to="/cdp/settings" className="text-xs font-medium text-indigo-600 hover:underline dark:text-indigo-400">
            {text('conflicts.settings')}
          </Link>
        ) : null
      }
      data-testid="conflicts-card"
    >
      {conflicts.isError ? (
        <ErrorState title={text('conflicts.loadError')} error={conflicts.error} onRetry={() => void conflicts.refetch()} />
      ) : (
        <ol className="space-y-3">
          {conflicts.data.map((conflict) => (
            <li key={conflict.id} className="flex items-start gap-3 rounded-lg border border-zinc-100 p-3 dark:border-zinc-800" data-testid="conflict-row">
              <span className="flex size-8 shrink-0 items-center justify-center rounded-full bg-amber-50 text-amber-600 dark:bg-amber-500/10 dark:text-amber-300">
                <Split className="size-4" aria-hidden />
              </span>
              <div className="min-w-0 flex-1 text-sm">
                <p className="text-zinc-900 dark:text-zinc-100">
                  {conflict.other_profile_ids.length === 0 ? (
                    text('conflicts.extraInEvent')
                  ) : (
                    <>
                      {text('conflicts.keptApartFrom')}{' '}
                      {conflict.other_profile_ids.map((id, index) => (
                        <span key={id}>
                          {index > 0 ? ', ' : null}
                          <Link to={`/cdp/profiles/${id}`} className="font-mono text-indigo-600 hover:underline dark:text-indigo-400" title={id}>
                            {shortId(id)}
                          </Link>
                        </span>
                      ))}
                    </>
                  )}
                </p>
                <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
                  {text('conflicts.limit', { type: typeLabel(conflict.identifier_type) })}
                  {' · '}
                  {/* Isolated: an event name in Latin letters would otherwise reorder the Arabic date beside it. */}
                  <bdi>{conflict.event_name ?? text('conflicts.eventGone')}</bdi>
                  {' · '}
                  <time dateTime={conflict.created_at}>{formatDate(conflict.created_at, locale)}</time>
                </p>
              </div>
            </li>
          ))}
        </ol>
      )}
    </SectionCard>
  );
}
