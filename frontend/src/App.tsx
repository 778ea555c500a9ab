import { lazy, Suspense, type ReactNode } from 'react';
import { Outlet, Route, Routes } from 'react-router-dom';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { I18nextProvider } from 'react-i18next';
import type { Permission } from '@stratum/contracts';
import { LoadingSpinner } from '@/components/common/LoadingSpinner';
import { AppLayout } from '@/components/layout/AppLayout';
import { LandingRedirect, RequireAuth, RequireFeature, RequirePermission } from '@/components/layout/RouteGuards';
import { Toaster } from '@/components/ui/toaster';
import { AuthProvider } from '@/contexts/AuthContext';
import { ThemeProvider } from '@/contexts/ThemeContext';
import i18n from '@/i18n';
import { CalculatorPage } from '@/views/CalculatorPage';
import { LoginPage } from '@/views/LoginPage';
import { NotFoundPage } from '@/views/NotFoundPage';
import { EventsPage } from '@/views/cdp/EventsPage';
import { ImportsPage } from '@/views/cdp/ImportsPage';
import { SettingsPage } from '@/views/cdp/SettingsPage';
import { ProfilePage } from '@/views/cdp/ProfilePage';
import { ProfilesPage } from '@/views/cdp/ProfilesPage';
import { RoiPage } from '@/views/cdp/RoiPage';
import { SourceDetailPage } from '@/views/cdp/SourceDetailPage';
import { SourcesPage } from '@/views/cdp/SourcesPage';
import { TenantsPage } from '@/views/superadmin/TenantsPage';
import { AuditLogPage } from '@/views/tenant/AuditLogPage';
import { OverviewPage } from '@/views/tenant/OverviewPage';
import { UsersPage } from '@/views/tenant/UsersPage';

/** Everything a page needs around it except the router, so tests can supply a MemoryRouter. */
export function AppProviders({ queryClient, children }: { queryClient: QueryClient; children: ReactNode }) {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nextProvider i18n={i18n}>
        <ThemeProvider>
          <AuthProvider>
            {children}
            <Toaster />
          </AuthProvider>
        </ThemeProvider>
      </I18nextProvider>
    </QueryClientProvider>
  );
}

// The dashboard brings the chart library: it is fetched when first opened, not with the login page.
const DashboardPage = lazy(() => import('@/views/cdp/DashboardPage').then((module) => ({ default: module.DashboardPage })));

function guarded(permission: Permission, page: ReactNode) {
  return <RequirePermission permission={permission}>{page}</RequirePermission>;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      {/* Public: the sales team shares this link with prospects, so it sits outside the auth guard. */}
      <Route path="/cdp-calculator" element={<CalculatorPage />} />
      <Route element={<RequireAuth />}>
        <Route path="home" element={<LandingRedirect />} />
        <Route element={<AppLayout />}>
          <Route index element={guarded('tenant:read', <OverviewPage />)} />
          <Route
            path="cdp"
            element={
              <RequireFeature feature="cdp">
                <Outlet />
              </RequireFeature>
            }
          >
            <Route
              index
              element={guarded(
                'cdp:read',
                <Suspense fallback={<LoadingSpinner block />}>
                  <DashboardPage />
                </Suspense>,
              )}
            />
            <Route
              path="roi"
              element={<RequireFeature feature="cdp_roi_calculator">{guarded('cdp:read', <RoiPage />)}</RequireFeature>}
            />
            <Route path="sources" element={guarded('cdp:read', <SourcesPage />)} />
            <Route path="sources/:id" element={guarded('cdp:read', <SourceDetailPage />)} />
            <Route path="imports" element={guarded('cdp:read', <ImportsPage />)} />
            <Route path="settings" element={guarded('cdp:read', <SettingsPage />)} />
            <Route path="profiles" element={guarded('cdp:read', <ProfilesPage />)} />
            <Route path="profiles/:id" element={guarded('cdp:read', <ProfilePage />)} />
            <Route path="events" element={guarded('cdp:read', <EventsPage />)} />
          </Route>
          <Route path="users" element={guarded('users:manage', <UsersPage />)} />
          <Route path="audit" element={guarded('audit:read', <AuditLogPage />)} />
          <Route path="tenants" element={guarded('tenants:manage', <TenantsPage />)} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Route>
    </Routes>
  );
}
