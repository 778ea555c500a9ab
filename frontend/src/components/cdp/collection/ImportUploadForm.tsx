import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { Upload } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { IMPORT_KINDS } from '@stratum/contracts';
import { useCreateImport } from '@/api/cdpImports';
import { useSources } from '@/api/cdpSources';
import { CodeBlock } from '@/components/cdp/CodeBlock';
import { FormAlert } from '@/components/common/FormAlert';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Select } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Switch } from '@/components/ui/switch';
import { useLocale } from '@/hooks/useLocale';
import { useImportsText } from '@/i18n/importsText';
import { errorMessage, useToast } from '@/hooks/useToast';
import { ndjsonEventsExample, ndjsonProfilesExample } from '@/lib/collectionSnippets';
import {
  buildMapping,
  formatOfFile,
  guessMapping,
  mappingProblems,
  isNotUtf8,
  previewCsv,
  previewNdjson,
  readFileHead,
  switchKind,
  type FilePreview,
  type ImportFormat,
  type ImportKind,
  type MappingProblem,
  type MappingRow,
} from '@/lib/importMapping';
import { formatPercent } from '@/lib/utils';
import { FileDropZone, formatBytes } from './FileDropZone';
import { MappingTable } from './MappingTable';

const ACCEPT = '.csv,.ndjson,.jsonl,.gz,text/csv,application/x-ndjson,application/gzip';

interface ChosenFile {
  file: File;
  format: ImportFormat | null;
  /** Columns of the CSV header, or field paths of the first NDJSON line; null while reading or unreadable. */
  preview: FilePreview | null;
  error: string | null;
  reading: boolean;
}

/**
 * Upload a CSV or NDJSON file: the header is read in the browser (first 64 KB only, whatever the file's size) to
 * propose a column mapping; the file itself goes up as multipart/form-data.
 */
export function ImportUploadForm({
  initialSourceId = '',
  onUploaded,
}: {
  initialSourceId?: string;
  /** Called once the API has the file (the list shows it on its first page). */
  onUploaded?: () => void;
}) {
  const { t } = useTranslation();
  const importsText = useImportsText();
  const locale = useLocale();
  const toast = useToast();
  const sources = useSources();
  const createImport = useCreateImport();
  const [chosen, setChosen] = useState<ChosenFile | null>(null);
  const [kind, setKind] = useState<ImportKind>('events');
  const [sourceId, setSourceId] = useState(initialSourceId);
  const [rows, setRows] = useState<MappingRow[]>([]);
  const [mapNdjson, setMapNdjson] = useState(false);
  const [attempted, setAttempted] = useState(false);
  const [uploadPercent, setUploadPercent] = useState<number | null>(null);
  const [serverError, setServerError] = useState<string | null>(null);
  // Only the latest chosen file may fill the form: reading is async and the user may pick again meanwhile.
  const readToken = useRef(0);

  const format = chosen?.format ?? null;
  const mappingActive = format === 'csv' || (format === 'ndjson' && mapNdjson && chosen?.preview != null);
  const problems = useMemo(() => (mappingActive ? mappingProblems(rows, kind) : []), [mappingActive, rows, kind]);
  const invalidKeys = useMemo(
    () => new Set(attempted ? problems.flatMap((p) => (p.code === 'invalid_key' ? [p.column] : [])) : []),
    [attempted, problems],
  );

  const chooseFile = (file: File | null) => {
    const token = ++readToken.current;
    setAttempted(false);
    setServerError(null);
    setMapNdjson(false);
    setRows([]);
    if (!file) return setChosen(null);
    const fileFormat = formatOfFile(file.name);
    if (!fileFormat) return setChosen({ file, format: null, preview: null, error: t('collection.imports.upload.badFormat'), reading: false });
    if (file.size === 0) return setChosen({ file, format: fileFormat, preview: null, error: t('collection.imports.upload.emptyFile'), reading: false });
    setChosen({ file, format: fileFormat, preview: null, error: null, reading: true });
    readFileHead(file)
      .then(({ text, complete }) => {
        if (token !== readToken.current) return;
        if (isNotUtf8(text, complete)) return setChosen({ file, format: fileFormat, preview: null, error: importsText('notUtf8'), reading: false });
        const preview = fileFormat === 'csv' ? previewCsv(text, complete) : previewNdjson(text);
        const error = fileFormat === 'csv' && (!preview || preview.columns.length === 0) ? t('collection.imports.upload.noHeader') : null;
        setChosen({ file, format: fileFormat, preview, error, reading: false });
        setRows(preview ? guessMapping(preview.columns, kind) : []);
      })
      .catch(() => {
        if (token !== readToken.current) return;
        setChosen({ file, format: fileFormat, preview: null, error: t('collection.imports.upload.readError'), reading: false });
      });
  };

  const changeKind = (next: ImportKind) => {
    setKind(next);
    setRows((current) => switchKind(current, next));
  };

  const problemText = (problem: MappingProblem) => {
    switch (problem.code) {
      case 'no_identifier':
        return t('collection.imports.mapping.problems.noIdentifier');
      case 'no_event_name':
        return t('collection.imports.mapping.problems.noEventName');
      case 'no_event_time':
        return t('collection.imports.mapping.problems.noEventTime');
      case 'duplicate_target':
        return t('collection.imports.mapping.problems.duplicateTarget', { target: t(`collection.imports.mapping.targets.${problem.target}`) });
      case 'invalid_key':
        return t('collection.imports.mapping.problems.invalidKey', { column: problem.column });
      case 'duplicate_column':
        return importsText('duplicateColumn', { column: problem.column });
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    setServerError(null);
    if (!chosen || chosen.error || chosen.reading || problems.length > 0) return;
    const { file } = chosen;
    setUploadPercent(0);
    createImport.mutate(
      { file, kind, mapping: mappingActive ? buildMapping(rows) : undefined, sourceId: sourceId || undefined, onUploadProgress: setUploadPercent },
      {
        onSuccess: (created) => {
          if (created.status === 'duplicate') toast.success(t('collection.imports.upload.duplicate', { file: created.filename }));
          else toast.success(t('collection.imports.upload.queued', { file: created.filename }));
          chooseFile(null);
          onUploaded?.();
        },
        onError: (error) => {
          const fields = error.fieldErrors();
          setServerError(fields.mapping ?? fields.file ?? fields.kind ?? fields.source_id ?? errorMessage(error, t));
        },
        onSettled: () => setUploadPercent(null),
      },
    );
  };

  const fileDetails = chosen
    ? [formatBytes(chosen.file.size, locale), chosen.format ? t(`collection.imports.formats.${chosen.format}`) : null].filter(Boolean).join(' · ')
    : undefined;
  const missingFile = attempted && !chosen ? t('collection.imports.upload.noFile') : null;
  const pending = createImport.isPending;

  return (
    <form noValidate onSubmit={submit} className="space-y-5" data-testid="import-form">
      <FileDropZone file={chosen?.file ?? null} onFile={chooseFile} accept={ACCEPT} details={fileDetails} error={chosen?.error ?? missingFile} disabled={pending} />

      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label={t('collection.imports.upload.kind')} hint={t(`collection.imports.upload.kindHints.${kind}`)}>
          <Select value={kind} onChange={(event) => changeKind(event.currentTarget.value as ImportKind)} disabled={pending} data-testid="import-kind">
            {IMPORT_KINDS.map((value) => (
              <option key={value} value={value}>
                {t(`collection.imports.kinds.${value}`)}
              </option>
            ))}
          </Select>
        </FormField>
        <FormField label={t('collection.imports.upload.source')} hint={t('collection.imports.upload.sourceHint')}>
          <Select value={sourceId} onChange={(event) => setSourceId(event.currentTarget.value)} disabled={pending} data-testid="import-source">
            <option value="">{t('collection.imports.upload.noSource')}</option>
            {(sources.data?.items ?? []).map((source) => (
              <option key={source.id} value={source.id}>
                {source.name}
              </option>
            ))}
          </Select>
        </FormField>
      </div>

      {format === 'ndjson' && !chosen?.reading ? (
        <NdjsonOptions
          kind={kind}
          mappable={chosen?.preview != null}
          mapFields={mapNdjson}
          onMapFieldsChange={setMapNdjson}
          disabled={pending}
        />
      ) : null}

      {mappingActive && rows.length > 0 ? (
        <section className="space-y-2" aria-labelledby="import-mapping-title">
          <div>
            <h3 id="import-mapping-title" className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">
              {t('collection.imports.mapping.title')}
            </h3>
            <p className="text-xs text-zinc-500 dark:text-zinc-400">{t('collection.imports.mapping.description')}</p>
          </div>
          <div className="rounded-lg border border-zinc-200 dark:border-zinc-800">
            <MappingTable rows={rows} onChange={setRows} samples={chosen?.preview?.samples ?? {}} invalidKeys={invalidKeys} disabled={pending} />
          </div>
        </section>
      ) : null}

      {attempted && problems.length > 0 ? (
        <ul role="alert" className="space-y-1 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950/50 dark:text-red-300" data-testid="mapping-problems">
          {problems.map((problem) => (
            <li key={`${problem.code}-${'column' in problem ? problem.column : 'target' in problem ? problem.target : ''}`}>{problemText(problem)}</li>
          ))}
        </ul>
      ) : null}
      <FormAlert message={serverError ?? undefined} testId="import-server-error" />

      <div className="flex items-center justify-end gap-3">
        {pending && uploadPercent !== null ? (
          <span className="text-sm tabular-nums text-zinc-500 dark:text-zinc-400" aria-live="polite">
            {t('collection.imports.upload.uploading', { percent: formatPercent(uploadPercent / 100, locale, 0) })}
          </span>
        ) : null}
        <Button type="submit" disabled={pending || Boolean(chosen?.error) || Boolean(chosen?.reading)} data-testid="import-submit">
          <Upload aria-hidden />
          {pending ? t('collection.imports.upload.submitting') : t('collection.imports.upload.submit')}
        </Button>
      </div>
    </form>
  );
}

interface NdjsonOptionsProps {
  kind: ImportKind;
  mappable: boolean;
  mapFields: boolean;
  onMapFieldsChange: (value: boolean) => void;
  disabled: boolean;
}

function NdjsonOptions({ kind, mappable, mapFields, onMapFieldsChange, disabled }: NdjsonOptionsProps) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800" data-testid="ndjson-options">
      {mapFields ? null : (
        <>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">{t(`collection.imports.mapping.ndjsonAsIs.${kind}`)}</p>
          <CodeBlock
            code={kind === 'events' ? ndjsonEventsExample() : ndjsonProfilesExample()}
            label={t('collection.imports.mapping.ndjsonExample')}
          />
        </>
      )}
      {mappable ? (
        <div className="flex items-start gap-3">
          <Switch id={id} checked={mapFields} onCheckedChange={onMapFieldsChange} disabled={disabled} data-testid={id} />
          <div>
            <Label htmlFor={id}>{t('collection.imports.mapping.mapFields')}</Label>
            <p className="text-xs text-zinc-500 dark:text-zinc-400">{t('collection.imports.mapping.mapFieldsHint')}</p>
          </div>
        </div>
      ) : (
        <p className="text-xs text-amber-700 dark:text-amber-300">{t('collection.imports.mapping.ndjsonUnreadable')}</p>
      )}
    </div>
  );
}
