import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { Dialog, DialogFooter } from '@/components/ui/dialog';
import { useLocale } from '@/hooks/useLocale';
import { formatDate } from '@/lib/utils';
import { CodeBlock } from './CodeBlock';

/** What the dialog needs of an event: a stored one, or one from the live stream (a refused event has no time). */
export interface JsonViewableEvent {
  event_name: string | null;
  event_time: string | null;
  received_at: string;
}

/** The whole event as JSON, for debugging an integration. */
export function EventJsonDialog({ event, onClose }: { event: JsonViewableEvent | null; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const received = event
    ? t('events.receivedAt', { date: formatDate(event.received_at, locale, { dateStyle: 'medium', timeStyle: 'medium' }) })
    : '';
  return (
    <Dialog
      open={event !== null}
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      title={event ? (event.event_name ?? t('collection.live.unnamed')) : ''}
      description={
        event
          ? event.event_time
            ? `${formatDate(event.event_time, locale, { dateStyle: 'medium', timeStyle: 'medium' })} · ${received}`
            : received
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
