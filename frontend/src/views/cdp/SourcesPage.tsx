import { useState } from 'react';
import { Plus, PlugZap } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { Source, SourceWithKey } from '@stratum/contracts';
import { useDeleteSource, useRotateSourceKey, useSources, useUpdateSource } from '@/api/cdpSources';
import { CreateSourceDialog } from '@/components/cdp/CreateSourceDialog';
import { SourceKeyDialog } from '@/components/cdp/SourceKeyDialog';
import { SourcesTable, type SourceAction } from '@/components/cdp/SourcesTable';
import { TestEventDialog } from '@/components/cdp/TestEventDialog';
import { ConfirmDialog } from '@/components/common/ConfirmDialog';
import { EmptyState } from '@/components/common/EmptyState';
import { ErrorState } from '@/components/common/ErrorState';
import { LoadingSpinner } from '@/components/common/LoadingSpinner';
import { PageHeader } from '@/components/common/PageHeader';
import { RequireActiveTenant } from '@/components/layout/RouteGuards';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { useAuth } from '@/contexts/AuthContext';
import { useToast } from '@/hooks/useToast';

type Confirmable = Extract<SourceAction, 'rotate' | 'deactivate' | 'delete'>;

export function SourcesPage() {
  return (
    <RequireActiveTenant>
      <SourcesDirectory />
    </RequireActiveTenant>
  );
}

function SourcesDirectory() {
  const { t } = useTranslation();
  const toast = useToast();
  const { hasPermission } = useAuth();
  const canManage = hasPermission('cdp:admin');
  const sources = useSources();
  const updateSource = useUpdateSource();
  const deleteSource = useDeleteSource();
  const rotateKey = useRotateSourceKey();
  const [creating, setCreating] = useState(false);
  const [testing, setTesting] = useState<Source | null>(null);
  const [confirming, setConfirming] = useState<{ action: Confirmable; source: Source } | null>(null);
  const [rotated, setRotated] = useState<SourceWithKey | null>(null);

  const setActive = (source: Source, isActive: boolean) =>
    updateSource.mutate(
      { id: source.id, changes: { is_active: isActive } },
      {
        onSuccess: () => {
          toast.success(isActive ? t('sources.activated') : t('sources.deactivated'));
          setConfirming(null);
        },
        onError: (error) => toast.apiError(error),
      },
    );

  const onAction = (action: SourceAction, source: Source) => {
    switch (action) {
      case 'test':
        return setTesting(source);
      case 'activate':
        return setActive(source, true);
      case 'rotate':
      case 'deactivate':
      case 'delete':
        return setConfirming({ action, source });
    }
  };

  const confirm = () => {
    if (!confirming) return;
    const { action, source } = confirming;
    switch (action) {
      case 'deactivate':
        return setActive(source, false);
      case 'rotate':
        return rotateKey.mutate(source.id, {
          onSuccess: (withKey) => {
            toast.success(t('sources.rotated'));
            setConfirming(null);
            setRotated(withKey);
          },
          onError: (error) => toast.apiError(error),
        });
      case 'delete':
        return deleteSource.mutate(source.id, {
          onSuccess: () => {
            toast.success(t('sources.deleted'));
            setConfirming(null);
          },
          onError: (error) => toast.apiError(error),
        });
    }
  };

  const dialogText = (action: Confirmable, name: string) => {
    switch (action) {
      case 'rotate':
        return { title: t('sources.rotateTitle', { name }), description: t('sources.rotateDescription'), confirm: t('sources.rotate'), pending: t('sources.rotating') };
      case 'deactivate':
        return { title: t('sources.deactivateTitle', { name }), description: t('sources.deactivateDescription'), confirm: t('sources.deactivate'), pending: t('common.saving') };
      case 'delete':
        return { title: t('sources.deleteTitle', { name }), description: t('sources.deleteDescription'), confirm: t('common.delete'), pending: t('common.deleting') };
    }
  };
  const text = confirming ? dialogText(confirming.action, confirming.source.name) : null;

  const addButton = (testId?: string) =>
    canManage ? (
      <Button onClick={() => setCreating(true)} data-testid={testId}>
        <Plus aria-hidden />
        {t('sources.add')}
      </Button>
    ) : null;

  return (
    <>
      <PageHeader title={t('sources.title')} description={t('sources.subtitle')} actions={addButton('add-source')} />
      <Card>
        {sources.isPending ? (
          <LoadingSpinner block />
        ) : sources.isError ? (
          <ErrorState title={t('sources.loadError')} error={sources.error} onRetry={() => void sources.refetch()} />
        ) : sources.data.items.length === 0 ? (
          <EmptyState
            icon={PlugZap}
            title={t('sources.empty')}
            description={canManage ? t('sources.emptyDescription') : t('sources.emptyReadOnly')}
            action={addButton()}
          />
        ) : (
          <SourcesTable sources={sources.data.items} canManage={canManage} onAction={onAction} />
        )}
      </Card>

      <CreateSourceDialog open={creating} onOpenChange={setCreating} />
      <TestEventDialog source={testing} onClose={() => setTesting(null)} />
      <SourceKeyDialog source={rotated} onClose={() => setRotated(null)} />
      <ConfirmDialog
        open={confirming !== null}
        onOpenChange={(open) => {
          if (!open) setConfirming(null);
        }}
        title={text?.title ?? ''}
        description={text?.description ?? ''}
        confirmLabel={text?.confirm ?? ''}
        pendingLabel={text?.pending}
        pending={updateSource.isPending || deleteSource.isPending || rotateKey.isPending}
        onConfirm={confirm}
      />
    </>
  );
}
