import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { DialogFooter } from '@/components/ui/dialog';

interface FormDialogFooterProps {
  onCancel: () => void;
  /** While the form's request runs, the submit button shows `pendingLabel` and cannot be pressed again. */
  pending: boolean;
  submitLabel: string;
  pendingLabel: string;
  disabled?: boolean;
  submitTestId?: string;
}

/** Cancel and submit for a form in a dialog (the form's `onSubmit` does the work). */
export function FormDialogFooter({ onCancel, pending, submitLabel, pendingLabel, disabled = false, submitTestId }: FormDialogFooterProps) {
  const { t } = useTranslation();
  return (
    <DialogFooter>
      <Button variant="secondary" onClick={onCancel}>
        {t('common.cancel')}
      </Button>
      <Button type="submit" disabled={pending || disabled} data-testid={submitTestId}>
        {pending ? pendingLabel : submitLabel}
      </Button>
    </DialogFooter>
  );
}
