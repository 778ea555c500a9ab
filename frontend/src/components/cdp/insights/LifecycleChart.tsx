import { useTranslation } from 'react-i18next';
import { Cell, Pie, PieChart, ResponsiveContainer } from 'recharts';
import { LIFECYCLE_STAGES, type ProfileStatistics } from '@stratum/contracts';
import { useLocale } from '@/hooks/useLocale';
import { formatNumber, formatPercent } from '@/lib/utils';
import { useChartTheme } from './chartTheme';

/** Profiles per lifecycle stage: a donut with the total in its hole, and the same figures as a list beside it. */
export function LifecycleChart({ statistics }: { statistics: ProfileStatistics }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const theme = useChartTheme();
  const total = statistics.total_profiles;
  const stages = LIFECYCLE_STAGES.map((stage) => ({ stage, count: statistics.by_lifecycle[stage] ?? 0 }));

  if (total === 0) return <p className="py-10 text-center text-sm text-zinc-500 dark:text-zinc-400">{t('dashboard.lifecycle.empty')}</p>;

  return (
    <div className="flex flex-col items-center gap-6 sm:flex-row lg:flex-col">
      <div className="relative size-40 shrink-0" aria-hidden>
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 160, height: 160 }}>
          <PieChart>
            <Pie
              data={stages}
              dataKey="count"
              nameKey="stage"
              innerRadius="68%"
              outerRadius="100%"
              paddingAngle={stages.filter((s) => s.count > 0).length > 1 ? 2 : 0}
              stroke="none"
              startAngle={90}
              endAngle={theme.rtl ? 450 : -270}
              isAnimationActive={false}
            >
              {stages.map(({ stage }) => (
                <Cell key={stage} fill={theme.lifecycle[stage]} />
              ))}
            </Pie>
          </PieChart>
        </ResponsiveContainer>
        <div className="pointer-events-none absolute inset-0 flex flex-col items-center justify-center">
          <span className="text-xl font-semibold tabular-nums text-zinc-900 dark:text-zinc-50">{formatNumber(total, locale)}</span>
          <span className="text-[11px] text-zinc-500 dark:text-zinc-400">{t('dashboard.kpi.profiles')}</span>
        </div>
      </div>
      <ul className="w-full space-y-2.5" aria-label={t('dashboard.lifecycle.title')} data-testid="lifecycle-list">
        {stages.map(({ stage, count }) => (
          <li key={stage} className="flex items-center gap-2 text-sm" data-stage={stage}>
            <span className="size-2.5 shrink-0 rounded-full" style={{ backgroundColor: theme.lifecycle[stage] }} aria-hidden />
            <span className="text-zinc-700 dark:text-zinc-300">{t(`cdp.lifecycle.${stage}`)}</span>
            <span className="ms-auto whitespace-nowrap tabular-nums text-zinc-900 dark:text-zinc-100">
              {t('dashboard.lifecycle.share', { value: formatNumber(count, locale), percent: formatPercent(count / total, locale) })}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
