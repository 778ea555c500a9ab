import { Link } from 'react-router-dom';
import { Braces } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { StoredEvent } from '@stratum/contracts';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from '@/components/ui/table';
import { useEventStatusLabel, useIdentifierTypeLabel } from '@/hooks/useCdpLabels';
import { useLocale } from '@/hooks/useLocale';
import { shortId, withZone } from '@/lib/cdp';
import { formatDate } from '@/lib/utils';
import { EmqBadge } from './badges';

interface EventsTableProps {
  events: StoredEvent[];
  sourceNames: ReadonlyMap<string, string>;
  onView: (event: StoredEvent) => void;
  /** Times shown in this zone (the tenant's, as the page's day filter), named in the header when not the browser's. */
  timeZone?: string;
}

export function EventsTable({ events, sourceNames, onView, timeZone }: EventsTableProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const typeLabel = useIdentifierTypeLabel();
  const statusLabel = useEventStatusLabel();

  return (
    <Table>
      <TableHead>
        <tr>
          <TableHeaderCell>{withZone(t('events.time'), timeZone)}</TableHeaderCell>
          <TableHeaderCell>{t('events.event')}</TableHeaderCell>
          <TableHeaderCell>{t('events.source')}</TableHeaderCell>
          <TableHeaderCell>{t('events.profile')}</TableHeaderCell>
          <TableHeaderCell>{t('events.identifiers')}</TableHeaderCell>
          <TableHeaderCell className="text-center">{t('events.emq')}</TableHeaderCell>
          <TableHeaderCell>{t('events.status')}</TableHeaderCell>
          <TableHeaderCell className="text-end">
            <span className="sr-only">{t('common.actions')}</span>
          </TableHeaderCell>
        </tr>
      </TableHead>
      <TableBody>
        {events.map((event) => {
          const date = formatDate(event.event_time, locale, { dateStyle: 'medium', timeStyle: 'medium', timeZone });
          return (
            <TableRow key={event.id} data-testid="event-row">
              <TableCell className="whitespace-nowrap text-zinc-500 dark:text-zinc-400">
                <time dateTime={event.event_time}>{date}</time>
              </TableCell>
              <TableCell className="font-medium text-zinc-900 dark:text-zinc-100">{event.event_name}</TableCell>
              <TableCell>
                {event.source_id ? (
                  (sourceNames.get(event.source_id) ?? <span className="font-mono text-xs">{shortId(event.source_id)}</span>)
                ) : (
                  <span className="text-zinc-400">{t('events.console')}</span>
                )}
              </TableCell>
              <TableCell>
                {event.profile_id ? (
                  <Link
                    to={`/cdp/profiles/${event.profile_id}`}
                    className="font-mono text-xs text-indigo-600 hover:underline dark:text-indigo-400"
                    aria-label={`${t('events.openProfile')} ${shortId(event.profile_id)}`}
                  >
                    {shortId(event.profile_id)}
                  </Link>
                ) : (
                  '—'
                )}
              </TableCell>
              <TableCell>
                <div className="flex flex-wrap gap-1">
                  {event.identifier_types.map((type, index) => (
                    <Badge key={`${type}-${index}`} tone="neutral">
                      {typeLabel(type)}
                    </Badge>
                  ))}
                </div>
              </TableCell>
              <TableCell className="text-center">
                <EmqBadge score={event.emq_score} />
              </TableCell>
              <TableCell>
                <Badge tone={event.status === 'rejected' ? 'danger' : 'success'}>{statusLabel(event.status)}</Badge>
              </TableCell>
              <TableCell className="text-end">
                <Button
                  variant="ghost"
                  size="sm"
                  onClick={() => onView(event)}
                  aria-label={t('events.viewJsonOf', { name: event.event_name, date })}
                  data-testid="view-event-json"
                >
                  <Braces aria-hidden />
                  <span className="hidden lg:inline">{t('events.viewJson')}</span>
                </Button>
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
