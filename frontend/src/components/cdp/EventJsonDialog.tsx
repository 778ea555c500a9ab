import { useTranslation } from 'react-i18next';
import type { StoredEvent } from '@stratum/contracts';
import { Button } from '@/components/ui/button';
import { Dialog, DialogFooter } from '@/components/ui/dialog';
import { useLocale } from '@/hooks/useLocale';
import { formatDate } from '@/lib/utils';
import { CodeBlock } from './CodeBlock';

/** The whole stored event as JSON, for debugging an integration. */
export function EventJsonDialog({ event, onClose }: { event: StoredEvent | null; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <Dialog
      open={event !== null}
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      title={event?.event_name ?? ''}
      description={
        event
          ? `${formatDate(event.event_time, locale, { dateStyle: 'medium', timeStyle: 'medium' })} · ${t('events.receivedAt', {
              date: formatDate(event.received_at, locale, { dateStyle: 'medium', timeStyle: 'medium' }),
            })}`
          : undefined
      }
      className="max-w-2xl"
    >
      {event ? (
        <CodeBlock code={JSON.stringify(event, null, 2)} label={t('events.json')} copyLabel={t('events.copyJson')} data-testid="event-json" />
      ) : null}
      <DialogFooter>
        <Button variant="secondary" onClick={onClose}>
          {t('common.close')}
        </Button>
      </DialogFooter>
    </Dialog>
  );
}
