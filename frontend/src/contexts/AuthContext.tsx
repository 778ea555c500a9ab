import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { Me, Permission } from '@stratum/contracts';
import { authKeys, useLogout, useMe } from '@/api/auth';
import { tenantKeys } from '@/api/tenants';
import type { ApiRequestError } from '@/api/errors';
import { useSessionStore } from '@/stores/session';
import { useTenantStore, type ActiveTenant } from '@/stores/tenant';

export type AuthStatus = 'anonymous' | 'loading' | 'authenticated' | 'error';

interface AuthContextValue {
  status: AuthStatus;
  me: Me | null;
  error: ApiRequestError | null;
  activeTenant: ActiveTenant | null;
  isSuperadmin: boolean;
  hasPermission: (permission: Permission) => boolean;
  /** Switches the tenant a superadmin acts in and refetches everything for it. */
  selectTenant: (tenantId: string | null) => Promise<void>;
  logout: () => Promise<void>;
  retry: () => void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const accessToken = useSessionStore((state) => state.accessToken);
  const selectedTenantId = useTenantStore((state) => state.selectedTenantId);
  const meQuery = useMe();
  const logoutMutation = useLogout();
  const me = accessToken ? (meQuery.data ?? null) : null;

  // Mirror the active tenant (and its feature flags) into the tenant store for components that need the flags.
  useEffect(() => {
    useTenantStore.getState().setActiveTenant(me?.active_tenant ?? null);
  }, [me]);

  // A session that ended (logout, failed refresh) must not leave another user's data in the cache.
  useEffect(() => {
    if (!accessToken) queryClient.clear();
  }, [accessToken, queryClient]);

  // Only superadmins pick a tenant; a remembered pick that no longer resolves (deleted tenant) is dropped.
  const meError = meQuery.error;
  useEffect(() => {
    if (!selectedTenantId) return;
    const staleSelection = meError && (meError.status === 403 || meError.status === 404);
    const notSuperadmin = me !== null && me.role !== 'superadmin';
    if (staleSelection || notSuperadmin) {
      useTenantStore.getState().selectTenant(null);
      if (staleSelection) void queryClient.resetQueries();
    }
  }, [meError, me, selectedTenantId, queryClient]);

  const selectTenant = useCallback(
    async (tenantId: string | null) => {
      useTenantStore.getState().selectTenant(tenantId);
      // Tenant-scoped answers belong to the previous tenant: reset them so pages show loading, not stale data.
      // The session and the platform-wide tenant list stay on screen while /auth/me refetches the new tenant.
      const platformWide = (key: readonly unknown[]) => key[0] === authKeys.all[0] || key[0] === tenantKeys.all[0];
      await Promise.all([
        queryClient.resetQueries({ predicate: (query) => !platformWide(query.queryKey) }),
        queryClient.invalidateQueries({ queryKey: authKeys.me() }),
      ]);
    },
    [queryClient],
  );

  const { mutateAsync: revoke } = logoutMutation;
  const logout = useCallback(async () => {
    const refreshToken = useSessionStore.getState().refreshToken;
    try {
      if (refreshToken) await revoke(refreshToken);
    } catch {
      // The server session may already be gone; signing out locally is what matters to the user.
    }
    useSessionStore.getState().clear();
    useTenantStore.getState().reset();
    queryClient.clear();
  }, [revoke, queryClient]);

  const { refetch } = meQuery;
  const value = useMemo<AuthContextValue>(() => {
    const status: AuthStatus = !accessToken
      ? 'anonymous'
      : me
        ? 'authenticated'
        : meQuery.isError
          ? 'error'
          : 'loading';
    const permissions = new Set(me?.permissions ?? []);
    return {
      status,
      me,
      error: meQuery.error,
      activeTenant: me?.active_tenant ?? null,
      isSuperadmin: me?.role === 'superadmin',
      hasPermission: (permission) => permissions.has(permission),
      selectTenant,
      logout,
      retry: () => void refetch(),
    };
  }, [accessToken, me, meQuery.isError, meQuery.error, selectTenant, logout, refetch]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const context = useContext(AuthContext);
  if (!context) throw new Error('useAuth must be used inside <AuthProvider>');
  return context;
}
