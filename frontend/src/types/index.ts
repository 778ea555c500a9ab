import type { LucideIcon } from 'lucide-react';
import type { GatedFeature, Permission } from '@stratum/contracts';
import type { collectionEn } from '@/i18n/collection.en';
import type { en } from '@/i18n/en';

type NavSectionKey = 'administration' | 'platform' | 'customerData';

/** A sidebar entry: shown only when the signed-in user holds `permission` (from /auth/me). */
export interface NavItem {
  to: string;
  labelKey: `nav.${Exclude<keyof typeof en.nav, 'main' | 'collapse' | 'expand' | NavSectionKey>}` | `collection.nav.${keyof typeof collectionEn.nav}`;
  icon: LucideIcon;
  permission: Permission;
  testId: string;
  /** Active only on exactly this path, not on the pages below it (a section's home). */
  end?: boolean;
  /** Features the tenant must have (see featureEnabled): the entry is hidden where one is switched off. */
  features?: readonly GatedFeature[];
}

/** A titled group of sidebar entries; the group is hidden when the user may open none of them. */
export interface NavSection {
  id: string;
  /** `null` for the untitled top group. */
  labelKey: `nav.${NavSectionKey}` | null;
  items: readonly NavItem[];
}
