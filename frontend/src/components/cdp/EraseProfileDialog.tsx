import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { Dialog, DialogFooter } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';

/** Typed in Latin letters in every language: one fixed word is easier to check and to document. */
export const ERASE_CONFIRMATION = 'ERASE';

interface EraseProfileDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onConfirm: () => void;
  pending: boolean;
}

/** Erasure cannot be undone, so the user types a word rather than clicking through. */
export function EraseProfileDialog({ open, onOpenChange, onConfirm, pending }: EraseProfileDialogProps) {
  const { t } = useTranslation();
  const id = useId();
  const [typed, setTyped] = useState('');
  const confirmed = typed === ERASE_CONFIRMATION;

  const change = (next: boolean) => {
    if (!next) setTyped('');
    onOpenChange(next);
  };

  return (
    <Dialog open={open} onOpenChange={change} title={t('profile.eraseTitle')} description={t('profile.eraseDescription')} role="alertdialog">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (confirmed && !pending) onConfirm();
        }}
      >
        <div className="space-y-1.5">
          <Label htmlFor={id}>{t('profile.eraseConfirm', { word: ERASE_CONFIRMATION })}</Label>
          <Input
            id={id}
            dir="ltr"
            autoComplete="off"
            spellCheck={false}
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            className="font-mono"
            data-testid="erase-confirm-input"
          />
        </div>
        <DialogFooter>
          <Button variant="secondary" onClick={() => change(false)}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="danger" disabled={!confirmed || pending} data-testid="erase-confirm">
            {pending ? t('profile.erasing') : t('profile.eraseButton')}
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
