import { useState } from 'react';
import type { Profile } from '@stratum/contracts';
import { useMoreIdentifiers } from '@/api/cdpProfiles';
import { Button } from '@/components/ui/button';
import { useLocale } from '@/hooks/useLocale';
import { useIdentityText } from '@/i18n/identityText';
import { formatNumber } from '@/lib/utils';
import { IdentifiersList } from './IdentifiersList';

interface ProfileIdentifiersProps {
  profile: Profile;
  revealed: boolean;
  canonicalId: string | null;
}

/**
 * A profile's identifiers: the first ones its read carries and, for a profile holding more (a shared device, a
 * test account with a new anonymous id every run), the rest a page at a time when asked for.
 */
export function ProfileIdentifiers({ profile, revealed, canonicalId }: ProfileIdentifiersProps) {
  const text = useIdentityText();
  const locale = useLocale();
  const [wantMore, setWantMore] = useState(false);
  const more = useMoreIdentifiers(profile.id, wantMore);
  const identifiers = [...profile.identifiers, ...(more.data?.pages.flatMap((page) => page.items) ?? [])];
  // Once pages arrive, they say whether there are more; before, the profile's count does (and the button stays,
  // showing the first page loading).
  const hasMore = more.data ? more.hasNextPage : identifiers.length < profile.identifiers_total;

  return (
    <>
      <IdentifiersList identifiers={identifiers} revealed={revealed} canonicalId={canonicalId} />
      {profile.identifiers_total > profile.identifiers.length ? (
        <div className="mt-4 space-y-2 border-t border-zinc-100 pt-3 dark:border-zinc-800" data-testid="identifiers-more">
          <p className="text-xs text-zinc-500 dark:text-zinc-400" aria-live="polite">
            {text('identifiers.shown', {
              shown: formatNumber(identifiers.length, locale),
              total: formatNumber(profile.identifiers_total, locale),
            })}
          </p>
          {more.isError ? (
            <p role="alert" className="text-xs text-red-600 dark:text-red-400">
              {text('identifiers.loadError')}
            </p>
          ) : null}
          {hasMore ? (
            <Button
              variant="secondary"
              size="sm"
              disabled={more.isFetching}
              onClick={() => (wantMore ? void more.fetchNextPage() : setWantMore(true))}
              data-testid="identifiers-show-more"
            >
              {more.isFetching ? text('identifiers.loading') : text('identifiers.more')}
            </Button>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
