import { Loader2 } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { cn } from '@/lib/utils';

interface LoadingSpinnerProps {
  className?: string;
  /** Accessible label; defaults to "Loading…". */
  label?: string;
  size?: 'sm' | 'md' | 'lg';
  /** Centre the spinner in a padded block (for whole sections or pages). */
  block?: boolean;
}

const sizes = { sm: 'size-4', md: 'size-6', lg: 'size-8' } as const;

export function LoadingSpinner({ className, label, size = 'md', block = false }: LoadingSpinnerProps) {
  const { t } = useTranslation();
  return (
    <div
      role="status"
      aria-live="polite"
      className={cn(block && 'flex items-center justify-center py-16', 'text-indigo-600 dark:text-indigo-400', className)}
    >
      <Loader2 className={cn('animate-spin', sizes[size])} aria-hidden />
      <span className="sr-only">{label ?? t('common.loading')}</span>
    </div>
  );
}
