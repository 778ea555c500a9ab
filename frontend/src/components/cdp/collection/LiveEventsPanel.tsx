import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Braces, Eraser, Pause, Play, Radio } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { LiveEvent } from '@stratum/contracts';
import { useLiveEvents, type LiveConnection } from '@/api/cdpLive';
import { EmqBadge } from '@/components/cdp/badges';
import { EventJsonDialog } from '@/components/cdp/EventJsonDialog';
import { SectionCard } from '@/components/cdp/SectionCard';
import { EmptyState } from '@/components/common/EmptyState';
import { ErrorState } from '@/components/common/ErrorState';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from '@/components/ui/table';
import { useLocale } from '@/hooks/useLocale';
import { useLiveText } from '@/i18n/liveText';
import { LIVE_FEED_CAP } from '@/lib/liveFeed';
import { cn, formatDate, formatNumber } from '@/lib/utils';
import { RejectionReason } from './RejectionReason';

/**
 * Profile ids are UUIDv7, whose first characters are a timestamp: profiles created in the same minute share them.
 * The start plus the (random) end tells them apart at a glance.
 */
const profileTag = (id: string) => `${id.slice(0, 8)}…${id.slice(-4)}`;

const CONNECTION_DOT: Record<LiveConnection, string> = {
  connecting: 'bg-amber-400',
  open: 'bg-emerald-500',
  reconnecting: 'bg-amber-400 animate-pulse',
  closed: 'bg-red-500',
};

/**
 * The live event debugger of one source: what arrives with its key, newest on top, accepted or rejected with the
 * reason — so a developer sees at once whether the integration works.
 */
export function LiveEventsPanel({ sourceId, onOpenSetup }: { sourceId: string; onOpenSetup: () => void }) {
  const { t } = useTranslation();
  const liveText = useLiveText();
  const locale = useLocale();
  const live = useLiveEvents(sourceId);
  const { feed } = live;
  const [viewing, setViewing] = useState<LiveEvent | null>(null);
  const accepted = feed.events.filter((event) => event.kind === 'accepted').length;

  const connectionLabel = feed.paused && live.connection === 'open' ? t('collection.live.paused') : t(`collection.live.connection.${live.connection}`);

  const toolbar = (
    <>
      <span
        className="inline-flex items-center gap-2 text-xs font-medium text-zinc-600 dark:text-zinc-300"
        role="status"
        aria-live="polite"
        data-testid="live-connection"
        data-state={live.connection}
      >
        <span className={cn('size-2 rounded-full', feed.paused && live.connection === 'open' ? 'bg-zinc-400' : CONNECTION_DOT[live.connection])} aria-hidden />
        {connectionLabel}
      </span>
      {feed.paused ? (
        <Button size="sm" onClick={live.resume} data-testid="live-resume">
          <Play aria-hidden />
          {feed.waitingCount > 0
            ? t('collection.live.resumeWithCount', { total: formatNumber(feed.waitingCount, locale) })
            : t('collection.live.resume')}
        </Button>
      ) : (
        <Button size="sm" variant="secondary" onClick={live.pause} data-testid="live-pause">
          <Pause aria-hidden />
          {t('collection.live.pause')}
        </Button>
      )}
      <Button size="sm" variant="ghost" onClick={live.clear} disabled={feed.events.length === 0 && feed.waitingCount === 0} data-testid="live-clear">
        <Eraser aria-hidden />
        {t('collection.live.clear')}
      </Button>
    </>
  );

  return (
    <SectionCard
      title={t('collection.live.title')}
      description={t('collection.live.description')}
      actions={toolbar}
      contentClassName="p-0"
      data-testid="live-events"
    >
      {feed.paused && feed.waitingCount > 0 ? (
        <p className="border-b border-zinc-100 bg-indigo-50/60 px-5 py-2 text-sm text-indigo-800 dark:border-zinc-800 dark:bg-indigo-500/10 dark:text-indigo-200" data-testid="live-waiting">
          {t('collection.live.waiting', { total: formatNumber(feed.waitingCount, locale) })}
        </p>
      ) : null}
      {feed.skipped.total > 0 ? (
        <p className="border-b border-zinc-100 bg-amber-50/70 px-5 py-2 text-sm text-amber-900 dark:border-zinc-800 dark:bg-amber-500/10 dark:text-amber-200" data-testid="live-skipped">
          {liveText(feed.skipped.atLeast ? 'skippedAtLeast' : 'skipped', { total: formatNumber(feed.skipped.total, locale) })}
        </p>
      ) : null}
      {live.connection === 'closed' ? (
        <ErrorState title={t('collection.live.error')} error={live.error ?? undefined} onRetry={live.retry} />
      ) : feed.events.length === 0 ? (
        feed.paused ? (
          <EmptyState icon={Pause} title={t('collection.live.pausedTitle')} description={t('collection.live.pausedDescription')} />
        ) : (
          <EmptyState
            icon={Radio}
            title={t('collection.live.emptyTitle')}
            description={t('collection.live.emptyDescription')}
            action={
              <Button variant="secondary" onClick={onOpenSetup}>
                {t('collection.live.openSetup')}
              </Button>
            }
          />
        )
      ) : (
        <>
          <p className="px-5 py-2 text-xs text-zinc-500 dark:text-zinc-400" data-testid="live-summary">
            {t('collection.live.summary', {
              accepted: formatNumber(accepted, locale),
              rejected: formatNumber(feed.events.length - accepted, locale),
            })}
            {feed.events.length >= LIVE_FEED_CAP ? ` · ${t('collection.live.capped', { total: formatNumber(LIVE_FEED_CAP, locale) })}` : null}
          </p>
          <LiveEventsTable events={feed.events} onView={setViewing} />
        </>
      )}
      <EventJsonDialog event={viewing} onClose={() => setViewing(null)} />
    </SectionCard>
  );
}

function LiveEventsTable({ events, onView }: { events: LiveEvent[]; onView: (event: LiveEvent) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <Table aria-label={t('collection.live.listLabel')}>
      <TableHead>
        <tr>
          <TableHeaderCell>{t('collection.live.received')}</TableHeaderCell>
          <TableHeaderCell>{t('collection.live.event')}</TableHeaderCell>
          <TableHeaderCell>{t('collection.live.status')}</TableHeaderCell>
          <TableHeaderCell className="text-center">{t('events.emq')}</TableHeaderCell>
          <TableHeaderCell>{t('collection.live.profileOrReason')}</TableHeaderCell>
          <TableHeaderCell className="text-end">
            <span className="sr-only">{t('common.actions')}</span>
          </TableHeaderCell>
        </tr>
      </TableHead>
      <TableBody>
        {events.map((event) => {
          const time = formatDate(event.received_at, locale, { timeStyle: 'medium' });
          const name = event.event_name ?? t('collection.live.unnamed');
          const rejected = event.kind === 'rejected';
          return (
            <TableRow key={event.id} data-testid="live-event-row" data-kind={event.kind}>
              <TableCell className="whitespace-nowrap tabular-nums text-zinc-500 dark:text-zinc-400">
                <time dateTime={event.received_at} title={formatDate(event.received_at, locale, { dateStyle: 'medium', timeStyle: 'medium' })}>
                  {time}
                </time>
              </TableCell>
              <TableCell className="font-medium text-zinc-900 dark:text-zinc-100" data-testid="live-event-name">
                {name}
              </TableCell>
              <TableCell>
                <Badge tone={rejected ? 'danger' : 'success'} data-testid="live-event-status">
                  {t(`cdp.eventStatuses.${event.kind}`)}
                </Badge>
              </TableCell>
              <TableCell className="text-center">{event.emq_score === null ? '—' : <EmqBadge score={event.emq_score} />}</TableCell>
              <TableCell className="max-w-md">
                {rejected ? (
                  <span className="line-clamp-2 text-sm text-red-700 dark:text-red-300" title={event.reason ?? undefined} data-testid="live-event-reason">
                    <RejectionReason code={event.reason_code} detail={event.reason} />
                  </span>
                ) : event.profile_id ? (
                  <Link
                    to={`/cdp/profiles/${event.profile_id}`}
                    className="font-mono text-xs text-indigo-600 hover:underline dark:text-indigo-400"
                    aria-label={t('collection.live.openProfile', { id: profileTag(event.profile_id) })}
                    dir="ltr"
                  >
                    {profileTag(event.profile_id)}
                  </Link>
                ) : (
                  '—'
                )}
              </TableCell>
              <TableCell className="text-end">
                <Button
                  variant="ghost"
                  size="sm"
                  onClick={() => onView(event)}
                  aria-label={t('events.viewJsonOf', { name, date: time })}
                  data-testid="live-view-json"
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
