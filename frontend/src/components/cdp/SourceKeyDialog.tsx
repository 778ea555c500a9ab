import { useTranslation } from 'react-i18next';
import type { SourceWithKey } from '@stratum/contracts';
import { Button } from '@/components/ui/button';
import { Dialog, DialogFooter } from '@/components/ui/dialog';
import { SourceKeyReveal } from './SourceKeyReveal';

/** Shows a rotated key once; `source` is cleared by the caller on close, and the key with it. */
export function SourceKeyDialog({ source, onClose }: { source: SourceWithKey | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog
      open={source !== null}
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      title={t('sources.keyRotatedTitle', { name: source?.name ?? '' })}
      className="max-w-2xl"
    >
      {source ? <SourceKeyReveal source={source} /> : null}
      <DialogFooter>
        <Button onClick={onClose} data-testid="source-key-done">
          {t('common.done')}
        </Button>
      </DialogFooter>
    </Dialog>
  );
}
