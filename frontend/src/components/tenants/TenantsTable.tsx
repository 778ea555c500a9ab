import { Flag, Power } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { Tenant } from '@stratum/contracts';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from '@/components/ui/table';
import { useLocale } from '@/hooks/useLocale';
import { formatDate } from '@/lib/utils';

interface TenantsTableProps {
  tenants: Tenant[];
  onEditFlags: (tenant: Tenant) => void;
  onToggleActive: (tenant: Tenant) => void;
}

export function TenantsTable({ tenants, onEditFlags, onToggleActive }: TenantsTableProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <Table>
      <TableHead>
        <tr>
          <TableHeaderCell>{t('tenants.name')}</TableHeaderCell>
          <TableHeaderCell>{t('tenants.plan')}</TableHeaderCell>
          <TableHeaderCell>{t('tenants.flags')}</TableHeaderCell>
          <TableHeaderCell>{t('tenants.status')}</TableHeaderCell>
          <TableHeaderCell>{t('tenants.created')}</TableHeaderCell>
          <TableHeaderCell className="text-end">{t('common.actions')}</TableHeaderCell>
        </tr>
      </TableHead>
      <TableBody>
        {tenants.map((tenant) => {
          const enabled = Object.values(tenant.feature_flags).filter(Boolean).length;
          return (
            <TableRow key={tenant.id} data-testid="tenant-row">
              <TableCell>
                <div className="font-medium text-zinc-900 dark:text-zinc-100">{tenant.name}</div>
                <div className="font-mono text-xs text-zinc-500">
                  <span dir="ltr">{tenant.slug}</span>
                </div>
              </TableCell>
              <TableCell>
                <Badge tone="accent">{t(`plans.${tenant.plan}`)}</Badge>
              </TableCell>
              <TableCell className="text-zinc-500 dark:text-zinc-400">
                {t('tenants.flagsCount', { count: enabled })}
              </TableCell>
              <TableCell>
                <Badge tone={tenant.is_active ? 'success' : 'neutral'}>
                  {tenant.is_active ? t('common.active') : t('common.inactive')}
                </Badge>
              </TableCell>
              <TableCell className="whitespace-nowrap text-zinc-500 dark:text-zinc-400">
                {formatDate(tenant.created_at, locale, { dateStyle: 'medium' })}
              </TableCell>
              <TableCell className="text-end">
                <div className="inline-flex gap-1">
                  <Button variant="ghost" size="sm" onClick={() => onEditFlags(tenant)} aria-label={t('tenants.manageFlagsFor', { name: tenant.name })}>
                    <Flag aria-hidden />
                    <span className="hidden lg:inline">{t('tenants.manageFlags')}</span>
                  </Button>
                  <Button
                    variant="ghost"
                    size="sm"
                    onClick={() => onToggleActive(tenant)}
                    className={tenant.is_active ? 'hover:text-red-600' : undefined}
                  >
                    <Power aria-hidden />
                    {tenant.is_active ? t('tenants.deactivate') : t('tenants.activate')}
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
