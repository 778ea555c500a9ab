import { useId, type ReactNode } from 'react';
import type { LucideIcon } from 'lucide-react';
import { TrendingDown, TrendingUp } from 'lucide-react';
import { Card } from '@/components/ui/card';
import { useLocale } from '@/hooks/useLocale';
import { cn, formatNumber, formatPercent } from '@/lib/utils';

interface KPIWidgetProps {
  title: string;
  /** A number is formatted for the current locale; a string is shown as given (e.g. a currency). */
  value: number | string | null | undefined;
  /** Change against the previous period in percent (12.5 = +12.5%). */
  change?: number;
  /** Context under the value, e.g. "62% of users active". */
  caption?: string;
  /** What the change is measured against, e.g. "vs yesterday"; shown after the change. */
  changeLabel?: string;
  icon?: LucideIcon;
  loading?: boolean;
  className?: string;
  /** Extra classes for the value, e.g. a colour that carries meaning (an EMQ band). */
  valueClassName?: string;
  /** Content beside the value, e.g. a status badge. */
  badge?: ReactNode;
  /** Content on the inline end of the footer, e.g. a details popover. */
  extra?: ReactNode;
  'data-testid'?: string;
  [data: `data-${string}`]: string | undefined;
}

export function KPIWidget({
  title,
  value,
  change,
  changeLabel,
  caption,
  icon: Icon,
  loading = false,
  className,
  valueClassName,
  badge,
  extra,
  ...rest
}: KPIWidgetProps) {
  const locale = useLocale();
  const shown = typeof value === 'number' ? formatNumber(value, locale) : (value ?? '—');
  const titleId = useId();

  return (
    <Card className={cn('p-5', className)} role="group" aria-labelledby={titleId} aria-busy={loading} {...rest}>
      <div className="flex items-start justify-between gap-3">
        <p id={titleId} className="text-sm font-medium text-zinc-500 dark:text-zinc-400">
          {title}
        </p>
        {Icon ? (
          <span className="flex size-9 items-center justify-center rounded-lg bg-indigo-50 text-indigo-600 dark:bg-indigo-500/10 dark:text-indigo-400">
            <Icon className="size-[18px]" aria-hidden />
          </span>
        ) : null}
      </div>
      {loading ? (
        <div className="mt-2 h-8 w-24 animate-pulse rounded-md bg-zinc-100 dark:bg-zinc-800" data-testid="kpi-skeleton" />
      ) : (
        <div className="mt-1 flex flex-wrap items-center gap-2">
          <p
            className={cn('text-3xl font-semibold tracking-tight text-zinc-900 tabular-nums dark:text-zinc-50', valueClassName)}
            data-testid="kpi-value"
          >
            {shown}
          </p>
          {badge}
        </div>
      )}
      {!loading && (change !== undefined || caption || extra) ? (
        <div className="mt-2 flex items-center gap-2 text-xs">
          {change !== undefined ? <ChangeBadge change={change} locale={locale} /> : null}
          {changeLabel && change !== undefined ? <span className="text-zinc-500 dark:text-zinc-400">{changeLabel}</span> : null}
          {caption ? <span className="text-zinc-500 dark:text-zinc-400">{caption}</span> : null}
          {extra ? <span className="ms-auto">{extra}</span> : null}
        </div>
      ) : null}
    </Card>
  );
}

function ChangeBadge({ change, locale }: { change: number; locale: string }) {
  const up = change >= 0;
  const Trend = up ? TrendingUp : TrendingDown;
  const text = formatPercent(change / 100, locale);
  return (
    <span
      className={cn(
        'inline-flex items-center gap-1 rounded-full px-1.5 py-0.5 font-medium',
        up
          ? 'bg-emerald-50 text-emerald-700 dark:bg-emerald-500/10 dark:text-emerald-300'
          : 'bg-red-50 text-red-700 dark:bg-red-500/10 dark:text-red-300',
      )}
      data-testid="kpi-change"
    >
      <Trend className="size-3" aria-hidden />
      {up ? `+${text}` : text}
    </span>
  );
}
