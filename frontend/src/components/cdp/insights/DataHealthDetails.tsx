import { Info } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { DataHealth } from '@stratum/contracts';
import { Badge, type BadgeProps } from '@/components/ui/badge';
import { Popover, PopoverContent, PopoverTrigger } from '@/components/ui/popover';
import { useLocale } from '@/hooks/useLocale';
import { wholeScore } from '@/lib/cdp';
import { formatNumber, formatPercent } from '@/lib/utils';

export const GATE_TONES: Record<DataHealth['gate'], NonNullable<BadgeProps['tone']>> = {
  pass: 'success',
  hold: 'warning',
  block: 'danger',
};

const COMPONENTS = ['emq', 'identity', 'recency', 'consent'] as const;

/** The trust gate of a data health score (pass / hold / block), with what it means in its title. */
export function GateBadge({ gate }: { gate: DataHealth['gate'] }) {
  const { t } = useTranslation();
  return (
    <Badge tone={GATE_TONES[gate]} title={t(`dashboard.health.gateHints.${gate}`)} data-testid="health-gate" data-gate={gate}>
      {t(`dashboard.health.gates.${gate}`)}
    </Badge>
  );
}

/** A button that opens the four components of the score: raw value, component score and weight. */
export function DataHealthDetails({ health }: { health: DataHealth }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const valueText = (key: (typeof COMPONENTS)[number], value: number) => {
    switch (key) {
      case 'emq':
        return t('dashboard.health.values.emq', { value: formatNumber(value, locale, { maximumFractionDigits: 1 }) });
      case 'recency':
        return t('dashboard.health.values.recency', { value: formatNumber(value, locale) });
      case 'identity':
      case 'consent':
        return t(`dashboard.health.values.${key}`, { value: formatPercent(value / 100, locale) });
    }
  };

  return (
    <Popover>
      <PopoverTrigger
        className="inline-flex items-center gap-1 rounded-md px-1 py-0.5 text-xs font-medium text-indigo-600 hover:bg-indigo-50 dark:text-indigo-400 dark:hover:bg-indigo-500/10"
        aria-label={t('dashboard.health.details')}
        data-testid="health-details"
      >
        <Info className="size-3.5" aria-hidden />
      </PopoverTrigger>
      <PopoverContent aria-label={t('dashboard.health.details')} data-testid="health-popover">
        <div className="mb-3 flex items-center justify-between gap-2">
          <p className="font-semibold text-zinc-900 dark:text-zinc-100">
            {t('dashboard.health.title', { score: formatNumber(wholeScore(health.score), locale) })}
          </p>
          <GateBadge gate={health.gate} />
        </div>
        <table className="w-full text-xs">
          <thead>
            <tr className="text-zinc-500 dark:text-zinc-400">
              <th scope="col" className="pb-1.5 text-start font-medium">{t('dashboard.health.component')}</th>
              <th scope="col" className="pb-1.5 text-end font-medium">{t('dashboard.health.score')}</th>
              <th scope="col" className="pb-1.5 text-end font-medium">{t('dashboard.health.weight')}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {COMPONENTS.map((key) => {
              const component = health.components[key];
              return (
                <tr key={key} data-testid="health-component" data-component={key}>
                  <td className="py-1.5">
                    <div className="font-medium text-zinc-800 dark:text-zinc-200">{t(`dashboard.health.components.${key}`)}</div>
                    <div className="text-zinc-500 dark:text-zinc-400">{valueText(key, component.value)}</div>
                  </td>
                  <td className="py-1.5 text-end font-semibold tabular-nums text-zinc-900 dark:text-zinc-100">
                    {formatNumber(component.score, locale, { maximumFractionDigits: 0 })}
                  </td>
                  <td className="py-1.5 text-end tabular-nums text-zinc-500 dark:text-zinc-400">
                    {formatPercent(component.weight, locale, 0)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <p className="mt-3 text-xs text-zinc-500 dark:text-zinc-400">{t('dashboard.health.thresholds')}</p>
      </PopoverContent>
    </Popover>
  );
}
