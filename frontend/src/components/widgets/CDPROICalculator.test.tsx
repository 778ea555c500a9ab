import { describe, expect, it, vi } from 'vitest';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ROI_SLIDERS, calculateRoi, formatPayback, type RoiInputs } from '@stratum/contracts';
import { useUiStore } from '@/stores/ui';
import { CDPROICalculator, type MyRoiData } from './CDPROICalculator';

const output = (testId: string) => screen.getByTestId(testId);
/** Intl separates currency and amount with a no-break space; the DOM matchers collapse it to a plain one. */
const spaced = (text: string) => text.replace(/\s+/g, ' ');

async function pressOn(slider: HTMLElement, keys: string) {
  const user = userEvent.setup();
  act(() => slider.focus());
  await user.keyboard(keys);
}

describe('CDPROICalculator', () => {
  it('shows the SPEC example with the default inputs', () => {
    render(<CDPROICalculator />);

    expect(output('roi-current')).toHaveTextContent('875');
    expect(output('roi-projected')).toHaveTextContent('1,875');
    expect(output('roi-additional')).toHaveTextContent('+1,000');
    expect(output('roi-revenue')).toHaveTextContent('+$500,000');
    expect(output('roi-percent')).toHaveTextContent('9,900%');
    expect(output('roi-percent')).toHaveAttribute('data-colour', 'green');
    expect(output('roi-percent').className).toContain('text-emerald-600');
    expect(output('roi-payback')).toHaveTextContent('<1 mo');
    expect(output('roi-twelve-month')).toHaveTextContent('$2,376,000');
    expect(output('roi-summary')).toHaveTextContent(
      'With a 40-point better match rate you attribute 1,000 more conversions a month, worth $500,000 in revenue and $198,000 net.',
    );
  });

  it('has seven labelled sliders with the SPEC ranges and spoken values', () => {
    render(<CDPROICalculator />);
    const sliders = screen.getAllByRole('slider');
    expect(sliders).toHaveLength(7);
    ROI_SLIDERS.forEach((spec, index) => {
      expect(sliders[index]).toHaveAttribute('aria-valuemin', String(spec.min));
      expect(sliders[index]).toHaveAttribute('aria-valuemax', String(spec.max));
      expect(sliders[index]).toHaveAttribute('aria-valuenow', String(spec.defaultValue));
    });
    expect(screen.getByRole('slider', { name: 'Monthly sessions' })).toHaveAttribute('aria-valuetext', '100,000 sessions');
    expect(screen.getByRole('slider', { name: 'Conversion rate' })).toHaveAttribute('aria-valuetext', '2.5%');
    expect(screen.getByRole('slider', { name: 'Average order value' })).toHaveAttribute('aria-valuetext', '$500');
    expect(screen.getByRole('slider', { name: 'Gross margin' })).toHaveAttribute('aria-valuetext', '40%');
    expect(screen.getByRole('slider', { name: 'Current identity match rate' })).toHaveAttribute('aria-valuetext', '35%');
    expect(screen.getByRole('slider', { name: 'Match-rate improvement with a CDP' })).toHaveAttribute(
      'aria-valuetext',
      '40 percentage points',
    );
    expect(screen.getByRole('slider', { name: 'Monthly CDP cost' })).toHaveAttribute('aria-valuetext', '$2,000');
  });

  it('recalculates when a slider moves by keyboard', async () => {
    render(<CDPROICalculator />);
    const sessions = screen.getByRole('slider', { name: 'Monthly sessions' });

    await pressOn(sessions, '{ArrowRight}');

    expect(sessions).toHaveAttribute('aria-valuenow', '110000');
    expect(sessions).toHaveAttribute('aria-valuetext', '110,000 sessions');
    expect(output('roi-current')).toHaveTextContent('963');
    expect(output('roi-projected')).toHaveTextContent('2,063');
    expect(output('roi-additional')).toHaveTextContent('+1,100');
    expect(output('roi-revenue')).toHaveTextContent('+$550,000');

    const conversion = screen.getByRole('slider', { name: 'Conversion rate' });
    await pressOn(conversion, '{ArrowLeft}');
    expect(conversion).toHaveAttribute('aria-valuenow', '2.4');
    expect(conversion).toHaveAttribute('aria-valuetext', '2.4%');
  });

  it('caps the projected match rate at 100%', async () => {
    render(<CDPROICalculator />);
    await pressOn(screen.getByRole('slider', { name: 'Current identity match rate' }), '{End}');
    await pressOn(screen.getByRole('slider', { name: 'Match-rate improvement with a CDP' }), '{End}');

    // 70% + 60 points would be 130%: every one of the 2,500 conversions is attributed, 750 more than today.
    expect(output('roi-current')).toHaveTextContent('1,750');
    expect(output('roi-projected')).toHaveTextContent('2,500');
    expect(output('roi-additional')).toHaveTextContent('+750');
    expect(output('roi-summary')).toHaveTextContent('With a 30-point better match rate');
  });

  it('shows an ROI of 0 when the CDP costs nothing', () => {
    render(<CDPROICalculator initialValues={{ monthlyCost: 0 }} />);
    expect(output('roi-percent')).toHaveTextContent('0%');
    expect(output('roi-percent')).toHaveAttribute('data-colour', 'amber');
    expect(output('roi-payback')).toHaveTextContent('<1 mo');
  });

  it('shows a loss in red and no payback when the gain does not cover the cost', () => {
    const inputs: Partial<RoiInputs> = {
      monthlySessions: 10_000,
      conversionRate: 0.5,
      averageOrderValue: 50,
      grossMargin: 10,
      matchRateImprovement: 10,
      monthlyCost: 10_000,
    };
    render(<CDPROICalculator initialValues={inputs} />);
    const expected = calculateRoi({ ...(Object.fromEntries(ROI_SLIDERS.map((s) => [s.key, s.defaultValue])) as unknown as RoiInputs), ...inputs });
    expect(expected.monthlyNet).toBeLessThan(0);

    expect(output('roi-percent')).toHaveAttribute('data-colour', 'red');
    expect(output('roi-percent')).toHaveTextContent('-99.8%');
    expect(output('roi-payback')).toHaveTextContent('No payback');
    expect(formatPayback(expected.paybackMonths)).toBeNull();
    expect(output('roi-twelve-month')).toHaveAttribute('data-colour', 'red');
    expect(output('roi-summary')).toHaveTextContent('which does not cover the cost');
  });

  it('shows a payback of more than a month with one decimal, like formatPayback', () => {
    render(<CDPROICalculator initialValues={{ monthlySessions: 10_000, conversionRate: 0.5, monthlyCost: 2000 }} />);
    // 50 conversions, 20 more attributed, $10,000 revenue, $4,000 gross profit, $2,000 net: payback 1.0 month.
    expect(output('roi-payback')).toHaveTextContent(formatPayback(1)!);
    expect(output('roi-percent')).toHaveAttribute('data-colour', 'green');
  });

  it('formats money in dirhams for Arabic readers in the UAE', () => {
    useUiStore.setState({ language: 'ar' });
    render(<CDPROICalculator currency="AED" />);

    const money = new Intl.NumberFormat('ar-AE', { style: 'currency', currency: 'AED', minimumFractionDigits: 0, maximumFractionDigits: 0 });
    const whole = new Intl.NumberFormat('ar-AE', { maximumFractionDigits: 0 });
    expect(output('roi-current')).toHaveTextContent(whole.format(875));
    expect(output('roi-projected')).toHaveTextContent(whole.format(1875));
    expect(output('roi-twelve-month')).toHaveTextContent(spaced(money.format(2_376_000)));
    expect(screen.getByRole('slider', { name: 'متوسط قيمة الطلب' })).toHaveAttribute('aria-valuetext', money.format(500));
    expect(screen.getByRole('slider', { name: 'الجلسات الشهرية' })).toHaveAttribute(
      'aria-valuetext',
      `${whole.format(100_000)} جلسة`,
    );
    expect(output('roi-payback')).toHaveTextContent('أقل من شهر');
  });

  it('takes an explicit locale and currency over the UI language', () => {
    render(<CDPROICalculator currency="AED" locale="en-AE" />);
    const money = new Intl.NumberFormat('en-AE', { style: 'currency', currency: 'AED', minimumFractionDigits: 0, maximumFractionDigits: 0 });
    expect(output('roi-twelve-month')).toHaveTextContent(spaced(money.format(2_376_000)));
    expect(screen.getByRole('slider', { name: 'Monthly CDP cost' })).toHaveAttribute('aria-valuetext', money.format(2000));
  });

  it('fills match and conversion rate from "use my data", snapped to the sliders, and gives them back when off', async () => {
    const mine: MyRoiData = { matchRate: 52.31, conversionRate: 1.874, basedOn: { profiles: 2500, sessions: 6100, purchases: 114 } };
    const load = vi.fn(() => Promise.resolve(mine));
    render(<CDPROICalculator useMyData={{ available: true, load }} />);
    const user = userEvent.setup();

    await user.click(screen.getByRole('switch', { name: 'Use my data' }));

    const match = screen.getByRole('slider', { name: 'Current identity match rate' });
    await waitFor(() => expect(match).toHaveAttribute('aria-valuenow', '50'));
    expect(screen.getByRole('slider', { name: 'Conversion rate' })).toHaveAttribute('aria-valuenow', '1.9');
    expect(screen.getByTestId('roi-my-data-note')).toHaveTextContent(
      'Your match rate is 52.3% and your conversion rate 1.87%. Based on 2,500 profiles, 6,100 sessions and 114 purchases. Rounded to fit the slider ranges.',
    );
    expect(load).toHaveBeenCalledTimes(1);

    await user.click(screen.getByRole('switch', { name: 'Use my data' }));
    expect(match).toHaveAttribute('aria-valuenow', '35');
    expect(screen.getByRole('slider', { name: 'Conversion rate' })).toHaveAttribute('aria-valuenow', '2.5');
  });

  it('says when "use my data" cannot load, and resets to the defaults', async () => {
    const load = vi.fn(() => Promise.reject(new Error('boom')));
    render(<CDPROICalculator useMyData={{ available: true, load }} initialValues={{ grossMargin: 60 }} />);
    const user = userEvent.setup();

    await user.click(screen.getByRole('switch', { name: 'Use my data' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not load your data.');
    expect(screen.getByRole('switch', { name: 'Use my data' })).toHaveAttribute('aria-checked', 'false');

    await pressOn(screen.getByRole('slider', { name: 'Gross margin' }), '{Home}');
    expect(screen.getByRole('slider', { name: 'Gross margin' })).toHaveAttribute('aria-valuenow', '10');
    await user.click(screen.getByRole('button', { name: 'Reset' }));
    expect(screen.getByRole('slider', { name: 'Gross margin' })).toHaveAttribute('aria-valuenow', '60');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('offers no "use my data" switch when it is not available', () => {
    render(<CDPROICalculator useMyData={{ available: false, load: () => Promise.reject(new Error('unused')) }} />);
    expect(screen.queryByRole('switch')).not.toBeInTheDocument();
  });
});
