import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { FileUp, Lock } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useImports } from '@/api/cdpImports';
import { useSources } from '@/api/cdpSources';
import { ImportJobsList } from '@/components/cdp/collection/ImportJobsList';
import { ImportUploadForm } from '@/components/cdp/collection/ImportUploadForm';
import { SectionCard } from '@/components/cdp/SectionCard';
import { EmptyState } from '@/components/common/EmptyState';
import { ErrorState } from '@/components/common/ErrorState';
import { LoadingSpinner } from '@/components/common/LoadingSpinner';
import { PageHeader } from '@/components/common/PageHeader';
import { Pagination } from '@/components/common/Pagination';
import { RequireActiveTenant } from '@/components/layout/RouteGuards';
import { useAuth } from '@/contexts/AuthContext';

const PAGE_SIZE = 20;

export function ImportsPage() {
  return (
    <RequireActiveTenant>
      <Imports />
    </RequireActiveTenant>
  );
}

function Imports() {
  const { t } = useTranslation();
  const { hasPermission } = useAuth();
  const [params] = useSearchParams();
  const [page, setPage] = useState(1);
  const imports = useImports({ page, page_size: PAGE_SIZE });
  const sources = useSources();
  const sourceNames = useMemo(() => new Map((sources.data?.items ?? []).map((source) => [source.id, source.name])), [sources.data]);

  return (
    <>
      <PageHeader title={t('collection.imports.title')} description={t('collection.imports.subtitle')} />
      <div className="space-y-6">
        <SectionCard title={t('collection.imports.upload.title')} description={t('collection.imports.upload.description')} data-testid="import-upload">
          {hasPermission('cdp:write') ? (
            <ImportUploadForm initialSourceId={params.get('source') ?? ''} onUploaded={() => setPage(1)} />
          ) : (
            <p className="flex items-center gap-2 text-sm text-zinc-500 dark:text-zinc-400">
              <Lock className="size-4" aria-hidden />
              {t('collection.imports.upload.readOnly')}
            </p>
          )}
        </SectionCard>

        <SectionCard title={t('collection.imports.jobs.title')} description={t('collection.imports.jobs.description')} contentClassName="p-0">
          {imports.isPending ? (
            <LoadingSpinner block />
          ) : imports.isError ? (
            <ErrorState title={t('collection.imports.jobs.loadError')} error={imports.error} onRetry={() => void imports.refetch()} />
          ) : imports.data.items.length === 0 ? (
            <EmptyState icon={FileUp} title={t('collection.imports.jobs.empty')} description={t('collection.imports.jobs.emptyDescription')} />
          ) : (
            <>
              <ImportJobsList imports={imports.data.items} sourceNames={sourceNames} />
              <Pagination page={page} pageSize={PAGE_SIZE} total={imports.data.total} onPageChange={setPage} />
            </>
          )}
        </SectionCard>
      </div>
    </>
  );
}
