import { ChevronLeft, ChevronRight } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { useLocale } from '@/hooks/useLocale';
import { formatNumber } from '@/lib/utils';

interface PaginationProps {
  page: number;
  pageSize: number;
  total: number;
  /** The count stopped at `total` and there are more (lists counted ahead, e.g. events). */
  totalCapped?: boolean;
  onPageChange: (page: number) => void;
}

export function Pagination({ page, pageSize, total, totalCapped = false, onPageChange }: PaginationProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  // "10,000+": the total is a lower bound, and so is the page count; "next" stays offered.
  const atLeast = (n: number) => formatNumber(n, locale) + (totalCapped ? '+' : '');

  return (
    <nav
      aria-label={t('pagination.label')}
      className="flex items-center justify-between gap-4 border-t border-zinc-100 px-4 py-3 text-sm text-zinc-500 dark:border-zinc-800 dark:text-zinc-400"
    >
      <p>
        {t('pagination.summary', {
          from: formatNumber(from, locale),
          to: formatNumber(to, locale),
          total: atLeast(total),
        })}
      </p>
      <div className="flex items-center gap-2">
        <span className="hidden sm:inline">{t('pagination.page', { page: formatNumber(page, locale), pages: atLeast(pages) })}</span>
        <Button
          variant="secondary"
          size="icon"
          className="size-8"
          aria-label={t('pagination.previous')}
          disabled={page <= 1}
          onClick={() => onPageChange(page - 1)}
        >
          {/* Arrows point along the reading direction, so they flip in RTL. */}
          <ChevronLeft className="rtl:rotate-180" aria-hidden />
        </Button>
        <Button
          variant="secondary"
          size="icon"
          className="size-8"
          aria-label={t('pagination.next')}
          disabled={page >= pages}
          onClick={() => onPageChange(page + 1)}
        >
          <ChevronRight className="rtl:rotate-180" aria-hidden />
        </Button>
      </div>
    </nav>
  );
}
