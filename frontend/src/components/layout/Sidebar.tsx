import { NavLink } from 'react-router-dom';
import { featureEnabled } from '@stratum/contracts';
import { Layers, PanelLeftClose, PanelLeftOpen } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '@/contexts/AuthContext';
import { useMediaQuery } from '@/hooks/useMediaQuery';
import { useUiStore } from '@/stores/ui';
import { cn } from '@/lib/utils';
import { NAV_SECTIONS } from './navigation';

export function Sidebar() {
  const { t } = useTranslation();
  const { hasPermission, activeTenant } = useAuth();
  // Below Tailwind's `md` a full sidebar would leave the page a third of a phone's width: icons only there, and
  // the choice made on a wider screen is kept for when the window grows again.
  const wide = useMediaQuery('(min-width: 768px)', true);
  const collapsed = useUiStore((state) => state.sidebarCollapsed) || !wide;
  const toggleSidebar = useUiStore((state) => state.toggleSidebar);
  const sections = NAV_SECTIONS.map((section) => ({
    ...section,
    items: section.items.filter(
      (item) => hasPermission(item.permission) && (item.features ?? []).every((feature) => featureEnabled(activeTenant?.feature_flags, feature)),
    ),
  })).filter((section) => section.items.length > 0);
  const ToggleIcon = collapsed ? PanelLeftOpen : PanelLeftClose;

  return (
    <aside
      className={cn(
        'flex shrink-0 flex-col border-e border-zinc-200 bg-white transition-[width] dark:border-zinc-800 dark:bg-zinc-900',
        collapsed ? 'w-16' : 'w-60',
      )}
    >
      <div className="flex h-14 items-center gap-2 border-b border-zinc-200 px-4 dark:border-zinc-800">
        <span className="flex size-8 shrink-0 items-center justify-center rounded-lg bg-indigo-600 text-white">
          <Layers className="size-4" aria-hidden />
        </span>
        {collapsed ? null : (
          <span className="truncate text-sm font-semibold tracking-tight text-zinc-900 dark:text-zinc-50">
            {t('common.appName')}
          </span>
        )}
      </div>
      <nav aria-label={t('nav.main')} className="flex-1 space-y-4 overflow-y-auto p-3">
        {sections.map((section) => {
          const headingId = `nav-section-${section.id}`;
          const heading = section.labelKey ? t(section.labelKey) : null;
          return (
            <div key={section.id} role="group" aria-labelledby={heading ? headingId : undefined} className="space-y-1">
              {heading ? (
                collapsed ? (
                  <>
                    <span id={headingId} className="sr-only">{heading}</span>
                    <div className="mx-2 mb-2 h-px bg-zinc-200 dark:bg-zinc-800" aria-hidden />
                  </>
                ) : (
                  <p
                    id={headingId}
                    className="px-2.5 pb-1 text-[11px] font-semibold uppercase tracking-wider text-zinc-400 dark:text-zinc-500"
                  >
                    {heading}
                  </p>
                )
              ) : null}
              {section.items.map((item) => (
                <NavLink
                  key={item.to}
                  to={item.to}
                  end={item.end ?? item.to === '/'}
                  data-testid={item.testId}
                  title={collapsed ? t(item.labelKey) : undefined}
                  className={({ isActive }) =>
                    cn(
                      'flex items-center gap-3 rounded-md px-2.5 py-2 text-sm font-medium transition-colors',
                      isActive
                        ? 'bg-indigo-50 text-indigo-700 dark:bg-indigo-500/10 dark:text-indigo-300'
                        : 'text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100',
                    )
                  }
                >
                  <item.icon className="size-[18px] shrink-0" aria-hidden />
                  <span className={cn(collapsed && 'sr-only')}>{t(item.labelKey)}</span>
                </NavLink>
              ))}
            </div>
          );
        })}
      </nav>
      {wide ? (
        <div className="border-t border-zinc-200 p-3 dark:border-zinc-800">
          <button
            type="button"
            onClick={toggleSidebar}
            aria-expanded={!collapsed}
            className="flex w-full items-center gap-3 rounded-md px-2.5 py-2 text-sm text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
          >
            <ToggleIcon className="size-[18px] shrink-0 rtl:rotate-180" aria-hidden />
            <span className={cn(collapsed && 'sr-only')}>{collapsed ? t('nav.expand') : t('nav.collapse')}</span>
          </button>
        </div>
      ) : null}
    </aside>
  );
}
