import { Fragment, useState } from 'react';
import { ChevronRight } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { AuditLog } from '@stratum/contracts';
import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from '@/components/ui/table';
import { useLocale } from '@/hooks/useLocale';
import { cn, formatDate } from '@/lib/utils';

function actionTone(action: string): 'success' | 'danger' | 'accent' | 'neutral' {
  if (action.endsWith('.create')) return 'success';
  if (action.endsWith('.delete')) return 'danger';
  if (action.includes('update')) return 'accent';
  return 'neutral';
}

export function AuditLogTable({ logs }: { logs: AuditLog[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());

  const toggle = (id: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <Table>
      <TableHead>
        <tr>
          <TableHeaderCell className="w-10">
            <span className="sr-only">{t('audit.changes')}</span>
          </TableHeaderCell>
          <TableHeaderCell>{t('audit.time')}</TableHeaderCell>
          <TableHeaderCell>{t('audit.actor')}</TableHeaderCell>
          <TableHeaderCell>{t('audit.action')}</TableHeaderCell>
          <TableHeaderCell>{t('audit.resource')}</TableHeaderCell>
          <TableHeaderCell>{t('audit.ip')}</TableHeaderCell>
        </tr>
      </TableHead>
      <TableBody>
        {logs.map((log) => {
          const open = expanded.has(log.id);
          const detailsId = `audit-changes-${log.id}`;
          return (
            <Fragment key={log.id}>
              <TableRow data-testid="audit-row" data-action={log.action}>
                <TableCell className="py-2">
                  <button
                    type="button"
                    onClick={() => toggle(log.id)}
                    aria-expanded={open}
                    aria-controls={detailsId}
                    aria-label={open ? t('audit.hideChanges') : t('audit.showChanges')}
                    className="rounded p-1 text-zinc-400 hover:bg-zinc-100 hover:text-zinc-700 dark:hover:bg-zinc-800 dark:hover:text-zinc-200"
                    data-testid="audit-expand"
                  >
                    <ChevronRight className={cn('size-4 transition-transform rtl:rotate-180', open && 'rotate-90 rtl:rotate-90')} aria-hidden />
                  </button>
                </TableCell>
                <TableCell className="whitespace-nowrap text-zinc-500 dark:text-zinc-400">
                  <time dateTime={log.created_at}>{formatDate(log.created_at, locale, { dateStyle: 'medium', timeStyle: 'medium' })}</time>
                </TableCell>
                <TableCell>
                  {log.actor_email ? (
                    <span dir="ltr">{log.actor_email}</span>
                  ) : (
                    <span className="text-zinc-400">{t('audit.system')}</span>
                  )}
                </TableCell>
                <TableCell>
                  <Badge tone={actionTone(log.action)} className="font-mono">
                    {log.action}
                  </Badge>
                </TableCell>
                <TableCell>
                  <span className="text-zinc-900 dark:text-zinc-100">{log.resource_type}</span>
                  {log.resource_id ? (
                    <span className="ms-1.5 font-mono text-xs text-zinc-400" title={log.resource_id}>
                      {log.resource_id.slice(0, 8)}
                    </span>
                  ) : null}
                </TableCell>
                <TableCell className="font-mono text-xs text-zinc-500 dark:text-zinc-400">{log.ip ?? '—'}</TableCell>
              </TableRow>
              {open ? (
                <tr id={detailsId} className="bg-zinc-50/70 dark:bg-zinc-950/40">
                  <td colSpan={6} className="px-4 py-3">
                    <p className="mb-2 text-xs font-medium uppercase tracking-wide text-zinc-500">{t('audit.changes')}</p>
                    {log.changes && Object.keys(log.changes).length > 0 ? (
                      <pre
                        dir="ltr"
                        className="max-h-80 overflow-auto rounded-md border border-zinc-200 bg-white p-3 text-start font-mono text-xs text-zinc-800 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-200"
                        data-testid="audit-changes"
                      >
                        {JSON.stringify(log.changes, null, 2)}
                      </pre>
                    ) : (
                      <p className="text-sm text-zinc-500">{t('audit.noChanges')}</p>
                    )}
                  </td>
                </tr>
              ) : null}
            </Fragment>
          );
        })}
      </TableBody>
    </Table>
  );
}
