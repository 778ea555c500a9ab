import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { PASSWORD_MIN_LENGTH, TENANT_ROLES, userCreateSchema, type UserCreate } from '@stratum/contracts';
import { useCreateUser } from '@/api/users';
import { FormAlert } from '@/components/common/FormAlert';
import { FormDialogFooter } from '@/components/common/FormDialogFooter';
import { Dialog } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { Input, Select } from '@/components/ui/input';
import { errorMessage, useToast } from '@/hooks/useToast';
import { fieldErrorMessage, setServerFieldErrors, zodOptions } from '@/lib/validation';

const FORM_FIELDS = ['email', 'full_name', 'password', 'role'] as const;

interface CreateUserDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Set for a superadmin: the API wants the tenant named explicitly when the creator has no tenant of their own. */
  tenantId?: string;
}

const EMPTY: UserCreate = { email: '', full_name: '', password: '', role: 'viewer' };

export function CreateUserDialog({ open, onOpenChange, tenantId }: CreateUserDialogProps) {
  const { t } = useTranslation();
  const toast = useToast();
  const createUser = useCreateUser();
  const form = useForm({ resolver: zodResolver(userCreateSchema, zodOptions), defaultValues: EMPTY });
  const { errors } = form.formState;
  const formError = form.formState.errors.root?.server?.message;

  const close = (next: boolean) => {
    if (!next) {
      form.reset(EMPTY);
      createUser.reset();
    }
    onOpenChange(next);
  };

  const onSubmit = form.handleSubmit((values) => {
    createUser.mutate(
      { ...values, tenant_id: tenantId },
      {
        onSuccess: (user) => {
          toast.success(t('users.created', { email: user.email }));
          close(false);
        },
        onError: (error) => {
          // 422: put each message next to its field; anything else goes above the form.
          if (!setServerFieldErrors(form.setError, error, FORM_FIELDS)) form.setError('root.server', { type: 'server', message: errorMessage(error, t) });
        },
      },
    );
  });

  return (
    <Dialog open={open} onOpenChange={close} title={t('users.createTitle')} description={t('users.createDescription')}>
      <form noValidate onSubmit={(event) => void onSubmit(event)} className="space-y-4" data-testid="create-user-form">
        <FormAlert message={formError} />
        <FormField label={t('users.fullName')} error={fieldErrorMessage(errors.full_name)}>
          <Input autoComplete="off" {...form.register('full_name')} />
        </FormField>
        <FormField label={t('users.email')} error={fieldErrorMessage(errors.email)}>
          <Input type="email" autoComplete="off" {...form.register('email')} />
        </FormField>
        <FormField
          label={t('users.password')}
          error={fieldErrorMessage(errors.password)}
          hint={t('users.passwordHint', { min: String(PASSWORD_MIN_LENGTH) })}
        >
          <Input type="password" autoComplete="new-password" {...form.register('password')} />
        </FormField>
        <FormField label={t('users.role')} error={fieldErrorMessage(errors.role)}>
          <Select {...form.register('role')}>
            {TENANT_ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`roles.${role}`)}
              </option>
            ))}
          </Select>
        </FormField>
        <FormDialogFooter
          onCancel={() => close(false)}
          pending={createUser.isPending}
          submitLabel={t('users.add')}
          pendingLabel={t('common.creating')}
          submitTestId="create-user-submit"
        />
      </form>
    </Dialog>
  );
}
