import { useState } from 'react';
import { Search, UserPlus, Users } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role, type User } from '@stratum/contracts';
import { useDeleteUser, useUsers } from '@/api/users';
import { ConfirmDialog } from '@/components/common/ConfirmDialog';
import { EmptyState } from '@/components/common/EmptyState';
import { ErrorState } from '@/components/common/ErrorState';
import { LoadingSpinner } from '@/components/common/LoadingSpinner';
import { PageHeader } from '@/components/common/PageHeader';
import { Pagination } from '@/components/common/Pagination';
import { SearchField } from '@/components/common/SearchField';
import { RequireActiveTenant } from '@/components/layout/RouteGuards';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Select } from '@/components/ui/input';
import { CreateUserDialog } from '@/components/users/CreateUserDialog';
import { EditUserDialog } from '@/components/users/EditUserDialog';
import { UsersTable } from '@/components/users/UsersTable';
import { useAuth } from '@/contexts/AuthContext';
import { useDebouncedValue } from '@/hooks/useDebouncedValue';
import { useToast } from '@/hooks/useToast';

const PAGE_SIZE = 20;

export function UsersPage() {
  return (
    <RequireActiveTenant>
      <UsersDirectory />
    </RequireActiveTenant>
  );
}

function UsersDirectory() {
  const { t } = useTranslation();
  const toast = useToast();
  const { me, isSuperadmin, activeTenant } = useAuth();
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [deleting, setDeleting] = useState<User | null>(null);
  const q = useDebouncedValue(search.trim());
  // A superadmin names the tenant explicitly; a tenant admin's tenant comes from the token.
  const tenantId = isSuperadmin ? activeTenant?.id : undefined;
  const users = useUsers({ q, role: role || undefined, tenant_id: tenantId, page, page_size: PAGE_SIZE });
  const deleteUser = useDeleteUser();
  const filtered = q !== '' || role !== '';

  const confirmDelete = () => {
    if (!deleting) return;
    deleteUser.mutate(deleting.id, {
      onSuccess: () => {
        toast.success(t('users.deleted'));
        setDeleting(null);
      },
      onError: (error) => toast.apiError(error),
    });
  };

  return (
    <>
      <PageHeader
        title={t('users.title')}
        description={t('users.subtitle')}
        actions={
          <Button onClick={() => setCreating(true)} data-testid="add-user">
            <UserPlus aria-hidden />
            {t('users.add')}
          </Button>
        }
      />
      <Card>
        <div className="flex flex-col gap-3 border-b border-zinc-100 p-4 sm:flex-row dark:border-zinc-800">
          <SearchField
            className="flex-1"
            aria-label={t('users.search')}
            placeholder={t('users.searchPlaceholder')}
            value={search}
            onChange={(event) => {
              setSearch(event.target.value);
              setPage(1);
            }}
          />
          <Select
            aria-label={t('users.roleFilter')}
            className="sm:w-44"
            value={role}
            onChange={(event) => {
              setRole(event.target.value as Role | '');
              setPage(1);
            }}
          >
            <option value="">{t('users.allRoles')}</option>
            {ROLES.map((value) => (
              <option key={value} value={value}>
                {t(`roles.${value}`)}
              </option>
            ))}
          </Select>
        </div>
        {users.isPending ? (
          <LoadingSpinner block />
        ) : users.isError ? (
          <ErrorState title={t('users.loadError')} error={users.error} onRetry={() => void users.refetch()} />
        ) : users.data.items.length === 0 ? (
          filtered ? (
            <EmptyState icon={Search} title={t('users.emptyFiltered')} description={t('users.emptyFilteredDescription')} />
          ) : (
            <EmptyState icon={Users} title={t('users.empty')} description={t('users.emptyDescription')} />
          )
        ) : (
          <>
            <UsersTable users={users.data.items} currentUserId={me?.id} onEdit={setEditing} onDelete={setDeleting} />
            <Pagination page={page} pageSize={PAGE_SIZE} total={users.data.total} onPageChange={setPage} />
          </>
        )}
      </Card>

      <CreateUserDialog open={creating} onOpenChange={setCreating} tenantId={tenantId} />
      <EditUserDialog user={editing} onClose={() => setEditing(null)} />
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => {
          if (!open) setDeleting(null);
        }}
        title={t('users.deleteTitle')}
        description={deleting ? t('users.deleteDescription', { email: deleting.email }) : ''}
        confirmLabel={t('common.delete')}
        pendingLabel={t('common.deleting')}
        pending={deleteUser.isPending}
        onConfirm={confirmDelete}
      />
    </>
  );
}
