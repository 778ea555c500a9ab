import { useId } from 'react';
import { X } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { Source } from '@stratum/contracts';
import { Button } from '@/components/ui/button';
import { Input, Select } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { withZone } from '@/lib/cdp';

export interface EventFilterValues {
  eventName: string;
  sourceId: string;
  /** Calendar days (yyyy-mm-dd) from the date inputs. */
  from: string;
  to: string;
}

export const EMPTY_EVENT_FILTERS: EventFilterValues = { eventName: '', sourceId: '', from: '', to: '' };

interface EventFiltersProps {
  value: EventFilterValues;
  onChange: (value: EventFilterValues) => void;
  sources: Source[];
  /** Names the tenant's events had lately, offered as the name is typed: the filter matches a name exactly. */
  eventNames?: string[];
  /** The zone whose days the dates mean (the tenant's), named beside them when not the browser's. */
  timeZone?: string;
}

export function EventFilters({ value, onChange, sources, eventNames = [], timeZone }: EventFiltersProps) {
  const { t } = useTranslation();
  const id = useId();
  const set = (patch: Partial<EventFilterValues>) => onChange({ ...value, ...patch });
  const active = Object.values(value).some((v) => v !== '');

  return (
    <div className="grid gap-3 border-b border-zinc-100 p-4 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_auto_auto_auto] lg:items-end dark:border-zinc-800">
      <div className="space-y-1.5">
        {/* First: spacing goes below every child but the last, and the input must stay last to line up. */}
        <datalist id={`${id}-names`} data-testid="event-name-suggestions">
          {eventNames.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <Label htmlFor={`${id}-name`}>{t('events.eventName')}</Label>
        <Input
          id={`${id}-name`}
          placeholder={t('events.eventNamePlaceholder')}
          value={value.eventName}
          onChange={(event) => set({ eventName: event.target.value })}
          list={`${id}-names`}
          autoComplete="off"
          data-testid="event-filter-name"
        />
      </div>
      <div className="space-y-1.5">
        <Label htmlFor={`${id}-source`}>{t('events.source')}</Label>
        <Select id={`${id}-source`} value={value.sourceId} onChange={(event) => set({ sourceId: event.target.value })}>
          <option value="">{t('events.allSources')}</option>
          {sources.map((source) => (
            <option key={source.id} value={source.id}>
              {source.name}
            </option>
          ))}
        </Select>
      </div>
      <div className="space-y-1.5">
        <Label htmlFor={`${id}-from`}>{withZone(t('events.from'), timeZone)}</Label>
        <Input id={`${id}-from`} type="date" value={value.from} max={value.to || undefined} onChange={(event) => set({ from: event.target.value })} />
      </div>
      <div className="space-y-1.5">
        <Label htmlFor={`${id}-to`}>{withZone(t('events.to'), timeZone)}</Label>
        <Input id={`${id}-to`} type="date" value={value.to} min={value.from || undefined} onChange={(event) => set({ to: event.target.value })} />
      </div>
      <Button variant="ghost" onClick={() => onChange(EMPTY_EVENT_FILTERS)} disabled={!active}>
        <X aria-hidden />
        {t('common.clearFilters')}
      </Button>
    </div>
  );
}
