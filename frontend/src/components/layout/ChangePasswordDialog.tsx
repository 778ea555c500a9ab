import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { zodResolver } from '@hookform/resolvers/zod';
import { PASSWORD_MIN_LENGTH, passwordChangeSchema, type PasswordChange } from '@stratum/contracts';
import { useChangePassword } from '@/api/auth';
import { FormAlert } from '@/components/common/FormAlert';
import { FormDialogFooter } from '@/components/common/FormDialogFooter';
import { Dialog } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { errorMessage, useToast } from '@/hooks/useToast';
import { useAccountText } from '@/i18n/accountText';
import { fieldErrorMessage, setServerFieldErrors, zodOptions } from '@/lib/validation';

const EMPTY: PasswordChange = { current_password: '', new_password: '' };
const FIELDS = ['current_password', 'new_password'] as const;

interface ChangePasswordDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

/** The signed-in user's own password change; the session continues on the pair the server returns. */
export function ChangePasswordDialog({ open, onOpenChange }: ChangePasswordDialogProps) {
  const { t } = useTranslation();
  const text = useAccountText();
  const toast = useToast();
  const change = useChangePassword();
  const form = useForm({ resolver: zodResolver(passwordChangeSchema, zodOptions), defaultValues: EMPTY });
  const { errors } = form.formState;
  const formError = errors.root?.server?.message;

  const close = (next: boolean) => {
    if (!next) {
      form.reset(EMPTY);
      change.reset();
    }
    onOpenChange(next);
  };

  const onSubmit = form.handleSubmit((values) => {
    change.mutate(values, {
      onSuccess: () => {
        toast.success(text('changed'));
        close(false);
      },
      onError: (error) => {
        const translate = (code: string) => (code === 'wrong_password' ? text('serverErrors.wrong_password') : undefined);
        if (!setServerFieldErrors(form.setError, error, FIELDS, translate)) form.setError('root.server', { type: 'server', message: errorMessage(error, t) });
      },
    });
  });

  return (
    <Dialog open={open} onOpenChange={close} title={text('changePassword')} description={text('changePasswordDescription')}>
      <form noValidate onSubmit={(event) => void onSubmit(event)} className="space-y-4" data-testid="change-password-form">
        <FormAlert message={formError} />
        <FormField label={text('currentPassword')} error={fieldErrorMessage(errors.current_password)}>
          <Input type="password" autoComplete="current-password" {...form.register('current_password')} />
        </FormField>
        <FormField
          label={text('newPassword')}
          error={fieldErrorMessage(errors.new_password)}
          hint={text('newPasswordHint', { min: String(PASSWORD_MIN_LENGTH) })}
        >
          <Input type="password" autoComplete="new-password" {...form.register('new_password')} />
        </FormField>
        <FormDialogFooter
          onCancel={() => close(false)}
          pending={change.isPending}
          submitLabel={text('submit')}
          pendingLabel={text('submitting')}
        />
      </form>
    </Dialog>
  );
}
