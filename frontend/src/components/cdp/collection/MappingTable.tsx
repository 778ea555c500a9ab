import { useTranslation } from 'react-i18next';
import { Input, Select } from '@/components/ui/input';
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from '@/components/ui/table';
import { CONSENT_TARGETS, IDENTIFIER_TARGETS, keyFor, type MappingRow, type TargetChoice } from '@/lib/importMapping';

interface MappingTableProps {
  rows: MappingRow[];
  onChange: (rows: MappingRow[]) => void;
  /** An example value per column, from the first rows of the file. */
  samples: Record<string, string>;
  /** Columns whose property/trait key is not valid (shown once the user tried to import). */
  invalidKeys: ReadonlySet<string>;
  disabled?: boolean;
}

const takesKey = (target: TargetChoice) => target === 'properties' || target === 'traits';

/** Each column of the file → where it goes: a select of targets, plus the key for properties and traits. */
export function MappingTable({ rows, onChange, samples, invalidKeys, disabled }: MappingTableProps) {
  const { t } = useTranslation();

  const update = (index: number, change: Partial<MappingRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));

  return (
    <Table data-testid="mapping-table">
      <TableHead>
        <tr>
          <TableHeaderCell>{t('collection.imports.mapping.column')}</TableHeaderCell>
          <TableHeaderCell className="hidden md:table-cell">{t('collection.imports.mapping.sample')}</TableHeaderCell>
          <TableHeaderCell>{t('collection.imports.mapping.target')}</TableHeaderCell>
          <TableHeaderCell>{t('collection.imports.mapping.key')}</TableHeaderCell>
        </tr>
      </TableHead>
      <TableBody>
        {rows.map((row, index) => {
          const invalid = invalidKeys.has(row.column);
          return (
            <TableRow key={`${index}-${row.column}`} data-testid="mapping-row" data-column={row.column}>
              <TableCell>
                <code dir="ltr" className="font-mono text-xs font-medium text-zinc-900 dark:text-zinc-100">
                  {row.column}
                </code>
              </TableCell>
              <TableCell className="hidden max-w-48 truncate text-xs text-zinc-500 md:table-cell dark:text-zinc-400" title={samples[row.column]}>
                <span dir="auto">{samples[row.column] ?? '—'}</span>
              </TableCell>
              <TableCell className="min-w-52">
                <Select
                  value={row.target}
                  disabled={disabled}
                  aria-label={t('collection.imports.mapping.targetFor', { column: row.column })}
                  data-testid="mapping-target"
                  onChange={(event) => {
                    const target = event.currentTarget.value as TargetChoice;
                    update(index, { target, key: takesKey(target) && !row.key ? keyFor(row.column) : row.key });
                  }}
                >
                  <optgroup label={t('collection.imports.mapping.groups.event')}>
                    <option value="event_name">{t('collection.imports.mapping.targets.event_name')}</option>
                    <option value="event_time">{t('collection.imports.mapping.targets.event_time')}</option>
                    <option value="idempotency_key">{t('collection.imports.mapping.targets.idempotency_key')}</option>
                  </optgroup>
                  <optgroup label={t('collection.imports.mapping.groups.identifier')}>
                    {IDENTIFIER_TARGETS.map((type) => (
                      <option key={type} value={`identifier.${type}`}>
                        {t(`cdp.identifierTypes.${type}`)}
                      </option>
                    ))}
                  </optgroup>
                  <optgroup label={t('collection.imports.mapping.groups.data')}>
                    <option value="properties">{t('collection.imports.mapping.targets.properties')}</option>
                    <option value="traits">{t('collection.imports.mapping.targets.traits')}</option>
                  </optgroup>
                  <optgroup label={t('collection.imports.mapping.groups.consent')}>
                    {CONSENT_TARGETS.map((type) => (
                      <option key={type} value={`consent.${type}`}>
                        {t(`cdp.consentTypes.${type}`)}
                      </option>
                    ))}
                  </optgroup>
                  <option value="ignore">{t('collection.imports.mapping.targets.ignore')}</option>
                </Select>
              </TableCell>
              <TableCell className="min-w-40">
                {takesKey(row.target) ? (
                  <Input
                    value={row.key}
                    dir="ltr"
                    disabled={disabled}
                    className="font-mono text-xs"
                    aria-label={t('collection.imports.mapping.keyFor', { column: row.column })}
                    aria-invalid={invalid ? true : undefined}
                    data-testid="mapping-key"
                    onChange={(event) => update(index, { key: event.currentTarget.value })}
                  />
                ) : (
                  <span className="text-xs text-zinc-400">—</span>
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
