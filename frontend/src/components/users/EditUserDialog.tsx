import { useEffect } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { TENANT_ROLES, type TenantRole, type User } from '@stratum/contracts';
import { useUpdateUser } from '@/api/users';
import { FormDialogFooter } from '@/components/common/FormDialogFooter';
import { Dialog } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { Select } from '@/components/ui/input';
import { SwitchField } from '@/components/ui/switch-field';
import { useToast } from '@/hooks/useToast';

interface EditUserDialogProps {
  user: User | null;
  onClose: () => void;
}

interface EditValues {
  role: TenantRole;
  is_active: boolean;
}

function editableRole(user: User | null): TenantRole {
  return user && user.role !== 'superadmin' ? user.role : 'viewer';
}

/** Changes a user's role and whether they may sign in; only the changed fields are sent. */
export function EditUserDialog({ user, onClose }: EditUserDialogProps) {
  const { t } = useTranslation();
  const toast = useToast();
  const updateUser = useUpdateUser();
  const form = useForm<EditValues>({ defaultValues: { role: editableRole(user), is_active: user?.is_active ?? true } });

  const { reset } = form;
  useEffect(() => {
    reset({ role: editableRole(user), is_active: user?.is_active ?? true });
  }, [user, reset]);

  const onSubmit = form.handleSubmit((values) => {
    if (!user) return;
    const changes = {
      ...(values.role !== user.role ? { role: values.role } : {}),
      ...(values.is_active !== user.is_active ? { is_active: values.is_active } : {}),
    };
    updateUser.mutate(
      { id: user.id, changes },
      {
        onSuccess: () => {
          toast.success(t('users.updated'));
          onClose();
        },
        onError: (error) => toast.apiError(error),
      },
    );
  });

  return (
    <Dialog
      open={user !== null}
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      title={t('users.editTitle')}
      description={user ? t('users.editDescription', { email: user.email }) : undefined}
    >
      <form noValidate onSubmit={(event) => void onSubmit(event)} className="space-y-5">
        <FormField label={t('users.role')}>
          <Select {...form.register('role')}>
            {TENANT_ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`roles.${role}`)}
              </option>
            ))}
          </Select>
        </FormField>
        <SwitchField
          control={form.control}
          name="is_active"
          label={t('users.activeLabel')}
          hint={t('users.activeHint')}
          className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800"
        />
        <FormDialogFooter
          onCancel={onClose}
          pending={updateUser.isPending}
          submitLabel={t('common.save')}
          pendingLabel={t('common.saving')}
          disabled={!form.formState.isDirty}
        />
      </form>
    </Dialog>
  );
}
