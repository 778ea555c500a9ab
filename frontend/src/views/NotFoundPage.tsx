import { Link } from 'react-router-dom';
import { Compass } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '@/components/common/EmptyState';
import { Button } from '@/components/ui/button';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <EmptyState
      icon={Compass}
      title={t('errors.notFoundTitle')}
      description={t('errors.notFoundDescription')}
      action={
        <Button asChild variant="secondary">
          <Link to="/">{t('errors.backHome')}</Link>
        </Button>
      }
    />
  );
}
