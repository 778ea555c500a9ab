import { useEffect, useId, useRef, useState } from 'react';
import { ChevronDown, FileSpreadsheet } from 'lucide-react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CdpImport } from '@stratum/contracts';
import { importKeys, isImportActive, useImportProgress } from '@/api/cdpImports';
import { sourceKeys } from '@/api/cdpSources';
import { Badge, type BadgeProps } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { useImportsText } from '@/i18n/importsText';
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from '@/components/ui/table';
import { useLocale } from '@/hooks/useLocale';
import { shortId } from '@/lib/cdp';
import { cn, formatDate, formatNumber, formatPercent, formatRelative } from '@/lib/utils';
import { RejectionReason } from './RejectionReason';

const STATUS_TONES: Record<CdpImport['status'], NonNullable<BadgeProps['tone']>> = {
  queued: 'neutral',
  running: 'accent',
  completed: 'success',
  failed: 'danger',
  duplicate: 'warning',
};

const BAR_COLOURS: Record<CdpImport['status'], string> = {
  queued: 'bg-zinc-400',
  running: 'bg-indigo-500',
  completed: 'bg-emerald-500',
  failed: 'bg-red-500',
  duplicate: 'bg-amber-400',
};

export function ImportJobsList({ imports, sourceNames }: { imports: CdpImport[]; sourceNames: ReadonlyMap<string, string> }) {
  return (
    <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="import-jobs">
      {imports.map((job) => (
        <ImportJobRow key={job.id} listed={job} sourceName={job.source_id ? (sourceNames.get(job.source_id) ?? null) : null} />
      ))}
    </ul>
  );
}

/** One import; while it is queued or running its progress is polled every second. */
function ImportJobRow({ listed, sourceName }: { listed: CdpImport; sourceName: string | null }) {
  const { t } = useTranslation();
  const importsText = useImportsText();
  const locale = useLocale();
  const queryClient = useQueryClient();
  const progress = useImportProgress(listed);
  const job = isImportActive(listed.status) ? progress.data : listed;
  // Refused rows and notes on rows imported all the same are listed, and counted, apart.
  const failedRows = job.errors.filter((entry) => !entry.imported);
  const notes = job.errors.filter((entry) => entry.imported);
  const wasActive = useRef(isImportActive(job.status));

  // When a polled import finishes, refresh the list (and the sources, whose event counts it changed).
  useEffect(() => {
    if (wasActive.current && !isImportActive(job.status)) {
      void queryClient.invalidateQueries({ queryKey: importKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: sourceKeys.all });
    }
    wasActive.current = isImportActive(job.status);
  }, [job.status, queryClient]);

  const percent = job.status === 'completed' ? 100 : Math.max(0, Math.min(100, job.percent));
  const meta = [
    t(`collection.imports.kinds.${job.kind}`),
    t(`collection.imports.formats.${job.format}`),
    sourceName,
    t('collection.imports.jobs.uploaded', { date: formatRelative(job.created_at, locale) }),
  ].filter(Boolean);

  return (
    <li className="px-5 py-4" data-testid="import-job" data-status={job.status} data-import-id={job.id}>
      <div className="flex flex-col gap-3 lg:flex-row lg:items-center">
        <div className="flex min-w-0 flex-1 items-start gap-3">
          <FileSpreadsheet className="mt-0.5 size-5 shrink-0 text-zinc-400" aria-hidden />
          <div className="min-w-0">
            <p className="truncate text-sm font-medium text-zinc-900 dark:text-zinc-100" dir="auto" title={job.filename}>
              {job.filename}
            </p>
            <p className="text-xs text-zinc-500 dark:text-zinc-400" title={formatDate(job.created_at, locale)}>
              {meta.join(' · ')}
            </p>
          </div>
        </div>
        <div className="flex shrink-0 flex-wrap items-center gap-x-4 gap-y-2 lg:w-[30rem]">
          <Badge tone={STATUS_TONES[job.status]} data-testid="import-status">
            {t(`collection.imports.statuses.${job.status}`)}
          </Badge>
          <div className="min-w-32 flex-1">
            <div
              role="progressbar"
              aria-label={t('collection.imports.jobs.progressOf', { file: job.filename })}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(percent)}
              className="h-2 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800"
            >
              <div className={cn('h-full rounded-full transition-[width] duration-500', BAR_COLOURS[job.status])} style={{ width: `${percent}%` }} />
            </div>
            <p className="mt-1 text-xs tabular-nums text-zinc-500 dark:text-zinc-400" data-testid="import-counts">
              {t('collection.imports.jobs.counts', {
                percent: formatPercent(percent / 100, locale, 0),
                processed: formatNumber(job.rows_processed, locale),
                ok: formatNumber(job.rows_ok, locale),
                failed: formatNumber(job.rows_failed, locale),
              })}
              {job.rows_duplicate > 0 ? ` (${importsText('alreadyPresent', { rows: formatNumber(job.rows_duplicate, locale) })})` : null}
            </p>
          </div>
        </div>
      </div>

      {job.status === 'duplicate' ? (
        <p className="mt-2 text-sm text-amber-800 dark:text-amber-300" data-testid="import-duplicate">
          {t('collection.imports.jobs.duplicate', { id: job.duplicate_of ? shortId(job.duplicate_of) : '—' })}
        </p>
      ) : null}
      {job.status === 'failed' && job.failure_reason ? (
        <p className="mt-2 text-sm text-red-700 dark:text-red-300" role="alert">
          {t('collection.imports.jobs.failed', { reason: job.failure_reason })}
        </p>
      ) : null}
      <ReportRows
        entries={failedRows}
        tone="error"
        toggleLabel={(open) =>
          open ? t('collection.imports.jobs.hideErrors') : t('collection.imports.jobs.showErrors', { total: formatNumber(failedRows.length, locale) })
        }
        title={t('collection.imports.jobs.errorsTitle', { file: job.filename })}
        heading={t('collection.imports.jobs.problem')}
        truncated={
          job.rows_failed > failedRows.length
            ? t('collection.imports.jobs.errorsTruncated', { shown: formatNumber(failedRows.length, locale), total: formatNumber(job.rows_failed, locale) })
            : null
        }
        testId="import-error"
      />
      <ReportRows
        entries={notes}
        tone="note"
        toggleLabel={(open) => (open ? importsText('hideNotes') : importsText('showNotes', { total: formatNumber(notes.length, locale) }))}
        title={importsText('notesTitle', { file: job.filename })}
        heading={importsText('note')}
        truncated={null}
        testId="import-note"
      />
    </li>
  );
}

type ReportEntry = CdpImport['errors'][number];

/** A folded table of report rows: the rows refused, or the notes on rows imported all the same. */
function ReportRows({
  entries,
  tone,
  toggleLabel,
  title,
  heading,
  truncated,
  testId,
}: {
  entries: ReportEntry[];
  tone: 'error' | 'note';
  toggleLabel: (open: boolean) => string;
  title: string;
  heading: string;
  truncated: string | null;
  /** The rows are `{testId}-row`, the list `{testId}s` and its toggle `{testId}s-toggle`. */
  testId: string;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [open, setOpen] = useState(false);
  const id = useId();
  if (entries.length === 0) return null;
  return (
    <div className="mt-2">
      <Button
        variant="ghost"
        size="sm"
        className="-ms-3"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((was) => !was)}
        data-testid={`${testId}s-toggle`}
      >
        <ChevronDown className={cn('transition-transform', open && 'rotate-180')} aria-hidden />
        {toggleLabel(open)}
      </Button>
      {open ? (
        <div id={id} className="mt-2 rounded-lg border border-zinc-200 dark:border-zinc-800" data-testid={`${testId}s`}>
          <Table aria-label={title}>
            <TableHead>
              <tr>
                <TableHeaderCell className="w-24">{t('collection.imports.jobs.row')}</TableHeaderCell>
                <TableHeaderCell>{heading}</TableHeaderCell>
              </tr>
            </TableHead>
            <TableBody>
              {entries.map((entry, index) => (
                <TableRow key={`${index}-${entry.row}`} data-testid={`${testId}-row`}>
                  <TableCell className="tabular-nums">{formatNumber(entry.row, locale)}</TableCell>
                  <TableCell className={tone === 'error' ? 'text-red-700 dark:text-red-300' : 'text-amber-800 dark:text-amber-300'}>
                    {tone === 'error' ? <RejectionReason code={entry.code} detail={entry.message} /> : entry.message}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {truncated ? (
            <p className="border-t border-zinc-100 px-4 py-2 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">{truncated}</p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
