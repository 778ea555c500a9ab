import { useMemo } from 'react';
import { Info } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { Source } from '@stratum/contracts';
import { Button } from '@/components/ui/button';
import { Dialog, DialogFooter } from '@/components/ui/dialog';
import { ingestCurl } from '@/lib/cdp';
import { CodeBlock } from './CodeBlock';

/**
 * A curl command for sending one sample event to a source. Only the key prefix is known after creation, so the
 * command carries it as a visible placeholder for the reader to complete.
 */
export function TestEventDialog({ source, onClose }: { source: Source | null; onClose: () => void }) {
  const { t } = useTranslation();
  const placeholder = source ? `${source.key_prefix}…` : '';
  const snippet = useMemo(
    () => (source ? ingestCurl({ origin: window.location.origin, sourceKey: placeholder, eventTime: new Date().toISOString() }) : ''),
    [source, placeholder],
  );

  return (
    <Dialog
      open={source !== null}
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      title={t('sources.testEventTitle')}
      description={source ? t('sources.testEventDescription', { name: source.name }) : undefined}
      className="max-w-2xl"
    >
      <div className="space-y-3">
        <p className="flex gap-2 text-sm text-zinc-600 dark:text-zinc-400">
          <Info className="mt-0.5 size-4 shrink-0 text-indigo-500" aria-hidden />
          <span>{t('sources.testEventKeyHint', { placeholder })}</span>
        </p>
        <CodeBlock code={snippet} label={t('sources.snippetLabel')} copyLabel={t('sources.copySnippet')} data-testid="test-event-snippet" />
        {source && !source.is_active ? (
          <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-500/10 dark:text-amber-200">
            {t('sources.testEventInactive')}
          </p>
        ) : null}
        <p className="text-sm text-zinc-500 dark:text-zinc-400">{t('sources.testEventAfter')}</p>
      </div>
      <DialogFooter>
        <Button variant="secondary" onClick={onClose}>
          {t('common.close')}
        </Button>
      </DialogFooter>
    </Dialog>
  );
}
