import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { Building2, LogOut, PowerOff, ShieldAlert } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { featureEnabled, type GatedFeature, type Permission } from '@stratum/contracts';
import { EmptyState } from '@/components/common/EmptyState';
import { ErrorState } from '@/components/common/ErrorState';
import { LoadingSpinner } from '@/components/common/LoadingSpinner';
import { Button } from '@/components/ui/button';
import { useAuth } from '@/contexts/AuthContext';
import { useApiErrorsText } from '@/i18n/apiErrorsText';

/** Signed-in area: sends anonymous visitors to /login and remembers where they were going. */
export function RequireAuth() {
  const { t } = useTranslation();
  const { status, error, retry, logout } = useAuth();
  const location = useLocation();

  switch (status) {
    case 'anonymous':
      return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
    case 'loading':
      return <LoadingSpinner block className="h-screen" size="lg" />;
    case 'error':
      return (
        <div className="flex h-screen flex-col items-center justify-center">
          <ErrorState title={t('errors.sessionTitle')} error={error} onRetry={retry} />
          <Button variant="ghost" onClick={() => void logout()}>
            <LogOut aria-hidden />
            {t('topbar.signOut')}
          </Button>
        </div>
      );
    case 'authenticated':
      return <Outlet />;
  }
}

/** Shows a "no access" page instead of the route when the user lacks the permission. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { t } = useTranslation();
  const { hasPermission } = useAuth();
  if (!hasPermission(permission)) {
    return (
      <EmptyState icon={ShieldAlert} title={t('errors.forbiddenTitle')} description={t('errors.forbiddenDescription')} />
    );
  }
  return <>{children}</>;
}

/** Pages of a feature the active tenant has switched off say so, once, instead of failing figure by figure. */
export function RequireFeature({ feature, children }: { feature: GatedFeature; children: ReactNode }) {
  const { activeTenant } = useAuth();
  const text = useApiErrorsText();
  if (activeTenant && !featureEnabled(activeTenant.feature_flags, feature)) {
    return <EmptyState icon={PowerOff} title={text('featureDisabledTitle')} description={text('featureDisabledDescription')} />;
  }
  return <>{children}</>;
}

/** Tenant-scoped pages need an active tenant; a superadmin who has not picked one is asked to. */
export function RequireActiveTenant({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { activeTenant } = useAuth();
  if (!activeTenant) {
    return (
      <EmptyState
        icon={Building2}
        title={t('tenantRequired.title')}
        description={t('tenantRequired.description')}
        className="rounded-xl border border-dashed border-zinc-300 dark:border-zinc-700"
      />
    );
  }
  return <>{children}</>;
}

/**
 * Where signing in lands when no page was asked for: tenant users who may read customer data start on the CDP
 * dashboard; everyone else (a superadmin picks a tenant first) on the overview.
 */
export function LandingRedirect() {
  const { isSuperadmin, activeTenant, hasPermission } = useAuth();
  const cdpHome = !isSuperadmin && activeTenant !== null && hasPermission('cdp:read') && featureEnabled(activeTenant.feature_flags, 'cdp');
  return <Navigate to={cdpHome ? '/cdp' : '/'} replace />;
}
