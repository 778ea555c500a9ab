import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { SOURCE_TYPES, sourceCreateSchema, type SourceType, type SourceWithKey } from '@stratum/contracts';
import { useCreateSource } from '@/api/cdpSources';
import { FormAlert } from '@/components/common/FormAlert';
import { FormDialogFooter } from '@/components/common/FormDialogFooter';
import { Button } from '@/components/ui/button';
import { Dialog, DialogFooter } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { Input, Select } from '@/components/ui/input';
import { errorMessage, useToast } from '@/hooks/useToast';
import { fieldErrorMessage, setServerFieldErrors, zodOptions } from '@/lib/validation';
import { SourceKeyReveal } from './SourceKeyReveal';

interface CreateSourceDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

interface SourceForm {
  name: string;
  source_type: SourceType;
}

const EMPTY: SourceForm = { name: '', source_type: 'website' };

/** Two steps in one dialog: the form, then the new key shown once. Closing forgets the key. */
export function CreateSourceDialog({ open, onOpenChange }: CreateSourceDialogProps) {
  const { t } = useTranslation();
  const toast = useToast();
  const createSource = useCreateSource();
  const [created, setCreated] = useState<SourceWithKey | null>(null);
  const form = useForm<SourceForm>({
    resolver: zodResolver(sourceCreateSchema.pick({ name: true, source_type: true }), zodOptions),
    defaultValues: EMPTY,
  });
  const { errors } = form.formState;
  const formError = errors.root?.server?.message;
  const sourceType = form.watch('source_type');

  const close = (next: boolean) => {
    if (!next) {
      form.reset(EMPTY);
      createSource.reset();
      setCreated(null);
    }
    onOpenChange(next);
  };

  const onSubmit = form.handleSubmit((values) => {
    createSource.mutate(values, {
      onSuccess: (source) => {
        toast.success(t('sources.createdToast', { name: source.name }));
        setCreated(source);
      },
      onError: (error) => {
        if (!setServerFieldErrors(form.setError, error, ['name', 'source_type'])) form.setError('root.server', { type: 'server', message: errorMessage(error, t) });
      },
    });
  });

  if (created) {
    return (
      <Dialog open={open} onOpenChange={close} title={t('sources.keyTitle')} description={created.name} className="max-w-2xl">
        <SourceKeyReveal source={created} />
        <DialogFooter>
          <Button onClick={() => close(false)} data-testid="source-key-done">
            {t('common.done')}
          </Button>
        </DialogFooter>
      </Dialog>
    );
  }

  return (
    <Dialog open={open} onOpenChange={close} title={t('sources.createTitle')} description={t('sources.createDescription')}>
      <form noValidate onSubmit={(event) => void onSubmit(event)} className="space-y-4" data-testid="create-source-form">
        <FormAlert message={formError} />
        <FormField label={t('sources.name')} error={fieldErrorMessage(errors.name)}>
          <Input autoComplete="off" placeholder={t('sources.namePlaceholder')} {...form.register('name')} />
        </FormField>
        <FormField label={t('sources.type')} error={fieldErrorMessage(errors.source_type)} hint={t(`cdp.sourceTypeHints.${sourceType}`)}>
          <Select {...form.register('source_type')}>
            {SOURCE_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`cdp.sourceTypes.${type}`)}
              </option>
            ))}
          </Select>
        </FormField>
        <FormDialogFooter
          onCancel={() => close(false)}
          pending={createSource.isPending}
          submitLabel={t('common.create')}
          pendingLabel={t('common.creating')}
          submitTestId="create-source-submit"
        />
      </form>
    </Dialog>
  );
}
