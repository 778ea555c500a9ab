import { useTranslation } from 'react-i18next';

function traitText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Profile traits as key/value rows, keys sorted; nested values shown as compact JSON. */
export function TraitsTable({ traits }: { traits: Record<string, unknown> }) {
  const { t } = useTranslation();
  const entries = Object.entries(traits).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <p className="text-sm text-zinc-500 dark:text-zinc-400">{t('profile.noTraits')}</p>;
  return (
    <dl className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800" data-testid="traits-table">
      {entries.map(([key, value]) => (
        <div key={key} className="grid grid-cols-[minmax(0,2fr)_minmax(0,3fr)] gap-3 py-2 first:pt-0 last:pb-0">
          <dt className="truncate font-mono text-xs text-zinc-500 dark:text-zinc-400" dir="ltr" title={key}>
            {key}
          </dt>
          <dd className="break-words text-zinc-900 dark:text-zinc-100">{traitText(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
