import { useTranslation } from 'react-i18next';
import type { LifecycleStage } from '@stratum/contracts';
import { Badge, type BadgeProps } from '@/components/ui/badge';
import { useLocale } from '@/hooks/useLocale';
import { EMQ_BAND_CLASSES, emqBand } from '@/lib/cdp';
import { cn, formatNumber } from '@/lib/utils';

const LIFECYCLE_TONES: Record<LifecycleStage, NonNullable<BadgeProps['tone']>> = {
  anonymous: 'neutral',
  known: 'accent',
  customer: 'success',
  churned: 'warning',
};

export function LifecycleBadge({ stage, className }: { stage: LifecycleStage; className?: string }) {
  const { t } = useTranslation();
  return (
    <Badge tone={LIFECYCLE_TONES[stage]} className={className} data-testid="lifecycle-badge" data-stage={stage}>
      {t(`cdp.lifecycle.${stage}`)}
    </Badge>
  );
}

/** An event's match quality: the score, coloured by its band, with the band named for screen readers. */
export function EmqBadge({ score, className }: { score: number; className?: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const band = emqBand(score);
  const label = t('cdp.emqScore', { score: formatNumber(score, locale), band: t(`cdp.emqBands.${band}`) });
  return (
    <span
      className={cn(
        'inline-flex min-w-9 items-center justify-center rounded-full px-2 py-0.5 text-xs font-semibold tabular-nums ring-1 ring-inset',
        EMQ_BAND_CLASSES[band].badge,
        className,
      )}
      title={label}
      data-testid="emq-badge"
      data-band={band}
    >
      <span aria-hidden>{formatNumber(score, locale)}</span>
      <span className="sr-only">{label}</span>
    </span>
  );
}
