import { useAuth } from '@/contexts/AuthContext';
import { LanguageSwitch } from './LanguageSwitch';
import { TenantSwitcher } from './TenantSwitcher';
import { ThemeToggle } from './ThemeToggle';
import { UserMenu } from './UserMenu';

export function Topbar() {
  const { isSuperadmin, activeTenant } = useAuth();
  return (
    <header className="flex h-14 shrink-0 items-center justify-between gap-4 border-b border-zinc-200 bg-white/80 px-4 backdrop-blur sm:px-6 dark:border-zinc-800 dark:bg-zinc-900/80">
      <div className="flex min-w-0 items-center gap-3">
        {isSuperadmin ? (
          <TenantSwitcher />
        ) : (
          <span className="truncate text-sm font-medium text-zinc-700 dark:text-zinc-200" data-testid="tenant-name">
            {activeTenant?.name}
          </span>
        )}
      </div>
      <div className="flex items-center gap-1">
        <LanguageSwitch />
        <ThemeToggle />
        <span className="mx-1 h-6 w-px bg-zinc-200 dark:bg-zinc-800" aria-hidden />
        <UserMenu />
      </div>
    </header>
  );
}
