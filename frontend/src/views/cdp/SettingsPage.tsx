import { useEffect, useMemo } from 'react';
import { useFieldArray, useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Plus, Trash2 } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { CdpSettingsView } from '@stratum/contracts';
import { useCdpSettings, useSaveCdpSettings } from '@/api/cdpSettings';
import { fromForm, settingsFormSchema, timeZoneOptions, toForm, type SettingsForm } from '@/components/cdp/settings/settingsForm';
import { ErrorState } from '@/components/common/ErrorState';
import { LoadingSpinner } from '@/components/common/LoadingSpinner';
import { PageHeader } from '@/components/common/PageHeader';
import { RequireActiveTenant } from '@/components/layout/RouteGuards';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { FormField } from '@/components/ui/form-field';
import { Input, Select, Textarea } from '@/components/ui/input';
import { SwitchField } from '@/components/ui/switch-field';
import { useAuth } from '@/contexts/AuthContext';
import { settingsEn } from '@/i18n/settings.en';
import { useSettingsText } from '@/i18n/settingsText';
import { errorMessage, useToast } from '@/hooks/useToast';
import { fieldErrorMessage, setServerFieldErrors, zodOptions } from '@/lib/validation';

/**
 * The tenant's own CDP settings: region, currency and rates, time zone, churn, blocked identifier values, merge
 * protection, and whether browsers need consent before collecting.
 */
export function SettingsPage() {
  return (
    <RequireActiveTenant>
      <CdpSettings />
    </RequireActiveTenant>
  );
}

function CdpSettings() {
  const t = useSettingsText();
  const settings = useCdpSettings();
  return (
    <>
      <PageHeader title={t('title')} description={t('subtitle')} />
      {settings.isPending ? (
        <LoadingSpinner />
      ) : settings.isError ? (
        <ErrorState title={t('loadError')} error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <SettingsEditor saved={settings.data} />
      )}
    </>
  );
}

const upper = (value: unknown) => String(value ?? '').trim().toUpperCase();
const FORM_FIELDS = ['default_phone_region', 'currency', 'currency_rates', 'timezone', 'churn_days', 'blocked_values', 'identifier_limits', 'require_consent'] as const;
const LIMITED_TYPES = [
  ['external_id', 'limitExternalId'],
  ['email', 'limitEmail'],
  ['phone', 'limitPhone'],
] as const;

/** The API's field error codes this page words itself. */
const SERVER_ERRORS = settingsEn.serverErrors;

function SettingsEditor({ saved }: { saved: CdpSettingsView }) {
  const t = useSettingsText();
  const { t: tc } = useTranslation();
  const toast = useToast();
  const { hasPermission } = useAuth();
  const canEdit = hasPermission('cdp:admin');
  const save = useSaveCdpSettings();
  const form = useForm<SettingsForm>({ resolver: zodResolver(settingsFormSchema, zodOptions), defaultValues: toForm(saved) });
  const rates = useFieldArray({ control: form.control, name: 'currency_rates' });
  const { errors } = form.formState;
  const zones = useMemo(() => timeZoneOptions(saved.timezone), [saved.timezone]);
  useEffect(() => form.reset(toForm(saved)), [form, saved]);

  const onSubmit = form.handleSubmit((values) => {
    save.mutate(fromForm(values), {
      onSuccess: () => toast.success(t('savedToast')),
      onError: (error) => {
        const translate = (code: string) => (code in SERVER_ERRORS ? t(`serverErrors.${code as keyof typeof SERVER_ERRORS}`) : undefined);
        if (!setServerFieldErrors(form.setError, error, FORM_FIELDS, translate)) toast.error(errorMessage(error, tc));
      },
    });
  });

  return (
    <form noValidate onSubmit={(event) => void onSubmit(event)}>
      <fieldset disabled={!canEdit || save.isPending} className="space-y-6">
        {canEdit ? null : <p className="text-sm text-zinc-500 dark:text-zinc-400">{t('readOnly')}</p>}
        <Card className="grid gap-4 p-5 sm:grid-cols-3">
          <h2 className="text-sm font-semibold text-zinc-900 sm:col-span-3 dark:text-zinc-100">{t('regional')}</h2>
          <FormField label={t('phoneRegion')} hint={t('phoneRegionHint')} error={fieldErrorMessage(errors.default_phone_region)}>
            <Input dir="ltr" className="uppercase" maxLength={2} autoComplete="off" {...form.register('default_phone_region', { setValueAs: upper })} />
          </FormField>
          <FormField
            label={t('currency')}
            // Revenue is stored as counted: a new currency relabels what was counted before, it does not convert it.
            hint={form.watch('currency') !== saved.currency ? t('currencyChangeHint', { currency: saved.currency }) : t('currencyHint')}
            error={fieldErrorMessage(errors.currency)}
          >
            <Input dir="ltr" className="uppercase" maxLength={3} autoComplete="off" {...form.register('currency', { setValueAs: upper })} />
          </FormField>
          <FormField label={t('timeZone')} hint={t('timeZoneHint')} error={fieldErrorMessage(errors.timezone)}>
            <Select dir="ltr" {...form.register('timezone')}>
              {zones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </Select>
          </FormField>
        </Card>

        <Card className="space-y-3 p-5">
          <div>
            <h2 className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">{t('rates')}</h2>
            <p className="text-xs text-zinc-500 dark:text-zinc-400">{t('ratesHint', { currency: form.watch('currency') })}</p>
          </div>
          {rates.fields.map((row, index) => (
            <div key={row.id} className="flex items-end gap-3" data-testid="currency-rate-row">
              <FormField className="w-32" label={t('rateCurrency')} error={fieldErrorMessage(errors.currency_rates?.[index]?.currency)}>
                <Input dir="ltr" className="uppercase" maxLength={3} autoComplete="off" {...form.register(`currency_rates.${index}.currency`, { setValueAs: upper })} />
              </FormField>
              <FormField className="w-40" label={t('rate')} error={fieldErrorMessage(errors.currency_rates?.[index]?.rate)}>
                <Input dir="ltr" type="number" step="any" min="0" {...form.register(`currency_rates.${index}.rate`, { valueAsNumber: true })} />
              </FormField>
              <Button type="button" variant="ghost" size="icon" aria-label={t('removeRate')} onClick={() => rates.remove(index)}>
                <Trash2 className="size-4" aria-hidden />
              </Button>
            </div>
          ))}
          {errors.currency_rates?.message ? (
            <p role="alert" className="text-xs font-medium text-red-600 dark:text-red-400">
              {errors.currency_rates.message}
            </p>
          ) : null}
          <Button type="button" variant="secondary" size="sm" onClick={() => rates.append({ currency: '', rate: Number.NaN })}>
            <Plus className="size-4" aria-hidden />
            {t('addRate')}
          </Button>
        </Card>

        <Card className="grid gap-4 p-5 sm:grid-cols-3">
          <h2 className="text-sm font-semibold text-zinc-900 sm:col-span-3 dark:text-zinc-100">{t('profiles')}</h2>
          <FormField label={t('churnDays')} hint={t('churnDaysHint')} error={fieldErrorMessage(errors.churn_days)}>
            <Input dir="ltr" type="number" min={1} max={3650} {...form.register('churn_days', { valueAsNumber: true })} />
          </FormField>
          <FormField className="sm:col-span-2" label={t('blockedValues')} hint={t('blockedValuesHint')} error={fieldErrorMessage(errors.blocked_values)}>
            <Textarea dir="ltr" rows={4} {...form.register('blocked_values')} />
          </FormField>
        </Card>

        <Card className="grid gap-4 p-5 sm:grid-cols-3">
          <div className="sm:col-span-3">
            <h2 className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">{t('mergeProtection')}</h2>
            <p className="text-xs text-zinc-500 dark:text-zinc-400">{t('mergeProtectionHint')}</p>
          </div>
          {LIMITED_TYPES.map(([type, label]) => (
            <FormField key={type} label={t(label)} error={fieldErrorMessage(errors.identifier_limits?.[type])}>
              <Input dir="ltr" type="number" min={1} max={100} {...form.register(`identifier_limits.${type}`, { valueAsNumber: true })} />
            </FormField>
          ))}
        </Card>

        <Card className="space-y-3 p-5">
          <h2 className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">{t('collection')}</h2>
          <SwitchField control={form.control} name="require_consent" label={t('requireConsent')} hint={t('requireConsentHint')} />
        </Card>

        {canEdit ? (
          <div className="flex justify-end">
            <Button type="submit" data-testid="save-cdp-settings">
              {save.isPending ? tc('common.saving') : tc('common.save')}
            </Button>
          </div>
        ) : null}
      </fieldset>
    </form>
  );
}
