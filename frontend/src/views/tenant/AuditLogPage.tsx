import { useState } from 'react';
import { ScrollText } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useAuditLogs } from '@/api/audit';
import { AuditFilters, dayEnd, dayStart, EMPTY_AUDIT_FILTERS, type AuditFilterValues } from '@/components/audit/AuditFilters';
import { AuditLogTable } from '@/components/audit/AuditLogTable';
import { EmptyState } from '@/components/common/EmptyState';
import { ErrorState } from '@/components/common/ErrorState';
import { LoadingSpinner } from '@/components/common/LoadingSpinner';
import { PageHeader } from '@/components/common/PageHeader';
import { Pagination } from '@/components/common/Pagination';
import { Card } from '@/components/ui/card';
import { useDebouncedValue } from '@/hooks/useDebouncedValue';

const PAGE_SIZE = 25;

export function AuditLogPage() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<AuditFilterValues>(EMPTY_AUDIT_FILTERS);
  const [page, setPage] = useState(1);
  const applied = useDebouncedValue(filters);
  const logs = useAuditLogs({
    action: applied.action.trim() || undefined,
    resource_type: applied.resourceType.trim() || undefined,
    from: dayStart(applied.from),
    to: dayEnd(applied.to),
    page,
    page_size: PAGE_SIZE,
  });

  return (
    <>
      <PageHeader title={t('audit.title')} description={t('audit.subtitle')} />
      <Card>
        <AuditFilters
          value={filters}
          onChange={(next) => {
            setFilters(next);
            setPage(1);
          }}
        />
        {logs.isPending ? (
          <LoadingSpinner block />
        ) : logs.isError ? (
          <ErrorState title={t('audit.loadError')} error={logs.error} onRetry={() => void logs.refetch()} />
        ) : logs.data.items.length === 0 ? (
          <EmptyState icon={ScrollText} title={t('audit.empty')} description={t('audit.emptyDescription')} />
        ) : (
          <>
            <AuditLogTable logs={logs.data.items} />
            <Pagination page={page} pageSize={PAGE_SIZE} total={logs.data.total} totalCapped={logs.data.total_capped} onPageChange={setPage} />
          </>
        )}
      </Card>
    </>
  );
}
