import { describe, expect, it } from 'vitest';
import { calculateRoi, formatPayback, ROI_DEFAULTS, roiColour, sameLocalTimeDaysBefore, zoneOffset } from '@stratum/contracts';
import { consentComponent, dataHealth, identityComponent, recencyComponent, trustGate } from '../../src/services/cdp/insights/data-health';
import { detectAnomalies, median } from '../../src/services/cdp/insights/detect-anomalies';

describe('ROI calculator (SPEC figures)', () => {
  it('gives 875 → 1,875 attributed, +1,000 conversions, +$500,000, ROI 9,900%, payback <1 mo with the defaults', () => {
    const r = calculateRoi(ROI_DEFAULTS);
    expect(r.currentAttributed).toBe(875);
    expect(r.projectedAttributed).toBe(1875);
    expect(r.incrementalConversions).toBe(1000);
    expect(r.incrementalRevenue).toBe(500_000);
    expect(r.grossProfit).toBe(200_000);
    expect(r.monthlyNet).toBe(198_000);
    expect(r.roiPercent).toBe(9900);
    expect(formatPayback(r.paybackMonths)).toBe('<1 mo');
    expect(r.twelveMonthValue).toBe(2_376_000);
    expect(roiColour(r.roiPercent)).toBe('green');
  });

  it('caps the projected match rate at 100%', () => {
    const r = calculateRoi({ ...ROI_DEFAULTS, currentMatchRate: 70, matchRateImprovement: 60 });
    expect(r.projectedAttributed).toBe(r.totalConversions);
  });

  it('reports ROI 0 for a zero cost, and no payback for a negative net', () => {
    expect(calculateRoi({ ...ROI_DEFAULTS, monthlyCost: 0 }).roiPercent).toBe(0);
    const losing = calculateRoi({ ...ROI_DEFAULTS, monthlySessions: 10_000, conversionRate: 0.5, averageOrderValue: 50, monthlyCost: 10_000 });
    expect(losing.monthlyNet).toBeLessThan(0);
    expect(losing.paybackMonths).toBeNull();
    expect(formatPayback(losing.paybackMonths)).toBeNull();
    expect(roiColour(losing.roiPercent)).toBe('red');
    expect(roiColour(50)).toBe('amber');
    expect(formatPayback(2.5)).toBe('2.5 mo');
  });
});

describe('data health (SPEC bands)', () => {
  it('scores identity resolution at its edges', () => {
    expect(identityComponent(50)).toBe(100);
    expect(identityComponent(49.99)).toBeCloseTo(99.98, 1);
    expect(identityComponent(20)).toBe(50);
    expect(identityComponent(10)).toBe(25);
    expect(identityComponent(0)).toBe(0);
  });
  it('scores recency at its edges', () => {
    expect(recencyComponent(101)).toBe(100);
    expect(recencyComponent(100)).toBe(100);
    expect(recencyComponent(50)).toBe(85);
    expect(recencyComponent(1)).toBeCloseTo(70.3);
    expect(recencyComponent(0)).toBe(40);
  });
  it('scores consent at its edges', () => {
    expect(consentComponent(70)).toBe(100);
    expect(consentComponent(30)).toBe(50);
    expect(consentComponent(50)).toBe(75);
    expect(consentComponent(15)).toBe(25);
  });
  it('uses EMQ 75 when there are no events, and gates at 70 and 40', () => {
    const empty = dataHealth({ emqAverage: null, identifiedShare: 0, eventsLast24h: 0, consentShare: 0 });
    expect(empty.components.emq.score).toBe(75);
    expect(empty.score).toBe(43.5); // 37.5 + 0 + 6 + 0
    expect(empty.gate).toBe('hold');
    expect([trustGate(70), trustGate(69.99), trustGate(40), trustGate(39.99)]).toEqual(['pass', 'hold', 'hold', 'block']);
    const great = dataHealth({ emqAverage: 90, identifiedShare: 60, eventsLast24h: 500, consentShare: 80 });
    expect(great).toMatchObject({ score: 95, gate: 'pass' });
  });
});

describe('anomaly detection', () => {
  const HOUR = 3_600_000;
  const DAY = 86_400_000;
  const target = Date.UTC(2026, 10, 20, 14);
  const baseline = (value: (d: number) => number) => {
    const counts = new Map<number, number>();
    for (let d = 1; d <= 28; d++) counts.set(target - d * DAY, value(d));
    return counts;
  };

  it('flags a spike and a drop against the same hour of previous days, with severity and direction', () => {
    const spike = baseline((d) => 100 + (d % 5));
    spike.set(target, 400);
    const drop = baseline((d) => 100 + (d % 5));
    drop.set(target, 10);
    const found = detectAnomalies({
      series: [
        { key: { eventName: 'Page Viewed', sourceId: null }, counts: spike },
        { key: { eventName: 'Order Completed', sourceId: null }, counts: drop },
      ],
      hours: [target],
    });
    expect(found).toHaveLength(2);
    expect(found.find((a) => a.event_name === 'Page Viewed')).toMatchObject({ direction: 'spike', severity: 'high', observed: 400, expected: 102 });
    expect(found.find((a) => a.event_name === 'Order Completed')).toMatchObject({ direction: 'drop', observed: 10 });
  });

  it('stays quiet for normal variation and for tiny counts', () => {
    const normal = baseline((d) => 100 + (d % 7) * 3);
    normal.set(target, 112);
    const tiny = baseline(() => 0);
    tiny.set(target, 3);
    expect(detectAnomalies({ series: [{ key: { eventName: 'a', sourceId: null }, counts: normal }, { key: { eventName: 'b', sourceId: null }, counts: tiny }], hours: [target, target - HOUR] })).toEqual([]);
  });

  it("compares with the same hour of the tenant's day across a daylight-saving change", () => {
    // New York left daylight time on 1 November 2026: 9 am was 13:00 UTC before and 14:00 UTC after. A shop busy
    // at 9 am every day is normal at 9 am on 10 November in its own zone, and looks like a spike in UTC days.
    const nineAm = Date.UTC(2026, 10, 10, 14);
    const counts = new Map<number, number>([[nineAm, 100]]);
    for (let d = 1; d <= 28; d++) counts.set(sameLocalTimeDaysBefore(nineAm, d, 'America/New_York'), 100);
    const series = [{ key: { eventName: 'Page Viewed', sourceId: null }, counts }];
    expect(detectAnomalies({ series, hours: [nineAm], timeZone: 'America/New_York' })).toEqual([]);
    expect(detectAnomalies({ series, hours: [nineAm] })[0]).toMatchObject({ direction: 'spike', observed: 100, expected: 0 });
  });

  it('treats missing hours as zero', () => {
    const sparse = new Map<number, number>([[target, 50]]);
    expect(detectAnomalies({ series: [{ key: { eventName: 'new', sourceId: null }, counts: sparse }], hours: [target] })[0]).toMatchObject({ expected: 0, direction: 'spike' });
    expect(median([3, 1, 2, 10])).toBe(2.5);
  });
});

describe('local time', () => {
  const HOUR = 3_600_000;
  const nineAmNewYork = Date.UTC(2026, 10, 10, 14);

  it('knows the offset of whole-, half-hour and daylight-saving zones', () => {
    expect(zoneOffset('UTC', nineAmNewYork)).toBe(0);
    expect(zoneOffset('Asia/Dubai', nineAmNewYork)).toBe(4 * HOUR);
    expect(zoneOffset('Asia/Kolkata', nineAmNewYork)).toBe(5.5 * HOUR);
    expect(zoneOffset('America/New_York', nineAmNewYork)).toBe(-5 * HOUR);
    expect(zoneOffset('America/New_York', Date.UTC(2026, 9, 20, 14))).toBe(-4 * HOUR);
  });

  it('steps back whole calendar days at the same wall-clock time', () => {
    const iso = (days: number, zone: string) => new Date(sameLocalTimeDaysBefore(nineAmNewYork, days, zone)).toISOString();
    expect(iso(9, 'America/New_York')).toBe('2026-11-01T14:00:00.000Z'); // 9 am standard time
    expect(iso(10, 'America/New_York')).toBe('2026-10-31T13:00:00.000Z'); // 9 am daylight time
    expect(iso(28, 'America/New_York')).toBe('2026-10-13T13:00:00.000Z');
    expect(iso(10, 'Asia/Dubai')).toBe('2026-10-31T14:00:00.000Z');
    expect(iso(1, 'UTC')).toBe('2026-11-09T14:00:00.000Z');
  });
});
