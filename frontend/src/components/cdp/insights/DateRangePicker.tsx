import { useId } from 'react';
import { CalendarRange } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Input } from '@/components/ui/input';
import { RANGE_PRESETS, dayIn, type DateRangeValue, type RangePreset } from '@/lib/insights';
import { cn } from '@/lib/utils';

const PRESET_LABELS = { '24h': 'dashboard.range.last24h', '7d': 'dashboard.range.last7d', '30d': 'dashboard.range.last30d' } as const satisfies Record<
  RangePreset,
  string
>;

const DAY = 86_400_000;

interface DateRangePickerProps {
  value: DateRangeValue;
  onChange: (value: DateRangeValue) => void;
  /** The tenant's: its days are the ones picked. */
  timeZone: string;
}

/** Presets as a segmented control (each a toggle button), and two date fields for a custom range. */
export function DateRangePicker({ value, onChange, timeZone }: DateRangePickerProps) {
  const { t } = useTranslation();
  const fromId = useId();
  const toId = useId();
  const today = dayIn(timeZone, Date.now());
  const options: (RangePreset | 'custom')[] = [...RANGE_PRESETS, 'custom'];

  function pick(option: RangePreset | 'custom') {
    if (option !== 'custom') return onChange({ preset: option });
    if (value.preset === 'custom') return;
    onChange({ preset: 'custom', from: dayIn(timeZone, Date.now() - 6 * DAY), to: today });
  }

  return (
    <div className="flex flex-wrap items-center gap-2">
      <div
        role="group"
        aria-label={t('dashboard.range.label')}
        className="inline-flex rounded-lg border border-zinc-200 bg-white p-0.5 shadow-sm dark:border-zinc-700 dark:bg-zinc-900"
        data-testid="date-range"
      >
        {options.map((option) => {
          const selected = value.preset === option;
          return (
            <button
              key={option}
              type="button"
              aria-pressed={selected}
              onClick={() => pick(option)}
              data-testid={`range-${option}`}
              className={cn(
                'inline-flex h-7 items-center gap-1.5 rounded-md px-2.5 text-xs font-medium transition-colors',
                selected
                  ? 'bg-indigo-600 text-white shadow-sm dark:bg-indigo-500'
                  : 'text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100',
              )}
            >
              {option === 'custom' ? <CalendarRange className="size-3.5" aria-hidden /> : null}
              {option === 'custom' ? t('dashboard.range.custom') : t(PRESET_LABELS[option])}
            </button>
          );
        })}
      </div>
      {value.preset === 'custom' ? (
        <div className="flex items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
          <label htmlFor={fromId}>{t('dashboard.range.from')}</label>
          <Input
            id={fromId}
            type="date"
            className="h-8 w-36 text-xs"
            value={value.from}
            max={value.to}
            onChange={(event) => event.target.value && onChange({ ...value, from: event.target.value })}
            data-testid="range-from"
          />
          <label htmlFor={toId}>{t('dashboard.range.to')}</label>
          <Input
            id={toId}
            type="date"
            className="h-8 w-36 text-xs"
            value={value.to}
            min={value.from}
            max={today}
            onChange={(event) => event.target.value && onChange({ ...value, to: event.target.value })}
            data-testid="range-to"
          />
        </div>
      ) : null}
    </div>
  );
}
