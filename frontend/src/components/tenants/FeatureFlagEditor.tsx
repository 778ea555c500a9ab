import { useState, type FormEvent } from 'react';
import { Plus, Trash2 } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { featureFlagsPatchSchema, type FeatureFlagsPatch, type Tenant } from '@stratum/contracts';
import { useUpdateFeatureFlags } from '@/api/tenants';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Switch } from '@/components/ui/switch';
import { useToast } from '@/hooks/useToast';

/**
 * Edits one tenant's feature flags: a switch per flag, add by name, remove.
 * Each change is one PATCH of just that flag (`null` removes), so two admins editing different flags never
 * overwrite each other; the tenant the API returns becomes the new state.
 */
export function FeatureFlagEditor({ tenant }: { tenant: Tenant }) {
  const { t } = useTranslation();
  const toast = useToast();
  const updateFlags = useUpdateFeatureFlags();
  const [flags, setFlags] = useState<Record<string, boolean>>(tenant.feature_flags);
  const [newFlag, setNewFlag] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const names = Object.keys(flags).sort((a, b) => a.localeCompare(b));

  const patch = (change: FeatureFlagsPatch) =>
    updateFlags.mutate(
      { id: tenant.id, flags: change },
      {
        onSuccess: (updated) => {
          setFlags(updated.feature_flags);
          toast.success(t('tenants.flagsUpdated'));
        },
        onError: (error) => toast.apiError(error),
      },
    );

  const addFlag = (event: FormEvent) => {
    event.preventDefault();
    const name = newFlag.trim();
    // The contract's own key rule decides what a valid flag name is.
    if (!featureFlagsPatchSchema.safeParse({ [name]: true }).success) return setNameError(t('validation.flagName'));
    if (name in flags) return setNameError(t('validation.flagExists'));
    setNameError(null);
    setNewFlag('');
    patch({ [name]: true });
  };

  return (
    <div className="space-y-4" data-testid="feature-flag-editor">
      {names.length === 0 ? (
        <p className="rounded-lg border border-dashed border-zinc-300 p-4 text-center text-sm text-zinc-500 dark:border-zinc-700">
          {t('tenants.noFlags')}
        </p>
      ) : (
        <ul className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
          {names.map((name) => (
            <li key={name} className="flex items-center justify-between gap-3 px-3 py-2.5">
              <label htmlFor={`flag-${name}`} className="font-mono text-sm text-zinc-800 dark:text-zinc-200" dir="ltr">
                {name}
              </label>
              <div className="flex items-center gap-2">
                <Switch
                  id={`flag-${name}`}
                  checked={flags[name] === true}
                  disabled={updateFlags.isPending}
                  onCheckedChange={(checked) => patch({ [name]: checked })}
                />
                <Button
                  variant="ghost"
                  size="icon"
                  className="size-8 hover:text-red-600"
                  aria-label={t('tenants.removeFlag', { flag: name })}
                  disabled={updateFlags.isPending}
                  onClick={() => patch({ [name]: null })}
                >
                  <Trash2 aria-hidden />
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={addFlag} noValidate className="space-y-1.5">
        <label htmlFor="new-flag" className="text-sm font-medium text-zinc-700 dark:text-zinc-300">
          {t('tenants.flagName')}
        </label>
        <div className="flex gap-2">
          <Input
            id="new-flag"
            dir="ltr"
            className="font-mono"
            placeholder={t('tenants.flagPlaceholder')}
            value={newFlag}
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? 'new-flag-error' : undefined}
            onChange={(event) => setNewFlag(event.target.value)}
          />
          <Button type="submit" variant="secondary" disabled={updateFlags.isPending || newFlag.trim() === ''}>
            <Plus aria-hidden />
            {t('tenants.addFlag')}
          </Button>
        </div>
        {nameError ? (
          <p id="new-flag-error" role="alert" className="text-xs font-medium text-red-600 dark:text-red-400">
            {nameError}
          </p>
        ) : null}
      </form>
    </div>
  );
}
