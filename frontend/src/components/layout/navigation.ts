import { Building2, Calculator, Database, FileUp, Gauge, LayoutDashboard, PlugZap, ScrollText, Settings2, UserRound, Users } from 'lucide-react';
import type { NavItem, NavSection } from '@/types';

/** Sidebar groups and entries in order; each entry names the permission from contracts/permissions.ts it needs. */
export const NAV_SECTIONS: readonly NavSection[] = [
  {
    id: 'main',
    labelKey: null,
    items: [{ to: '/', labelKey: 'nav.overview', icon: LayoutDashboard, permission: 'tenant:read', testId: 'nav-overview' }],
  },
  {
    id: 'customer-data',
    labelKey: 'nav.customerData',
    items: [
      { to: '/cdp', labelKey: 'nav.dashboard', icon: Gauge, permission: 'cdp:read', testId: 'nav-cdp-dashboard', end: true, features: ['cdp'] },
      { to: '/cdp/sources', labelKey: 'nav.sources', icon: PlugZap, permission: 'cdp:read', testId: 'nav-cdp-sources', features: ['cdp'] },
      { to: '/cdp/profiles', labelKey: 'nav.profiles', icon: UserRound, permission: 'cdp:read', testId: 'nav-cdp-profiles', features: ['cdp'] },
      { to: '/cdp/events', labelKey: 'nav.events', icon: Database, permission: 'cdp:read', testId: 'nav-cdp-events', features: ['cdp'] },
      { to: '/cdp/imports', labelKey: 'collection.nav.imports', icon: FileUp, permission: 'cdp:read', testId: 'nav-cdp-imports', features: ['cdp'] },
      { to: '/cdp/roi', labelKey: 'nav.roi', icon: Calculator, permission: 'cdp:read', testId: 'nav-cdp-roi', features: ['cdp', 'cdp_roi_calculator'] },
      { to: '/cdp/settings', labelKey: 'nav.cdpSettings', icon: Settings2, permission: 'cdp:read', testId: 'nav-cdp-settings', features: ['cdp'] },
    ],
  },
  {
    id: 'administration',
    labelKey: 'nav.administration',
    items: [
      { to: '/users', labelKey: 'nav.users', icon: Users, permission: 'users:manage', testId: 'nav-users' },
      { to: '/audit', labelKey: 'nav.audit', icon: ScrollText, permission: 'audit:read', testId: 'nav-audit' },
    ],
  },
  {
    id: 'platform',
    labelKey: 'nav.platform',
    items: [{ to: '/tenants', labelKey: 'nav.tenants', icon: Building2, permission: 'tenants:manage', testId: 'nav-tenants' }],
  },
];

/** Every entry in sidebar order. */
export const NAV_ITEMS: readonly NavItem[] = NAV_SECTIONS.flatMap((section) => section.items);
