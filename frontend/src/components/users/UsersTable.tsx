import { Pencil, Trash2 } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { User } from '@stratum/contracts';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from '@/components/ui/table';
import { useLocale } from '@/hooks/useLocale';
import { formatDate } from '@/lib/utils';

interface UsersTableProps {
  users: User[];
  currentUserId: string | undefined;
  onEdit: (user: User) => void;
  onDelete: (user: User) => void;
}

export function UsersTable({ users, currentUserId, onEdit, onDelete }: UsersTableProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <Table>
      <TableHead>
        <tr>
          <TableHeaderCell>{t('users.name')}</TableHeaderCell>
          <TableHeaderCell>{t('users.role')}</TableHeaderCell>
          <TableHeaderCell>{t('users.status')}</TableHeaderCell>
          <TableHeaderCell>{t('users.lastLogin')}</TableHeaderCell>
          <TableHeaderCell className="text-end">{t('common.actions')}</TableHeaderCell>
        </tr>
      </TableHead>
      <TableBody>
        {users.map((user) => {
          const self = user.id === currentUserId;
          // Superadmins are platform staff: tenant admins cannot change or remove them, and nobody deletes themselves.
          const locked = user.role === 'superadmin';
          return (
            <TableRow key={user.id} data-testid="user-row">
              <TableCell>
                <div className="font-medium text-zinc-900 dark:text-zinc-100">
                  {user.full_name}
                  {self ? <span className="ms-2 text-xs font-normal text-zinc-500">({t('users.you')})</span> : null}
                </div>
                {/* An inline ltr run keeps the address readable and still aligned to the cell's start in RTL. */}
                <div className="text-xs text-zinc-500 dark:text-zinc-400">
                  <span dir="ltr">{user.email}</span>
                </div>
              </TableCell>
              <TableCell>
                <Badge tone={user.role === 'admin' || locked ? 'accent' : 'neutral'}>{t(`roles.${user.role}`)}</Badge>
              </TableCell>
              <TableCell>
                <Badge tone={user.is_active ? 'success' : 'neutral'}>
                  {user.is_active ? t('common.active') : t('common.inactive')}
                </Badge>
              </TableCell>
              <TableCell className="whitespace-nowrap text-zinc-500 dark:text-zinc-400">
                {user.last_login_at ? formatDate(user.last_login_at, locale) : t('common.never')}
              </TableCell>
              <TableCell className="text-end">
                <div className="inline-flex gap-1">
                  <Button
                    variant="ghost"
                    size="icon"
                    className="size-8"
                    aria-label={t('users.edit', { name: user.full_name })}
                    disabled={locked || self}
                    onClick={() => onEdit(user)}
                  >
                    <Pencil aria-hidden />
                  </Button>
                  <Button
                    variant="ghost"
                    size="icon"
                    className="size-8 hover:text-red-600 dark:hover:text-red-400"
                    aria-label={t('users.remove', { name: user.full_name })}
                    disabled={locked || self}
                    onClick={() => onDelete(user)}
                  >
                    <Trash2 aria-hidden />
                  </Button>
                </div>
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
