import type { LucideIcon } from 'lucide-react';
import type { Permission } from '@stratum/contracts';
import type { en } from '@/i18n/en';

/** A sidebar entry: shown only when the signed-in user holds `permission` (from /auth/me). */
export interface NavItem {
  to: string;
  labelKey: `nav.${Exclude<keyof typeof en.nav, 'main' | 'collapse' | 'expand' | 'administration' | 'platform'>}`;
  icon: LucideIcon;
  permission: Permission;
  testId: string;
}
