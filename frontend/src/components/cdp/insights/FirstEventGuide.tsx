import { Link } from 'react-router-dom';
import { PlugZap, Send } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { CodeBlock } from '@/components/cdp/CodeBlock';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ingestCurl } from '@/lib/cdp';

/** The dashboard of a tenant without events: how to send the first one, and where to get a key. */
export function FirstEventGuide() {
  const { t } = useTranslation();
  const curl = ingestCurl({ origin: window.location.origin, sourceKey: 'YOUR_SOURCE_KEY', eventTime: new Date().toISOString() });
  return (
    <Card className="overflow-hidden" data-testid="dashboard-empty">
      <div className="grid gap-8 p-8 lg:grid-cols-5">
        <div className="lg:col-span-2">
          <span className="mb-4 flex size-11 items-center justify-center rounded-xl bg-indigo-50 text-indigo-600 dark:bg-indigo-500/10 dark:text-indigo-400">
            <Send className="size-5" aria-hidden />
          </span>
          <h2 className="text-lg font-semibold text-zinc-900 dark:text-zinc-50">{t('dashboard.empty.title')}</h2>
          <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{t('dashboard.empty.description')}</p>
          <p className="mt-3 text-sm text-zinc-500 dark:text-zinc-400">{t('dashboard.empty.hint')}</p>
          <Button asChild className="mt-6">
            <Link to="/cdp/sources" data-testid="dashboard-empty-sources">
              <PlugZap aria-hidden />
              {t('dashboard.empty.openSources')}
            </Link>
          </Button>
        </div>
        <CodeBlock
          code={curl}
          label={t('dashboard.empty.snippetLabel')}
          copyLabel={t('dashboard.empty.copy')}
          className="lg:col-span-3"
          data-testid="dashboard-empty-curl"
        />
      </div>
    </Card>
  );
}
