import { useState } from 'react';
import { AlertTriangle, RotateCcw, Trash2 } from 'lucide-react';
import type { SetAsideRequest } from '@stratum/contracts';
import { useDiscardSetAside, useRetrySetAside, useSetAsideRequests } from '@/api/cdpSources';
import { ConfirmDialog } from '@/components/common/ConfirmDialog';
import { ErrorState } from '@/components/common/ErrorState';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from '@/components/ui/table';
import { useLocale } from '@/hooks/useLocale';
import { useQueueText } from '@/i18n/queueText';
import { useToast } from '@/hooks/useToast';
import { formatDate, formatNumber } from '@/lib/utils';

interface SetAsideRequestsPanelProps {
  sourceId: string;
  /** cdp:admin may retry and discard; everyone who sees the source sees that requests were set aside. */
  canManage: boolean;
  refetchInterval?: number | false;
}

/**
 * The source's requests the database refused (kept aside so the ones after them went on), with retry and discard.
 * Nothing shows while there are none: the panel is a warning, not a permanent section.
 */
export function SetAsideRequestsPanel({ sourceId, canManage, refetchInterval }: SetAsideRequestsPanelProps) {
  const text = useQueueText();
  const locale = useLocale();
  const toast = useToast();
  const requests = useSetAsideRequests(sourceId, { refetchInterval });
  const retry = useRetrySetAside(sourceId);
  const discard = useDiscardSetAside(sourceId);
  const [discarding, setDiscarding] = useState<SetAsideRequest | null>(null);

  if (requests.isError) {
    return <ErrorState title={text('setAside.loadError')} error={requests.error} onRetry={() => void requests.refetch()} />;
  }
  if (!requests.data || requests.data.total === 0) return null;

  const retryRequest = (request: SetAsideRequest) =>
    retry.mutate(request.id, {
      onSuccess: () => toast.success(text('setAside.retried')),
      onError: (error) => toast.apiError(error),
    });
  const confirmDiscard = () => {
    if (!discarding) return;
    discard.mutate(discarding.id, {
      onSuccess: () => toast.success(text('setAside.discarded')),
      onError: (error) => toast.apiError(error),
      onSettled: () => setDiscarding(null),
    });
  };

  return (
    <Card className="mb-6 border-amber-300 dark:border-amber-500/40" data-testid="set-aside-panel">
      <CardHeader>
        <CardTitle className="flex items-center gap-2 text-amber-800 dark:text-amber-300">
          <AlertTriangle className="size-4" aria-hidden />
          {text('setAside.title', { n: formatNumber(requests.data.total, locale) })}
        </CardTitle>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{text('setAside.description')}</p>
      </CardHeader>
      <CardContent className="p-0">
        <Table>
          <TableHead>
            <tr>
              <TableHeaderCell>{text('setAside.received')}</TableHeaderCell>
              <TableHeaderCell className="text-end">{text('setAside.events')}</TableHeaderCell>
              <TableHeaderCell>{text('setAside.failure')}</TableHeaderCell>
              <TableHeaderCell>{text('setAside.expires')}</TableHeaderCell>
              {canManage ? <TableHeaderCell className="text-end">{text('setAside.actions')}</TableHeaderCell> : null}
            </tr>
          </TableHead>
          <TableBody>
            {requests.data.items.map((request) => {
              const received = formatDate(request.received_at, locale);
              return (
                <TableRow key={request.id} data-testid="set-aside-row">
                  <TableCell>
                    <time dateTime={request.received_at}>{received}</time>
                  </TableCell>
                  <TableCell className="text-end tabular-nums">{formatNumber(request.message_count, locale)}</TableCell>
                  <TableCell>
                    <code dir="ltr" className="font-mono text-xs">
                      {request.failure}
                    </code>
                  </TableCell>
                  <TableCell>
                    <time dateTime={request.expires_at}>{formatDate(request.expires_at, locale, { dateStyle: 'medium' })}</time>
                  </TableCell>
                  {canManage ? (
                    <TableCell className="text-end">
                      <div className="inline-flex gap-2">
                        <Button
                          variant="secondary"
                          size="sm"
                          onClick={() => retryRequest(request)}
                          disabled={retry.isPending}
                          aria-label={text('setAside.retryLabel', { date: received })}
                          data-testid="retry-set-aside"
                        >
                          <RotateCcw aria-hidden />
                          {text('setAside.retry')}
                        </Button>
                        <Button
                          variant="secondary"
                          size="sm"
                          onClick={() => setDiscarding(request)}
                          aria-label={text('setAside.discardLabel', { date: received })}
                          data-testid="discard-set-aside"
                        >
                          <Trash2 aria-hidden />
                          {text('setAside.discard')}
                        </Button>
                      </div>
                    </TableCell>
                  ) : null}
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </CardContent>
      <ConfirmDialog
        open={discarding !== null}
        onOpenChange={(open) => {
          if (!open) setDiscarding(null);
        }}
        title={text('setAside.discardTitle')}
        description={text('setAside.discardDescription', { n: formatNumber(discarding?.message_count ?? 0, locale) })}
        confirmLabel={text('setAside.discard')}
        pendingLabel={text('setAside.discarding')}
        pending={discard.isPending}
        onConfirm={confirmDiscard}
      />
    </Card>
  );
}
