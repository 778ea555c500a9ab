import { useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { AlertTriangle, FileUp, KeyRound } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { Source } from '@stratum/contracts';
import { CodeBlock } from '@/components/cdp/CodeBlock';
import { SectionCard } from '@/components/cdp/SectionCard';
import { Button } from '@/components/ui/button';
import { useIntegrationsText } from '@/i18n/integrationsText';
import { ingestCurl } from '@/lib/cdp';
import {
  analyticsNodeSnippet,
  csvExample,
  ndjsonEventsExample,
  ndjsonProfilesExample,
  sdkSnippet,
  sdkUsageSnippet,
  rudderStackJsSnippet,
  segmentAnalyticsJsSnippet,
  sgtmBodySnippet,
  sgtmRequestSnippet,
  trackCurl,
  type SnippetTarget,
} from '@/lib/collectionSnippets';

interface SourceSetupProps {
  source: Source;
  /** The full key when it was revealed just before this page opened; otherwise snippets carry the prefix. */
  fullKey: string | null;
  /** Where the Stratum API answers; the console's own origin in production. */
  origin?: string;
}

/** How to send data with this source, per source type, with the key and origin filled in. */
export function SourceSetup({ source, fullKey, origin = window.location.origin }: SourceSetupProps) {
  const { t } = useTranslation();
  const placeholder = `${source.key_prefix}…`;
  const target: SnippetTarget = { origin, sourceKey: fullKey ?? placeholder };

  return (
    <div className="space-y-6" data-testid="source-setup" data-source-type={source.source_type}>
      <KeyNotice fullKey={fullKey} placeholder={placeholder} />
      {source.is_active ? null : (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-500/10 dark:text-amber-200">
          {t('collection.setup.inactive')}
        </p>
      )}
      <SetupFor source={source} target={target} />
    </div>
  );
}

function KeyNotice({ fullKey, placeholder }: { fullKey: string | null; placeholder: string }) {
  const { t } = useTranslation();
  if (fullKey) {
    return (
      <div role="note" className="flex gap-3 rounded-lg border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900 dark:border-emerald-500/30 dark:bg-emerald-500/10 dark:text-emerald-200" data-testid="setup-key-full">
        <KeyRound className="mt-0.5 size-4 shrink-0" aria-hidden />
        <div>
          <p className="font-semibold">{t('collection.setup.keyFullTitle')}</p>
          <p className="mt-0.5 text-emerald-800 dark:text-emerald-300/90">{t('collection.setup.keyFull')}</p>
        </div>
      </div>
    );
  }
  return (
    <div role="note" className="flex gap-3 rounded-lg border border-zinc-200 bg-zinc-50 p-3 text-sm text-zinc-700 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-300" data-testid="setup-key-prefix">
      <AlertTriangle className="mt-0.5 size-4 shrink-0 text-amber-500" aria-hidden />
      <div>
        <p className="font-semibold text-zinc-900 dark:text-zinc-100">{t('collection.setup.keyPrefixTitle')}</p>
        <p className="mt-0.5">
          {t('collection.setup.keyPrefix', { placeholder })} {t('collection.setup.keyLost')}
        </p>
      </div>
    </div>
  );
}

function Step({ title, description, children, testId }: { title: string; description?: ReactNode; children?: ReactNode; testId?: string }) {
  return (
    <SectionCard title={title} data-testid={testId}>
      {description ? <div className="mb-3 space-y-2 text-sm text-zinc-600 dark:text-zinc-400">{description}</div> : null}
      {children ? <div className="space-y-3">{children}</div> : null}
    </SectionCard>
  );
}

/** The sample event's time is fixed when the page opens, so the copied command is the one on screen. */
function useIngestCurl(target: SnippetTarget): string {
  const [eventTime] = useState(() => new Date().toISOString());
  return ingestCurl({ ...target, eventTime });
}

function SetupFor({ source, target }: { source: Source; target: SnippetTarget }) {
  switch (source.source_type) {
    case 'website':
      return <WebsiteSetup target={target} />;
    case 'server':
      return <ServerSetup target={target} />;
    case 'sgtm':
      return <SgtmSetup target={target} />;
    case 'import':
    case 'crm':
      return <FileSetup source={source} target={target} />;
  }
}

function WebsiteSetup({ target }: { target: SnippetTarget }) {
  const { t } = useTranslation();
  const integrationsText = useIntegrationsText();
  return (
    <>
      <Step title={t('collection.setup.website.sdkTitle')} description={t('collection.setup.website.sdkDescription', { origin: target.origin })}>
        <CodeBlock code={sdkSnippet(target)} label={t('collection.setup.website.sdkLabel')} data-testid="snippet-sdk" />
      </Step>
      <Step title={t('collection.setup.website.usageTitle')} description={t('collection.setup.website.usageDescription')}>
        <CodeBlock code={sdkUsageSnippet()} label={t('collection.setup.website.usageLabel')} data-testid="snippet-sdk-usage" />
      </Step>
      <Step title={t('collection.setup.website.segmentTitle')} description={t('collection.setup.website.segmentDescription')}>
        <CodeBlock code={segmentAnalyticsJsSnippet(target)} label={t('collection.setup.website.segmentLabel')} data-testid="snippet-analytics-js" />
      </Step>
      <Step title={integrationsText('rudderstack.title')} description={integrationsText('rudderstack.description')}>
        <CodeBlock code={rudderStackJsSnippet(target)} label={integrationsText('rudderstack.label')} data-testid="snippet-rudderstack-js" />
      </Step>
    </>
  );
}

function ServerSetup({ target }: { target: SnippetTarget }) {
  const { t } = useTranslation();
  const curl = useIngestCurl(target);
  return (
    <>
      <Step title={t('collection.setup.server.curlTitle')} description={t('collection.setup.server.curlDescription')}>
        <CodeBlock code={curl} label={t('collection.setup.server.curlLabel')} data-testid="snippet-ingest-curl" />
      </Step>
      <Step title={t('collection.setup.server.nodeTitle')} description={t('collection.setup.server.nodeDescription', { origin: target.origin })}>
        <CodeBlock code={analyticsNodeSnippet(target)} label={t('collection.setup.server.nodeLabel')} data-testid="snippet-analytics-node" />
      </Step>
      <Step title={t('collection.setup.server.trackTitle')} description={t('collection.setup.server.trackDescription')}>
        <CodeBlock code={trackCurl(target)} label={t('collection.setup.server.trackLabel')} data-testid="snippet-track-curl" />
      </Step>
    </>
  );
}

function SgtmSetup({ target }: { target: SnippetTarget }) {
  const { t } = useTranslation();
  const steps = [
    t('collection.setup.sgtm.stepTemplate'),
    t('collection.setup.sgtm.stepRequest'),
    t('collection.setup.sgtm.stepBody', { placeholder: '{{…}}' }),
    t('collection.setup.sgtm.stepTrigger'),
  ];
  return (
    <Step
      title={t('collection.setup.sgtm.title')}
      description={
        <>
          <p>{t('collection.setup.sgtm.description')}</p>
          <ol className="list-decimal space-y-1 ps-5">
            {steps.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
        </>
      }
    >
      <h3 className="text-sm font-medium text-zinc-800 dark:text-zinc-200">{t('collection.setup.sgtm.requestTitle')}</h3>
      <CodeBlock code={sgtmRequestSnippet(target)} label={t('collection.setup.sgtm.requestLabel')} data-testid="snippet-sgtm-request" />
      <h3 className="text-sm font-medium text-zinc-800 dark:text-zinc-200">{t('collection.setup.sgtm.bodyTitle')}</h3>
      <CodeBlock code={sgtmBodySnippet()} label={t('collection.setup.sgtm.bodyLabel')} data-testid="snippet-sgtm-body" />
      <p className="text-sm text-zinc-500 dark:text-zinc-400">{t('collection.setup.sgtm.note')}</p>
    </Step>
  );
}

function FileSetup({ source, target }: { source: Source; target: SnippetTarget }) {
  const { t } = useTranslation();
  const curl = useIngestCurl(target);
  return (
    <>
      <Step title={t('collection.setup.files.uploadTitle')} description={t('collection.setup.files.uploadDescription')}>
        <div>
          <Button asChild>
            <Link to={`/cdp/imports?source=${source.id}`} data-testid="setup-open-imports">
              <FileUp aria-hidden />
              {t('collection.setup.files.openImports')}
            </Link>
          </Button>
        </div>
      </Step>
      <Step
        title={t('collection.setup.files.ndjsonTitle')}
        description={<p>{t('collection.setup.files.ndjsonEventsDescription')}</p>}
      >
        <CodeBlock code={ndjsonEventsExample()} label={t('collection.setup.files.ndjsonEventsLabel')} data-testid="snippet-ndjson-events" />
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{t('collection.setup.files.ndjsonProfilesDescription')}</p>
        <CodeBlock code={ndjsonProfilesExample()} label={t('collection.setup.files.ndjsonProfilesLabel')} data-testid="snippet-ndjson-profiles" />
      </Step>
      <Step title={t('collection.setup.files.csvTitle')} description={t('collection.setup.files.csvDescription')}>
        <CodeBlock code={csvExample()} label={t('collection.setup.files.csvLabel')} data-testid="snippet-csv" />
      </Step>
      {source.source_type === 'crm' ? (
        <Step title={t('collection.setup.files.syncTitle')} description={t('collection.setup.files.syncDescription')}>
          <CodeBlock code={curl} label={t('collection.setup.server.curlLabel')} data-testid="snippet-ingest-curl" />
        </Step>
      ) : null}
    </>
  );
}
