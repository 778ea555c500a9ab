import { useId, useMemo } from 'react';
import { Link } from 'react-router-dom';
import { AlertTriangle, ArrowRight } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { SourceWithKey } from '@stratum/contracts';
import { CopyButton } from '@/components/common/CopyButton';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { ingestCurl } from '@/lib/cdp';
import { useRevealedKeysStore } from '@/stores/revealedKeys';
import { CodeBlock } from './CodeBlock';

/**
 * The one moment a source key is visible (after create or rotate): the key with a copy button, a warning that
 * it will not be shown again, and a ready-to-run test command with the full key in it. The key lives only in
 * the state of the dialog that shows this; closing the dialog forgets it. "Set up this source" hands it to the
 * source's page (memory only), whose setup snippets then carry it in full.
 */
export function SourceKeyReveal({ source }: { source: SourceWithKey }) {
  const { t } = useTranslation();
  const id = useId();
  const snippet = useMemo(
    () => ingestCurl({ origin: window.location.origin, sourceKey: source.source_key, eventTime: new Date().toISOString() }),
    [source.source_key],
  );

  return (
    <div className="space-y-4">
      <div
        role="alert"
        className="flex gap-3 rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-500/30 dark:bg-amber-500/10 dark:text-amber-200"
      >
        <AlertTriangle className="mt-0.5 size-4 shrink-0" aria-hidden />
        <div>
          <p className="font-semibold">{t('sources.keyWarningTitle')}</p>
          <p className="mt-0.5 text-amber-800 dark:text-amber-300/90">{t('sources.keyWarning')}</p>
        </div>
      </div>
      <div className="space-y-1.5">
        <Label htmlFor={`${id}-key`}>{t('sources.keyLabel')}</Label>
        <div className="flex gap-2">
          <Input
            id={`${id}-key`}
            readOnly
            dir="ltr"
            value={source.source_key}
            onFocus={(event) => event.currentTarget.select()}
            className="font-mono text-xs"
            data-testid="source-key"
          />
          <CopyButton text={source.source_key} label={t('sources.copyKey')} size="md" data-testid="copy-source-key" />
        </div>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">{t('sources.keyDescription')}</p>
      </div>
      <div className="space-y-1.5">
        <p className="text-sm font-medium text-zinc-700 dark:text-zinc-300">{t('sources.testEventTitle')}</p>
        <CodeBlock code={snippet} label={t('sources.snippetLabel')} copyLabel={t('sources.copySnippet')} />
      </div>
      <div className="flex flex-col gap-2 rounded-lg border border-indigo-100 bg-indigo-50/60 p-3 sm:flex-row sm:items-center sm:justify-between dark:border-indigo-500/20 dark:bg-indigo-500/10">
        <p className="text-sm text-indigo-900 dark:text-indigo-200">{t('collection.source.setUpHint')}</p>
        <Button asChild size="sm" variant="secondary" className="shrink-0">
          <Link
            to={`/cdp/sources/${source.id}`}
            onClick={() => useRevealedKeysStore.getState().remember(source.id, source.source_key)}
            data-testid="source-setup-link"
          >
            {t('collection.source.setUp')}
            <ArrowRight className="rtl:rotate-180" aria-hidden />
          </Link>
        </Button>
      </div>
    </div>
  );
}
