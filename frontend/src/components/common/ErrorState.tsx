import { AlertTriangle, RotateCw } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { errorMessage } from '@/hooks/useToast';
import { cn } from '@/lib/utils';

interface ErrorStateProps {
  title: string;
  error?: unknown;
  onRetry?: () => void;
  className?: string;
}

/** A failed load: what failed, the API's reason, and a retry. */
export function ErrorState({ title, error, onRetry, className }: ErrorStateProps) {
  const { t } = useTranslation();
  return (
    <div role="alert" className={cn('flex flex-col items-center justify-center px-6 py-14 text-center', className)}>
      <div className="mb-4 flex size-12 items-center justify-center rounded-full bg-red-50 text-red-600 dark:bg-red-500/10 dark:text-red-400">
        <AlertTriangle className="size-6" aria-hidden />
      </div>
      <h3 className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">{title}</h3>
      {error !== undefined ? (
        <p className="mt-1 max-w-sm text-sm text-zinc-500 dark:text-zinc-400">{errorMessage(error, t)}</p>
      ) : null}
      {onRetry ? (
        <Button variant="secondary" size="sm" className="mt-5" onClick={onRetry}>
          <RotateCw aria-hidden />
          {t('common.retry')}
        </Button>
      ) : null}
    </div>
  );
}
