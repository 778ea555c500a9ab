import { useTranslation } from 'react-i18next';
import type { ProfileIdentifier } from '@stratum/contracts';
import { Badge } from '@/components/ui/badge';
import { useIdentifierTypeLabel } from '@/hooks/useCdpLabels';
import { useLocale } from '@/hooks/useLocale';
import { shownIdentifier } from '@/lib/cdp';
import { cn, formatDate, formatPercent, formatRelative } from '@/lib/utils';
import { identifierRank, identifierStyle } from './identifierStyle';

/** Rows shown before the list scrolls within its card. */
const SCROLL_AFTER = 8;

interface IdentifiersListProps {
  identifiers: ProfileIdentifier[];
  /** Whether a PII reader asked to see clear values; values the API masked stay masked. */
  revealed: boolean;
  /** The identifier that is the profile's canonical identity. */
  canonicalId: string | null;
}

export function IdentifiersList({ identifiers, revealed, canonicalId }: IdentifiersListProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const typeLabel = useIdentifierTypeLabel();
  const ordered = [...identifiers].sort(
    (a, b) =>
      Number(b.id === canonicalId) - Number(a.id === canonicalId) ||
      identifierRank(a.type) - identifierRank(b.type) ||
      Number(b.is_primary) - Number(a.is_primary),
  );
  // `is_primary` marks the first value of each type; it only says something when a type has several values.
  const perType = new Map<string, number>();
  for (const identifier of identifiers) perType.set(identifier.type, (perType.get(identifier.type) ?? 0) + 1);

  if (ordered.length === 0) return <p className="text-sm text-zinc-500 dark:text-zinc-400">{t('profile.noIdentifiers')}</p>;

  // A long list (a profile of many identifiers) scrolls inside the card rather than stretching the page; a region
  // that scrolls is focusable, so it can be scrolled from the keyboard.
  const scrolls = ordered.length > SCROLL_AFTER;
  return (
    <ul
      className={cn('divide-y divide-zinc-100 dark:divide-zinc-800', scrolls && 'max-h-[36rem] overflow-y-auto pe-2')}
      tabIndex={scrolls ? 0 : undefined}
      aria-label={scrolls ? t('profile.identifiers') : undefined}
      data-testid="identifiers-list"
    >
      {ordered.map((identifier) => {
        const style = identifierStyle(identifier.type);
        const Icon = style.icon;
        return (
          <li key={identifier.id} className="flex items-start gap-3 py-3 first:pt-0 last:pb-0" data-testid="identifier-row">
            <span className={cn('mt-0.5 flex size-8 shrink-0 items-center justify-center rounded-full', style.chip)}>
              <Icon className="size-4" aria-hidden />
            </span>
            <div className="min-w-0 flex-1">
              <div className="flex flex-wrap items-center gap-2">
                <span className="text-xs font-medium text-zinc-500 dark:text-zinc-400">{typeLabel(identifier.type)}</span>
                {identifier.id === canonicalId ? <Badge tone="accent">{t('profile.canonical')}</Badge> : null}
                {identifier.is_primary && (perType.get(identifier.type) ?? 0) > 1 ? <Badge tone="neutral">{t('profile.primary')}</Badge> : null}
              </div>
              <p className="truncate font-mono text-sm text-zinc-900 dark:text-zinc-100" data-testid="identifier-value">
                <span dir="ltr">
                  {shownIdentifier(identifier.type, identifier.value, { clear: !identifier.masked, revealed })}
                </span>
              </p>
              <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
                {t('profile.confidence', { value: formatPercent(identifier.confidence_score, locale, 0) })}
                {' · '}
                <time dateTime={identifier.last_seen_at} title={formatDate(identifier.last_seen_at, locale)}>
                  {formatRelative(identifier.last_seen_at, locale)}
                </time>
              </p>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
