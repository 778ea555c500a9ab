import { Building2, LayoutDashboard, ScrollText, Users } from 'lucide-react';
import type { NavItem } from '@/types';

/** Sidebar entries in order; each names the permission from contracts/permissions.ts it needs. */
export const NAV_ITEMS: readonly NavItem[] = [
  { to: '/', labelKey: 'nav.overview', icon: LayoutDashboard, permission: 'tenant:read', testId: 'nav-overview' },
  { to: '/users', labelKey: 'nav.users', icon: Users, permission: 'users:manage', testId: 'nav-users' },
  { to: '/audit', labelKey: 'nav.audit', icon: ScrollText, permission: 'audit:read', testId: 'nav-audit' },
  { to: '/tenants', labelKey: 'nav.tenants', icon: Building2, permission: 'tenants:manage', testId: 'nav-tenants' },
];
