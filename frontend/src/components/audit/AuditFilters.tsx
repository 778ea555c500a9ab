import { useId } from 'react';
import { X } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';

export interface AuditFilterValues {
  action: string;
  resourceType: string;
  /** Calendar days (yyyy-mm-dd) as the date inputs give them; turned into instants by `toAuditQuery`. */
  from: string;
  to: string;
}

export const EMPTY_AUDIT_FILTERS: AuditFilterValues = { action: '', resourceType: '', from: '', to: '' };

/** Actions the backend writes today; suggestions only, any action name can be typed. */
const KNOWN_ACTIONS = [
  'auth.login',
  'user.create',
  'user.update',
  'user.delete',
  'tenant.create',
  'tenant.update',
  'tenant.feature_flags.update',
];
const KNOWN_RESOURCES = ['user', 'tenant', 'auth'];

interface AuditFiltersProps {
  value: AuditFilterValues;
  onChange: (value: AuditFilterValues) => void;
}

export function AuditFilters({ value, onChange }: AuditFiltersProps) {
  const { t } = useTranslation();
  const id = useId();
  const set = (patch: Partial<AuditFilterValues>) => onChange({ ...value, ...patch });
  const active = Object.values(value).some((v) => v !== '');

  return (
    <div className="grid gap-3 border-b border-zinc-100 p-4 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_auto_auto_auto] lg:items-end dark:border-zinc-800">
      <div className="space-y-1.5">
        <Label htmlFor={`${id}-action`}>{t('audit.action')}</Label>
        <Input
          id={`${id}-action`}
          list={`${id}-actions`}
          placeholder={t('audit.actionPlaceholder')}
          value={value.action}
          onChange={(event) => set({ action: event.target.value })}
          data-testid="audit-filter-action"
        />
      </div>
      <div className="space-y-1.5">
        <Label htmlFor={`${id}-resource`}>{t('audit.resourceType')}</Label>
        <Input
          id={`${id}-resource`}
          list={`${id}-resources`}
          placeholder={t('audit.resourcePlaceholder')}
          value={value.resourceType}
          onChange={(event) => set({ resourceType: event.target.value })}
        />
      </div>
      <div className="space-y-1.5">
        <Label htmlFor={`${id}-from`}>{t('audit.from')}</Label>
        <Input id={`${id}-from`} type="date" value={value.from} max={value.to || undefined} onChange={(event) => set({ from: event.target.value })} />
      </div>
      <div className="space-y-1.5">
        <Label htmlFor={`${id}-to`}>{t('audit.to')}</Label>
        <Input id={`${id}-to`} type="date" value={value.to} min={value.from || undefined} onChange={(event) => set({ to: event.target.value })} />
      </div>
      <Button variant="ghost" onClick={() => onChange(EMPTY_AUDIT_FILTERS)} disabled={!active}>
        <X aria-hidden />
        {t('audit.clear')}
      </Button>
      {/* Outside the field columns: Tailwind's space-y would otherwise add a margin under the inputs. */}
      <datalist id={`${id}-actions`}>
        {KNOWN_ACTIONS.map((action) => (
          <option key={action} value={action} />
        ))}
      </datalist>
      <datalist id={`${id}-resources`}>
        {KNOWN_RESOURCES.map((resource) => (
          <option key={resource} value={resource} />
        ))}
      </datalist>
    </div>
  );
}

/** Day boundaries are the user's local midnight, sent as UTC instants (the API takes ISO 8601 with offset). */
export function dayStart(day: string): string | undefined {
  return day ? new Date(`${day}T00:00:00`).toISOString() : undefined;
}

export function dayEnd(day: string): string | undefined {
  return day ? new Date(`${day}T23:59:59.999`).toISOString() : undefined;
}
