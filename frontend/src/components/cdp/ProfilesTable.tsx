import { Link, useNavigate } from 'react-router-dom';
import { ChevronRight } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { ProfileSummary } from '@stratum/contracts';
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from '@/components/ui/table';
import { useIdentifierTypeLabel } from '@/hooks/useCdpLabels';
import { useLocale } from '@/hooks/useLocale';
import { shortId, shownIdentifier } from '@/lib/cdp';
import { cn, formatCurrency, formatDate, formatNumber, formatRelative } from '@/lib/utils';
import { LifecycleBadge } from './badges';
import { identifierStyle } from './identifierStyle';

interface ProfilesTableProps {
  profiles: ProfileSummary[];
  currency: string;
  /** The API sent identities in clear (PII reader); they stay masked unless `revealed`. */
  clear: boolean;
  revealed: boolean;
}

export function ProfilesTable({ profiles, currency, clear, revealed }: ProfilesTableProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const typeLabel = useIdentifierTypeLabel();

  return (
    <Table>
      <TableHead>
        <tr>
          <TableHeaderCell>{t('profiles.customer')}</TableHeaderCell>
          <TableHeaderCell>{t('profiles.lifecycle')}</TableHeaderCell>
          <TableHeaderCell className="text-end">{t('profiles.events')}</TableHeaderCell>
          <TableHeaderCell className="text-end">{t('profiles.purchases')}</TableHeaderCell>
          <TableHeaderCell className="text-end">{t('profiles.revenue')}</TableHeaderCell>
          <TableHeaderCell>{t('profiles.lastSeen')}</TableHeaderCell>
          <TableHeaderCell className="w-8">
            <span className="sr-only">{t('common.actions')}</span>
          </TableHeaderCell>
        </tr>
      </TableHead>
      <TableBody>
        {profiles.map((profile) => {
          const identity = profile.canonical_identity;
          const style = identifierStyle(identity?.type ?? 'anonymous_id');
          const Icon = style.icon;
          const href = `/cdp/profiles/${profile.id}`;
          return (
            <TableRow
              key={profile.id}
              // The whole row opens the profile for pointer users; the link in the first cell is the keyboard path.
              onClick={() => navigate(href)}
              className="cursor-pointer"
              data-testid="profile-row"
            >
              <TableCell>
                <div className="flex items-center gap-3">
                  <span className={cn('flex size-8 shrink-0 items-center justify-center rounded-full', style.chip)}>
                    <Icon className="size-4" aria-hidden />
                  </span>
                  <div className="min-w-0">
                    <Link
                      to={href}
                      onClick={(event) => event.stopPropagation()}
                      className="block truncate font-medium text-zinc-900 hover:text-indigo-600 dark:text-zinc-100 dark:hover:text-indigo-400"
                    >
                      {identity ? (
                        <span dir="ltr">{shownIdentifier(identity.type, identity.value, { clear, revealed })}</span>
                      ) : (
                        t('cdp.anonymousVisitor')
                      )}
                    </Link>
                    <div className="text-xs text-zinc-500 dark:text-zinc-400">
                      {identity ? typeLabel(identity.type) : <span className="font-mono">{shortId(profile.id)}</span>}
                    </div>
                  </div>
                </div>
              </TableCell>
              <TableCell>
                <LifecycleBadge stage={profile.lifecycle_stage} />
              </TableCell>
              <TableCell className="text-end tabular-nums">{formatNumber(profile.total_events, locale)}</TableCell>
              <TableCell className="text-end tabular-nums">{formatNumber(profile.total_purchases, locale)}</TableCell>
              <TableCell className="whitespace-nowrap text-end tabular-nums">{formatCurrency(profile.total_revenue, currency, locale)}</TableCell>
              <TableCell className="whitespace-nowrap text-zinc-500 dark:text-zinc-400">
                <time dateTime={profile.last_seen_at} title={formatDate(profile.last_seen_at, locale)}>
                  {formatRelative(profile.last_seen_at, locale)}
                </time>
              </TableCell>
              <TableCell>
                <ChevronRight className="size-4 text-zinc-300 rtl:rotate-180 dark:text-zinc-600" aria-hidden />
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
