/**
 * The CDP ROI calculator (SPEC §4): one pure function shared by the console, the public sales page and the tests.
 */
export interface RoiInputs {
  monthlySessions: number;
  conversionRate: number;
  averageOrderValue: number;
  grossMargin: number;
  currentMatchRate: number;
  matchRateImprovement: number;
  monthlyCost: number;
}

export interface RoiSliderSpec {
  key: keyof RoiInputs;
  min: number;
  max: number;
  step: number;
  defaultValue: number;
}

export const ROI_SLIDERS: readonly RoiSliderSpec[] = [
  { key: 'monthlySessions', min: 10_000, max: 1_000_000, step: 10_000, defaultValue: 100_000 },
  { key: 'conversionRate', min: 0.5, max: 10, step: 0.1, defaultValue: 2.5 },
  { key: 'averageOrderValue', min: 50, max: 5000, step: 50, defaultValue: 500 },
  { key: 'grossMargin', min: 10, max: 80, step: 5, defaultValue: 40 },
  { key: 'currentMatchRate', min: 10, max: 70, step: 5, defaultValue: 35 },
  { key: 'matchRateImprovement', min: 10, max: 60, step: 5, defaultValue: 40 },
  { key: 'monthlyCost', min: 500, max: 10_000, step: 500, defaultValue: 2000 },
];

export const ROI_DEFAULTS: RoiInputs = Object.fromEntries(ROI_SLIDERS.map((s) => [s.key, s.defaultValue])) as unknown as RoiInputs;

export interface RoiResult {
  totalConversions: number;
  currentAttributed: number;
  projectedAttributed: number;
  incrementalConversions: number;
  incrementalRevenue: number;
  grossProfit: number;
  monthlyNet: number;
  /** Percent; 0 when the cost is 0. */
  roiPercent: number;
  /** Months to pay back the monthly cost; null when the net is not positive. */
  paybackMonths: number | null;
  twelveMonthValue: number;
}

export function calculateRoi(i: RoiInputs): RoiResult {
  const totalConversions = (i.monthlySessions * i.conversionRate) / 100;
  const currentAttributed = (totalConversions * i.currentMatchRate) / 100;
  const projectedAttributed = (totalConversions * Math.min(i.currentMatchRate + i.matchRateImprovement, 100)) / 100;
  const incrementalConversions = projectedAttributed - currentAttributed;
  const incrementalRevenue = incrementalConversions * i.averageOrderValue;
  const grossProfit = (incrementalRevenue * i.grossMargin) / 100;
  const monthlyNet = grossProfit - i.monthlyCost;
  return {
    totalConversions,
    currentAttributed,
    projectedAttributed,
    incrementalConversions,
    incrementalRevenue,
    grossProfit,
    monthlyNet,
    roiPercent: i.monthlyCost === 0 ? 0 : (monthlyNet / i.monthlyCost) * 100,
    paybackMonths: monthlyNet > 0 ? i.monthlyCost / monthlyNet : null,
    twelveMonthValue: monthlyNet * 12,
  };
}

/** "<1 mo" under a month, "n.n mo" otherwise, null when there is no payback. */
export function formatPayback(months: number | null): string | null {
  if (months === null) return null;
  return months < 1 ? '<1 mo' : `${months.toFixed(1)} mo`;
}

export type RoiColour = 'green' | 'amber' | 'red';
export const roiColour = (roiPercent: number): RoiColour => (roiPercent >= 100 ? 'green' : roiPercent >= 0 ? 'amber' : 'red');
