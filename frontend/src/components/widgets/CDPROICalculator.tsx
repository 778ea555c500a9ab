import { useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { ArrowRight, Database, RotateCcw } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import {
  ROI_DEFAULTS,
  ROI_SLIDERS,
  calculateRoi,
  roiColour,
  type RoiColour,
  type RoiInputs,
  type RoiSliderSpec,
} from '@stratum/contracts';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Slider } from '@/components/ui/slider';
import { Switch } from '@/components/ui/switch';
import { errorMessage } from '@/hooks/useToast';
import { LOCALES, directionOf } from '@/i18n';
import { snapToSlider } from '@/lib/insights';
import { cn, formatNumber } from '@/lib/utils';
import { useUiStore } from '@/stores/ui';

/** What "use my data" fills in, in percent, as the tenant's CDP measured it. */
export interface MyRoiData {
  matchRate: number;
  conversionRate: number;
  basedOn?: { profiles: number; sessions: number; purchases: number };
}

export interface CDPROICalculatorProps {
  /** ISO 4217 code the money figures are shown in. */
  currency?: string;
  /** Intl locale for numbers and money; the UI language's locale by default. */
  locale?: string;
  /** Start values (e.g. a prospect's own figures); taken as given, the rest come from the SPEC defaults. */
  initialValues?: Partial<RoiInputs>;
  /** Offers a "use my data" switch when available (the console, signed in); `load` fetches the tenant's figures. */
  useMyData?: { available: boolean; load: () => Promise<MyRoiData> };
  className?: string;
}

const COLOUR_CLASSES: Record<RoiColour, string> = {
  green: 'text-emerald-600 dark:text-emerald-400',
  amber: 'text-amber-600 dark:text-amber-400',
  red: 'text-red-600 dark:text-red-400',
};

type MyDataState =
  | { status: 'off' }
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'on'; data: MyRoiData; adjusted: boolean };

const sliderSpec = (key: keyof RoiInputs): RoiSliderSpec => ROI_SLIDERS.find((spec) => spec.key === key)!;

/**
 * The CDP ROI calculator of SPEC §4: seven sliders in, the attributed conversions, revenue, ROI, payback and
 * 12-month value out, all computed by the shared `calculateRoi` so the console, the public sales page and the
 * backend never disagree.
 */
export function CDPROICalculator({ currency = 'USD', locale, initialValues, useMyData, className }: CDPROICalculatorProps) {
  const { t } = useTranslation();
  const language = useUiStore((state) => state.language);
  const shownLocale = locale ?? LOCALES[language];
  const dir = directionOf(language);
  const start = useMemo(() => ({ ...ROI_DEFAULTS, ...initialValues }), [initialValues]);
  const [inputs, setInputs] = useState<RoiInputs>(start);
  const [myData, setMyData] = useState<MyDataState>({ status: 'off' });
  // The two values "use my data" replaced, given back when it is switched off.
  const beforeMyData = useRef<Pick<RoiInputs, 'currentMatchRate' | 'conversionRate'> | null>(null);
  const result = calculateRoi(inputs);
  const colour = roiColour(result.roiPercent);

  const format = useMemo(() => {
    const whole = new Intl.NumberFormat(shownLocale, { maximumFractionDigits: 0 });
    const signed = new Intl.NumberFormat(shownLocale, { maximumFractionDigits: 0, signDisplay: 'exceptZero' });
    const moneyOptions = { style: 'currency', currency, minimumFractionDigits: 0, maximumFractionDigits: 0 } as const;
    const money = new Intl.NumberFormat(shownLocale, moneyOptions);
    const signedMoney = new Intl.NumberFormat(shownLocale, { ...moneyOptions, signDisplay: 'exceptZero' });
    const percent = (value: number, digits = 1) =>
      formatNumber(value / 100, shownLocale, { style: 'percent', maximumFractionDigits: digits });
    return {
      whole: (n: number) => whole.format(Math.round(n)),
      signed: (n: number) => signed.format(Math.round(n)),
      money: (n: number) => money.format(Math.round(n)),
      signedMoney: (n: number) => signedMoney.format(Math.round(n)),
      percent,
    };
  }, [shownLocale, currency]);

  /** A slider value as shown and as read out: "100,000 sessions", "2.5%", "$500", "+40 pts". */
  const sliderText = (key: keyof RoiInputs, value: number): { shown: string; spoken: string } => {
    switch (key) {
      case 'monthlySessions': {
        const text = t('roi.sessions', { value: format.whole(value) });
        return { shown: format.whole(value), spoken: text };
      }
      case 'averageOrderValue':
      case 'monthlyCost':
        return { shown: format.money(value), spoken: format.money(value) };
      case 'matchRateImprovement':
        return { shown: t('roi.points', { value: format.whole(value) }), spoken: t('roi.pointsText', { value: format.whole(value) }) };
      case 'conversionRate':
      case 'grossMargin':
      case 'currentMatchRate':
        return { shown: format.percent(value), spoken: format.percent(value) };
    }
  };

  const setInput = (key: keyof RoiInputs, value: number) => setInputs((current) => ({ ...current, [key]: value }));

  async function switchMyData(on: boolean) {
    if (!useMyData) return;
    if (!on) {
      const before = beforeMyData.current;
      if (before) setInputs((current) => ({ ...current, ...before }));
      beforeMyData.current = null;
      setMyData({ status: 'off' });
      return;
    }
    setMyData({ status: 'loading' });
    try {
      const data = await useMyData.load();
      const currentMatchRate = snapToSlider(data.matchRate, sliderSpec('currentMatchRate'));
      const conversionRate = snapToSlider(data.conversionRate, sliderSpec('conversionRate'));
      beforeMyData.current = { currentMatchRate: inputs.currentMatchRate, conversionRate: inputs.conversionRate };
      setInputs((current) => ({ ...current, currentMatchRate, conversionRate }));
      setMyData({
        status: 'on',
        data,
        adjusted: currentMatchRate !== data.matchRate || conversionRate !== data.conversionRate,
      });
    } catch (error) {
      setMyData({ status: 'error', error });
    }
  }

  function reset() {
    beforeMyData.current = null;
    setMyData({ status: 'off' });
    setInputs(start);
  }

  const gainedPoints = Math.min(inputs.currentMatchRate + inputs.matchRateImprovement, 100) - inputs.currentMatchRate;
  const summary = t(result.monthlyNet >= 0 ? 'roi.summary' : 'roi.summaryLoss', {
    points: format.whole(gainedPoints),
    conversions: format.whole(result.incrementalConversions),
    revenue: format.money(result.incrementalRevenue),
    net: format.money(result.monthlyNet),
  });
  const payback =
    result.paybackMonths === null
      ? t('roi.noPayback')
      : result.paybackMonths < 1
        ? t('roi.paybackUnderMonth')
        : t('roi.paybackMonths', {
            months: formatNumber(result.paybackMonths, shownLocale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
          });
  const inputsHeadingId = useId();
  const resultsHeadingId = useId();
  const roiText = format.percent(result.roiPercent, Math.abs(result.roiPercent) >= 100 ? 0 : 1);

  return (
    <Card className={cn('overflow-hidden', className)} data-testid="roi-calculator">
      <div className="grid lg:grid-cols-5">
        <section aria-labelledby={inputsHeadingId} className="space-y-6 p-6 lg:col-span-3">
          <div className="flex items-center justify-between gap-3">
            <h2 id={inputsHeadingId} className="text-base font-semibold text-zinc-900 dark:text-zinc-50">
              {t('roi.inputs')}
            </h2>
            <Button variant="ghost" size="sm" onClick={reset} data-testid="roi-reset">
              <RotateCcw aria-hidden />
              {t('roi.reset')}
            </Button>
          </div>
          {useMyData?.available ? (
            <MyDataSwitch state={myData} onChange={(on) => void switchMyData(on)} format={format} />
          ) : null}
          <div className="space-y-5">
            {ROI_SLIDERS.map((spec) => (
              <RoiSlider
                key={spec.key}
                spec={spec}
                label={t(`roi.sliders.${spec.key}`)}
                value={inputs[spec.key]}
                text={sliderText(spec.key, inputs[spec.key])}
                rangeText={[sliderText(spec.key, spec.min).shown, sliderText(spec.key, spec.max).shown]}
                dir={dir}
                onChange={(value) => setInput(spec.key, value)}
              />
            ))}
          </div>
        </section>

        <section
          aria-labelledby={resultsHeadingId}
          aria-live="polite"
          className="flex flex-col gap-5 border-t border-zinc-200 bg-zinc-50 p-6 lg:col-span-2 lg:border-s lg:border-t-0 dark:border-zinc-800 dark:bg-zinc-950/40"
        >
          <h2 id={resultsHeadingId} className="text-base font-semibold text-zinc-900 dark:text-zinc-50">
            {t('roi.results')}
          </h2>
          <div className="grid grid-cols-[1fr_auto_1fr] items-center gap-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
            <Figure label={t('roi.currentAttributed')} value={format.whole(result.currentAttributed)} testId="roi-current" />
            <ArrowRight className="size-4 text-zinc-400 rtl:rotate-180" aria-hidden />
            <Figure
              label={t('roi.projectedAttributed')}
              value={format.whole(result.projectedAttributed)}
              testId="roi-projected"
              valueClassName="text-indigo-600 dark:text-indigo-400"
            />
          </div>
          <dl className="grid grid-cols-2 gap-x-4 gap-y-4">
            <Output label={t('roi.additional')} testId="roi-additional" hint={t('roi.perMonth')}>
              {format.signed(result.incrementalConversions)}
            </Output>
            <Output label={t('roi.revenue')} testId="roi-revenue" hint={t('roi.perMonth')}>
              {format.signedMoney(result.incrementalRevenue)}
            </Output>
            <Output label={t('roi.roi')} testId="roi-percent" colour={colour}>
              {roiText}
            </Output>
            <Output label={t('roi.payback')} testId="roi-payback">
              {payback}
            </Output>
            <Output label={t('roi.twelveMonth')} testId="roi-twelve-month" className="col-span-2" colour={result.twelveMonthValue < 0 ? 'red' : undefined}>
              {format.money(result.twelveMonthValue)}
            </Output>
          </dl>
          <p className="rounded-lg bg-indigo-50 p-4 text-sm leading-relaxed text-indigo-900 dark:bg-indigo-500/10 dark:text-indigo-200" data-testid="roi-summary">
            {summary}
          </p>
          <p className="mt-auto text-xs text-zinc-500 dark:text-zinc-400">{t('roi.disclaimer')}</p>
        </section>
      </div>
    </Card>
  );
}

interface RoiSliderProps {
  spec: RoiSliderSpec;
  label: string;
  value: number;
  text: { shown: string; spoken: string };
  rangeText: [string, string];
  dir: 'ltr' | 'rtl';
  onChange: (value: number) => void;
}

function RoiSlider({ spec, label, value, text, rangeText, dir, onChange }: RoiSliderProps) {
  const labelId = useId();
  return (
    <div data-testid={`roi-slider-${spec.key}`}>
      <div className="mb-2 flex items-baseline justify-between gap-3">
        <span id={labelId} className="text-sm font-medium text-zinc-700 dark:text-zinc-300">
          {label}
        </span>
        <span className="text-sm font-semibold text-zinc-900 tabular-nums dark:text-zinc-50" aria-hidden>
          {text.shown}
        </span>
      </div>
      <Slider
        min={spec.min}
        max={spec.max}
        step={spec.step}
        value={[value]}
        dir={dir}
        onValueChange={([next]) => {
          if (next !== undefined) onChange(next);
        }}
        thumbProps={{ 'aria-labelledby': labelId, 'aria-valuetext': text.spoken }}
      />
      <div className="mt-1 flex justify-between text-[11px] text-zinc-400 tabular-nums dark:text-zinc-500" aria-hidden>
        <span>{rangeText[0]}</span>
        <span>{rangeText[1]}</span>
      </div>
    </div>
  );
}

function MyDataSwitch({
  state,
  onChange,
  format,
}: {
  state: MyDataState;
  onChange: (on: boolean) => void;
  format: { whole: (n: number) => string; percent: (n: number, digits?: number) => string };
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="rounded-lg border border-indigo-200 bg-indigo-50/60 p-4 dark:border-indigo-500/30 dark:bg-indigo-500/5">
      <div className="flex items-start gap-3">
        <Database className="mt-0.5 size-4 shrink-0 text-indigo-600 dark:text-indigo-400" aria-hidden />
        <div className="min-w-0 flex-1">
          <label htmlFor={id} className="text-sm font-medium text-zinc-900 dark:text-zinc-100">
            {t('roi.useMyData')}
          </label>
          <p className="text-xs text-zinc-600 dark:text-zinc-400">{t('roi.useMyDataHint')}</p>
        </div>
        <Switch
          id={id}
          checked={state.status === 'on' || state.status === 'loading'}
          disabled={state.status === 'loading'}
          onCheckedChange={onChange}
          data-testid="roi-use-my-data"
        />
      </div>
      <div className="ms-7 mt-2 text-xs text-zinc-600 empty:hidden dark:text-zinc-400" aria-live="polite" data-testid="roi-my-data-note">
        {state.status === 'loading' ? t('roi.loadingMyData') : null}
        {state.status === 'error' ? (
          <span role="alert" className="text-red-600 dark:text-red-400">
            {t('roi.myDataError')} {errorMessage(state.error, t)}
          </span>
        ) : null}
        {state.status === 'on' ? (
          <>
            {t('roi.myDataValues', {
              matchRate: format.percent(state.data.matchRate),
              conversionRate: format.percent(state.data.conversionRate, 2),
            })}{' '}
            {state.data.basedOn
              ? t('roi.basedOn', {
                  profiles: format.whole(state.data.basedOn.profiles),
                  sessions: format.whole(state.data.basedOn.sessions),
                  purchases: format.whole(state.data.basedOn.purchases),
                })
              : null}{' '}
            {state.adjusted ? t('roi.adjusted') : null}
          </>
        ) : null}
      </div>
    </div>
  );
}

function Figure({ label, value, testId, valueClassName }: { label: string; value: string; testId: string; valueClassName?: string }) {
  return (
    <div className="min-w-0 text-center">
      <p className="text-xs text-zinc-500 dark:text-zinc-400">{label}</p>
      <p className={cn('mt-1 text-2xl font-semibold tabular-nums text-zinc-900 dark:text-zinc-50', valueClassName)} data-testid={testId}>
        {value}
      </p>
    </div>
  );
}

function Output({
  label,
  hint,
  testId,
  colour,
  className,
  children,
}: {
  label: string;
  hint?: string;
  testId: string;
  colour?: RoiColour;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={className}>
      <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="mt-0.5">
        <span
          className={cn('text-lg font-semibold tabular-nums text-zinc-900 dark:text-zinc-50', colour && COLOUR_CLASSES[colour])}
          data-testid={testId}
          data-colour={colour}
        >
          {children}
        </span>
        {hint ? <span className="block text-xs text-zinc-500 dark:text-zinc-400">{hint}</span> : null}
      </dd>
    </div>
  );
}
