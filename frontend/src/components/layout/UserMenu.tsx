import { useState } from 'react';
import { ChevronDown, KeyRound, LogOut } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { useAuth } from '@/contexts/AuthContext';
import { useAccountText } from '@/i18n/accountText';
import { ChangePasswordDialog } from './ChangePasswordDialog';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return (parts.length > 1 ? `${parts[0]?.[0] ?? ''}${parts.at(-1)?.[0] ?? ''}` : name.slice(0, 2)).toUpperCase();
}

export function UserMenu() {
  const { t } = useTranslation();
  const { me, logout } = useAuth();
  const accountText = useAccountText();
  const navigate = useNavigate();
  const [changingPassword, setChangingPassword] = useState(false);
  if (!me) return null;

  const signOut = async () => {
    await logout();
    navigate('/login', { replace: true });
  };

  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger
          aria-label={t('topbar.userMenu')}
          data-testid="user-menu"
          className="flex items-center gap-2 rounded-md px-1.5 py-1 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800"
        >
          <span className="flex size-7 items-center justify-center rounded-full bg-indigo-100 text-xs font-semibold text-indigo-700 dark:bg-indigo-500/20 dark:text-indigo-300">
            {initials(me.full_name || me.email)}
          </span>
          <span className="hidden max-w-32 truncate font-medium text-zinc-700 md:inline dark:text-zinc-200">{me.full_name}</span>
          <ChevronDown className="size-4 text-zinc-400" aria-hidden />
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          <DropdownMenuLabel className="px-2 py-1.5">
            <p className="text-xs text-zinc-500 dark:text-zinc-400">{t('topbar.signedInAs')}</p>
            <p className="truncate text-sm font-medium text-zinc-900 dark:text-zinc-100">{me.email}</p>
            <p className="text-xs text-zinc-500 dark:text-zinc-400">{t(`roles.${me.role}`)}</p>
          </DropdownMenuLabel>
          <DropdownMenuSeparator />
          <DropdownMenuItem onSelect={() => setChangingPassword(true)} data-testid="change-password">
            <KeyRound aria-hidden />
            {accountText('changePassword')}
          </DropdownMenuItem>
          <DropdownMenuItem onSelect={() => void signOut()} data-testid="logout">
            <LogOut aria-hidden />
            {t('topbar.signOut')}
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <ChangePasswordDialog open={changingPassword} onOpenChange={setChangingPassword} />
    </>
  );
}
