import { useId, useRef, useState, type DragEvent } from 'react';
import { FileText, UploadCloud, X } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { useLocale } from '@/hooks/useLocale';
import { cn, formatNumber } from '@/lib/utils';

interface FileDropZoneProps {
  file: File | null;
  onFile: (file: File | null) => void;
  accept: string;
  /** A short description of the file under its name, e.g. "12 KB · CSV". */
  details?: string;
  error?: string | null;
  disabled?: boolean;
}

export function formatBytes(bytes: number, locale: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // Bytes in full (`235 bytes`: the short form reads `235 byte`), larger units short (`1.2 kB`).
  return formatNumber(value, locale, {
    style: 'unit',
    unit: units[unit],
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  });
}

/**
 * A file input that also takes a dropped file. The native input stays in the page (visually hidden, not
 * `display: none`) so keyboards, screen readers and automation reach it.
 */
export function FileDropZone({ file, onFile, accept, details, error, disabled }: FileDropZoneProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);

  const onDrop = (event: DragEvent<HTMLLabelElement>) => {
    event.preventDefault();
    setDragging(false);
    if (disabled) return;
    const dropped = event.dataTransfer.files[0];
    if (dropped) onFile(dropped);
  };

  const choose = () => input.current?.click();

  return (
    <div className="space-y-1.5">
      <input
        ref={input}
        id={id}
        type="file"
        accept={accept}
        className="peer sr-only"
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        aria-label={t('collection.imports.upload.fileLabel')}
        data-testid="import-file-input"
        onChange={(event) => {
          const chosen = event.currentTarget.files?.[0] ?? null;
          // Reset so choosing the same file again still fires a change.
          event.currentTarget.value = '';
          if (chosen) onFile(chosen);
        }}
      />
      {file ? (
        <div className="flex items-center gap-3 rounded-lg border border-zinc-200 bg-zinc-50 p-3 dark:border-zinc-800 dark:bg-zinc-900/60" data-testid="import-file">
          <span className="flex size-10 shrink-0 items-center justify-center rounded-md bg-white text-indigo-600 ring-1 ring-zinc-200 dark:bg-zinc-800 dark:text-indigo-400 dark:ring-zinc-700">
            <FileText className="size-5" aria-hidden />
          </span>
          <div className="min-w-0 flex-1">
            <p className="truncate text-sm font-medium text-zinc-900 dark:text-zinc-100" dir="auto">
              {file.name}
            </p>
            <p className="text-xs text-zinc-500 dark:text-zinc-400">{details ?? formatBytes(file.size, locale)}</p>
          </div>
          <Button variant="secondary" size="sm" onClick={choose} disabled={disabled}>
            {t('collection.imports.upload.change')}
          </Button>
          <Button variant="ghost" size="icon" className="size-8" onClick={() => onFile(null)} disabled={disabled} aria-label={t('collection.imports.upload.remove')}>
            <X aria-hidden />
          </Button>
        </div>
      ) : (
        <label
          htmlFor={id}
          onDragOver={(event) => {
            event.preventDefault();
            if (!disabled) setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          className={cn(
            'flex cursor-pointer flex-col items-center justify-center gap-2 rounded-lg border-2 border-dashed px-6 py-8 text-center transition-colors',
            'peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-indigo-500',
            dragging
              ? 'border-indigo-500 bg-indigo-50 dark:bg-indigo-500/10'
              : 'border-zinc-300 hover:border-indigo-400 hover:bg-zinc-50 dark:border-zinc-700 dark:hover:border-indigo-500 dark:hover:bg-zinc-900',
            error && 'border-red-400 dark:border-red-500/60',
          )}
          data-testid="import-drop-zone"
        >
          <UploadCloud className="size-8 text-zinc-400" aria-hidden />
          <span className="text-sm text-zinc-700 dark:text-zinc-300">
            {t('collection.imports.upload.drop')}{' '}
            <span className="font-medium text-indigo-600 underline-offset-4 hover:underline dark:text-indigo-400">{t('collection.imports.upload.browse')}</span>
          </span>
          <span className="text-xs text-zinc-500 dark:text-zinc-400">{t('collection.imports.upload.formatsHint')}</span>
        </label>
      )}
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-xs font-medium text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
