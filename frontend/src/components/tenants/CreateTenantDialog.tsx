import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { PLANS, tenantCreateSchema, type TenantCreate } from '@stratum/contracts';
import { useCreateTenant } from '@/api/tenants';
import { FormDialogFooter } from '@/components/common/FormDialogFooter';
import { Dialog } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { Input, Select } from '@/components/ui/input';
import { errorMessage, useToast } from '@/hooks/useToast';
import { fieldErrorMessage, setServerFieldErrors, zodOptions } from '@/lib/validation';

const EMPTY: TenantCreate = { name: '', slug: '', plan: 'free' };

/** Suggests a slug from the name ("Acme Gulf LLC" → "acme-gulf-llc") until the user edits the slug. */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
}

export function CreateTenantDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const createTenant = useCreateTenant();
  const form = useForm({ resolver: zodResolver(tenantCreateSchema, zodOptions), defaultValues: EMPTY });
  const { errors, dirtyFields } = form.formState;

  const close = (next: boolean) => {
    if (!next) form.reset(EMPTY);
    onOpenChange(next);
  };

  const onSubmit = form.handleSubmit((values) => {
    createTenant.mutate(values, {
      onSuccess: (tenant) => {
        toast.success(t('tenants.createdToast', { name: tenant.name }));
        close(false);
      },
      onError: (error) => {
        if (!setServerFieldErrors(form.setError, error, ['name', 'slug', 'plan'])) toast.error(errorMessage(error, t));
      },
    });
  });

  const nameField = form.register('name');
  return (
    <Dialog open={open} onOpenChange={close} title={t('tenants.createTitle')} description={t('tenants.createDescription')}>
      <form noValidate onSubmit={(event) => void onSubmit(event)} className="space-y-4">
        <FormField label={t('tenants.name')} error={fieldErrorMessage(errors.name)}>
          <Input
            autoComplete="off"
            {...nameField}
            onChange={(event) => {
              void nameField.onChange(event);
              if (!dirtyFields.slug) form.setValue('slug', slugify(event.target.value));
            }}
          />
        </FormField>
        <FormField label={t('tenants.slug')} error={fieldErrorMessage(errors.slug)} hint={t('tenants.slugHint')}>
          <Input dir="ltr" className="font-mono" autoComplete="off" {...form.register('slug')} />
        </FormField>
        <FormField label={t('tenants.plan')} error={fieldErrorMessage(errors.plan)}>
          <Select {...form.register('plan')}>
            {PLANS.map((plan) => (
              <option key={plan} value={plan}>
                {t(`plans.${plan}`)}
              </option>
            ))}
          </Select>
        </FormField>
        <FormDialogFooter
          onCancel={() => close(false)}
          pending={createTenant.isPending}
          submitLabel={t('common.create')}
          pendingLabel={t('common.creating')}
          submitTestId="create-tenant-submit"
        />
      </form>
    </Dialog>
  );
}
