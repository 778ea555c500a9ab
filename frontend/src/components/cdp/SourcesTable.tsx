import { Link } from 'react-router-dom';
import { MoreHorizontal, Power, PowerOff, RefreshCw, Terminal, Trash2 } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { Source } from '@stratum/contracts';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from '@/components/ui/table';
import { useLocale } from '@/hooks/useLocale';
import { formatDate, formatNumber, formatRelative } from '@/lib/utils';

export type SourceAction = 'test' | 'rotate' | 'deactivate' | 'activate' | 'delete';

interface SourcesTableProps {
  sources: Source[];
  /** Admins (cdp:admin) may rotate keys, switch sources on and off, and delete them. */
  canManage: boolean;
  onAction: (action: SourceAction, source: Source) => void;
}

export function SourcesTable({ sources, canManage, onAction }: SourcesTableProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <Table>
      <TableHead>
        <tr>
          <TableHeaderCell>{t('sources.name')}</TableHeaderCell>
          <TableHeaderCell>{t('sources.type')}</TableHeaderCell>
          <TableHeaderCell>{t('sources.key')}</TableHeaderCell>
          <TableHeaderCell>{t('sources.status')}</TableHeaderCell>
          <TableHeaderCell className="text-end">{t('sources.events')}</TableHeaderCell>
          <TableHeaderCell>{t('sources.lastEvent')}</TableHeaderCell>
          <TableHeaderCell className="text-end">{t('common.actions')}</TableHeaderCell>
        </tr>
      </TableHead>
      <TableBody>
        {sources.map((source) => (
          <TableRow key={source.id} data-testid="source-row" data-source-id={source.id}>
            <TableCell>
              <Link
                to={`/cdp/sources/${source.id}`}
                className="font-medium text-zinc-900 hover:text-indigo-600 hover:underline dark:text-zinc-100 dark:hover:text-indigo-400"
                data-testid="source-link"
              >
                {source.name}
              </Link>
              <div className="text-xs text-zinc-500 dark:text-zinc-400">
                {t('sources.created', { date: formatDate(source.created_at, locale, { dateStyle: 'medium' }) })}
              </div>
            </TableCell>
            <TableCell>
              <Badge tone="accent">{t(`cdp.sourceTypes.${source.source_type}`)}</Badge>
            </TableCell>
            <TableCell>
              <code dir="ltr" className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
                {source.key_prefix}…
              </code>
            </TableCell>
            <TableCell>
              <Badge tone={source.is_active ? 'success' : 'neutral'}>
                {source.is_active ? t('common.active') : t('common.inactive')}
              </Badge>
            </TableCell>
            <TableCell className="text-end tabular-nums">{formatNumber(source.event_count, locale)}</TableCell>
            <TableCell className="whitespace-nowrap text-zinc-500 dark:text-zinc-400">
              {source.last_event_at ? (
                <time dateTime={source.last_event_at} title={formatDate(source.last_event_at, locale)}>
                  {formatRelative(source.last_event_at, locale)}
                </time>
              ) : (
                t('common.never')
              )}
            </TableCell>
            <TableCell className="text-end">
              <div className="inline-flex items-center gap-1">
                <Button
                  variant="ghost"
                  size="sm"
                  aria-label={t('sources.testEventFor', { name: source.name })}
                  onClick={() => onAction('test', source)}
                >
                  <Terminal aria-hidden />
                  <span className="hidden xl:inline">{t('sources.testEvent')}</span>
                </Button>
                {canManage ? (
                  <DropdownMenu>
                    <DropdownMenuTrigger asChild>
                      <Button variant="ghost" size="icon" className="size-8" aria-label={t('sources.moreActions', { name: source.name })}>
                        <MoreHorizontal aria-hidden />
                      </Button>
                    </DropdownMenuTrigger>
                    <DropdownMenuContent align="end">
                      <DropdownMenuItem onSelect={() => onAction('rotate', source)}>
                        <RefreshCw aria-hidden />
                        {t('sources.rotate')}
                      </DropdownMenuItem>
                      {source.is_active ? (
                        <DropdownMenuItem onSelect={() => onAction('deactivate', source)}>
                          <PowerOff aria-hidden />
                          {t('sources.deactivate')}
                        </DropdownMenuItem>
                      ) : (
                        <DropdownMenuItem onSelect={() => onAction('activate', source)}>
                          <Power aria-hidden />
                          {t('sources.activate')}
                        </DropdownMenuItem>
                      )}
                      <DropdownMenuSeparator />
                      <DropdownMenuItem
                        onSelect={() => onAction('delete', source)}
                        className="text-red-600 data-[highlighted]:bg-red-50 data-[highlighted]:text-red-700 dark:text-red-400 dark:data-[highlighted]:bg-red-500/10 dark:data-[highlighted]:text-red-300"
                      >
                        <Trash2 aria-hidden />
                        {t('sources.remove')}
                      </DropdownMenuItem>
                    </DropdownMenuContent>
                  </DropdownMenu>
                ) : null}
              </div>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
