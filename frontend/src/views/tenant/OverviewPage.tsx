import type { ReactNode } from 'react';
import { Activity, Flag, UserCheck, Users } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { Tenant } from '@stratum/contracts';
import { useOverview } from '@/api/overview';
import { ErrorState } from '@/components/common/ErrorState';
import { PageHeader } from '@/components/common/PageHeader';
import { RequireActiveTenant } from '@/components/layout/RouteGuards';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { KPIWidget } from '@/components/widgets/KPIWidget';
import { useAuth } from '@/contexts/AuthContext';
import { useLocale } from '@/hooks/useLocale';
import { formatDate, formatPercent } from '@/lib/utils';

export function OverviewPage() {
  return (
    <RequireActiveTenant>
      <TenantOverview />
    </RequireActiveTenant>
  );
}

function TenantOverview() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { activeTenant } = useAuth();
  const overview = useOverview(activeTenant?.id ?? null);
  const data = overview.data;
  const loading = overview.isPending;
  const activeShare = data && data.users_total > 0 ? formatPercent(data.users_active / data.users_total, locale) : null;

  return (
    <>
      <PageHeader title={t('overview.title')} description={t('overview.subtitle', { tenant: activeTenant?.name ?? '' })} />
      {overview.isError ? (
        <Card>
          <ErrorState title={t('overview.loadError')} error={overview.error} onRetry={() => void overview.refetch()} />
        </Card>
      ) : (
        <div className="space-y-6">
          <section className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-label={t('overview.title')}>
            <KPIWidget title={t('overview.usersTotal')} value={data?.users_total} icon={Users} loading={loading} data-testid="kpi-users-total" />
            <KPIWidget
              title={t('overview.usersActive')}
              value={data?.users_active}
              caption={activeShare ? t('overview.activeShare', { percent: activeShare }) : undefined}
              icon={UserCheck}
              loading={loading}
              data-testid="kpi-users-active"
            />
            <KPIWidget
              title={t('overview.auditEvents')}
              value={data?.audit_events_7d}
              icon={Activity}
              loading={loading}
              data-testid="kpi-audit-events"
            />
          </section>
          {data ? <TenantDetails tenant={data.tenant} /> : null}
        </div>
      )}
    </>
  );
}

function TenantDetails({ tenant }: { tenant: Tenant }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const flags = Object.entries(tenant.feature_flags).sort(([a], [b]) => a.localeCompare(b));

  return (
    <div className="grid gap-4 lg:grid-cols-3">
      <Card className="lg:col-span-2">
        <CardHeader>
          <CardTitle>{t('overview.tenant')}</CardTitle>
        </CardHeader>
        <CardContent>
          <dl className="grid grid-cols-1 gap-x-6 gap-y-4 text-sm sm:grid-cols-2">
            <Detail term={t('tenants.name')}>{tenant.name}</Detail>
            <Detail term={t('overview.slug')}>
              <code className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs dark:bg-zinc-800">{tenant.slug}</code>
            </Detail>
            <Detail term={t('overview.plan')}>
              <Badge tone="accent">{t(`plans.${tenant.plan}`)}</Badge>
            </Detail>
            <Detail term={t('overview.status')}>
              <Badge tone={tenant.is_active ? 'success' : 'danger'}>
                {tenant.is_active ? t('common.active') : t('common.inactive')}
              </Badge>
            </Detail>
            <Detail term={t('overview.created')}>{formatDate(tenant.created_at, locale, { dateStyle: 'long' })}</Detail>
          </dl>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>{t('overview.featureFlags')}</CardTitle>
        </CardHeader>
        <CardContent>
          {flags.length === 0 ? (
            <p className="text-sm text-zinc-500 dark:text-zinc-400">{t('overview.noFlags')}</p>
          ) : (
            <ul className="flex flex-wrap gap-2">
              {flags.map(([flag, enabled]) => (
                <li key={flag}>
                  <Badge tone={enabled ? 'success' : 'neutral'}>
                    <Flag className="size-3" aria-hidden />
                    <span dir="ltr">{flag}</span>
                    <span className="sr-only">{enabled ? t('common.active') : t('common.inactive')}</span>
                  </Badge>
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
    </div>
  );
}

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">{term}</dt>
      <dd className="mt-1 text-zinc-900 dark:text-zinc-100">{children}</dd>
    </div>
  );
}
