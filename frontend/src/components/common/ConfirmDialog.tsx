import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { Dialog, DialogFooter } from '@/components/ui/dialog';

interface ConfirmDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: string;
  confirmLabel: string;
  pendingLabel?: string;
  pending?: boolean;
  /** `primary` for an action that is sensitive but destroys nothing (e.g. exporting personal data). */
  confirmVariant?: 'danger' | 'primary';
  onConfirm: () => void;
}

/** Asks before a destructive or sensitive action; the cancel button is first so Enter does not confirm by accident. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { t } = useTranslation();
  return (
    <Dialog
      open={props.open}
      onOpenChange={props.onOpenChange}
      title={props.title}
      description={props.description}
      role="alertdialog"
    >
      <DialogFooter>
        <Button variant="secondary" onClick={() => props.onOpenChange(false)}>
          {t('common.cancel')}
        </Button>
        <Button variant={props.confirmVariant ?? 'danger'} onClick={props.onConfirm} disabled={props.pending} data-testid="confirm-action">
          {props.pending ? (props.pendingLabel ?? props.confirmLabel) : props.confirmLabel}
        </Button>
      </DialogFooter>
    </Dialog>
  );
}
