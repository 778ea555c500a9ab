import { describe, expect, it } from 'vitest';
import { ROI_SLIDERS } from '@stratum/contracts';
import {
  floorToHour,
  kpiTrendQuery,
  dayIn,
  percentChange,
  resolveInsightRange,
  snapToSlider,
  trendIntervalFor,
  weekKpis,
  dayKpiRanges,
} from './insights';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// A fixed afternoon, local time, so "today" and "yesterday" are unambiguous.
const NOW = new Date(2026, 0, 15, 14, 25).getTime();

describe('resolveInsightRange', () => {
  it('starts a preset on a whole hour and leaves the end open', () => {
    // As many hourly buckets as the preset's hours, the current one included: the KPIs' week (see volumeKpis).
    expect(resolveInsightRange({ preset: '24h' }, NOW)).toEqual({ from: new Date(floorToHour(NOW) - 23 * HOUR).toISOString() });
    expect(resolveInsightRange({ preset: '7d' }, NOW)).toEqual({ from: new Date(floorToHour(NOW) - 167 * HOUR).toISOString() });
    expect(resolveInsightRange({ preset: '30d' }, NOW)).toEqual({ from: new Date(floorToHour(NOW) - 719 * HOUR).toISOString() });
  });

  it("turns custom days into the tenant's midnight to end of day, whatever the browser's zone, open-ended when it includes today", () => {
    expect(resolveInsightRange({ preset: 'custom', from: '2026-01-01', to: '2026-01-10' }, NOW, 'Asia/Dubai')).toEqual({
      from: '2025-12-31T20:00:00.000Z',
      to: '2026-01-10T19:59:59.999Z',
    });
    // New York's day, across the change to summer time (8 March 2026): 5 hours behind at the start, 4 at the end.
    expect(resolveInsightRange({ preset: 'custom', from: '2026-03-01', to: '2026-03-10' }, Date.UTC(2026, 3, 1), 'America/New_York')).toEqual({
      from: '2026-03-01T05:00:00.000Z',
      to: '2026-03-11T03:59:59.999Z',
    });
    expect(resolveInsightRange({ preset: 'custom', from: '2026-01-14', to: '2026-01-15' }, NOW, 'UTC')).toEqual({
      from: '2026-01-14T00:00:00.000Z',
    });
  });
});

describe('trendIntervalFor', () => {
  it('is hourly up to two days and daily beyond', () => {
    expect(trendIntervalFor(resolveInsightRange({ preset: '24h' }, NOW), NOW)).toBe('hour');
    expect(trendIntervalFor(resolveInsightRange({ preset: '7d' }, NOW), NOW)).toBe('day');
    expect(trendIntervalFor({ from: new Date(NOW - 2 * DAY).toISOString(), to: new Date(NOW).toISOString() }, NOW)).toBe('hour');
    expect(trendIntervalFor({}, NOW)).toBe('day');
  });
});

describe('weekKpis and dayKpiRanges', () => {
  const at = (time: number, events: number) => ({ bucket: new Date(time).toISOString(), events, purchases: 0 });

  it('compares this week with the one before, from the hourly KPI trend', () => {
    const points = [
      at(floorToHour(NOW), 5), // the current hour
      at(floorToHour(NOW) - 6 * DAY, 3), // this week
      at(floorToHour(NOW) - 7 * DAY, 11), // the week before
      at(floorToHour(NOW) - 14 * DAY + HOUR, 13), // the week before, its first hour
      at(floorToHour(NOW) - 14 * DAY, 1000), // outside both weeks
    ];
    expect(weekKpis(points, NOW)).toEqual({ week: 8, previousWeek: 24 });
  });

  it("asks for today from the tenant's midnight and yesterday up to this time of day, even inside an hour", () => {
    // 22:30 UTC on the 15th is 02:30 on the 16th in Dubai (UTC+4): its today began at 20:00 UTC.
    const now = Date.UTC(2026, 0, 15, 22, 30);
    expect(dayKpiRanges(now, 'Asia/Dubai')).toEqual({
      today: { from: '2026-01-15T20:00:00.000Z' },
      yesterdaySoFar: { from: '2026-01-14T20:00:00.000Z', to: '2026-01-14T22:30:00.000Z' },
    });
    // India (UTC+5:30): its midnight falls inside the 18:00 UTC hour, which holds both days' events.
    expect(dayKpiRanges(now, 'Asia/Kolkata').today).toEqual({ from: '2026-01-15T18:30:00.000Z' });
    // New York (UTC−5) is still on the 15th, which began at 05:00 UTC.
    expect(dayKpiRanges(now, 'America/New_York').today).toEqual({ from: '2026-01-15T05:00:00.000Z' });
    // The day after clocks went forward (23 hours), just after midnight: yesterday's range is still a range.
    const afterShortDay = Date.parse('2026-03-09T04:10:00Z'); // 00:10 on 9 March in New York
    const { yesterdaySoFar } = dayKpiRanges(afterShortDay, 'America/New_York');
    expect(Date.parse(yesterdaySoFar.to!)).toBeGreaterThan(Date.parse(yesterdaySoFar.from!));
  });

  it('reads the series the KPI query asks for: 336 hours up to the current one', () => {
    const query = kpiTrendQuery(NOW);
    expect(query.interval).toBe('hour');
    expect(Date.parse(query.from!)).toBe(floorToHour(NOW) - 335 * HOUR);
  });
});

describe('percentChange', () => {
  it('gives the change in percent with one decimal', () => {
    expect(percentChange(150, 100)).toBe(50);
    expect(percentChange(2, 3)).toBe(-33.3);
    expect(percentChange(0, 0)).toBe(0);
    expect(percentChange(5, 0)).toBeUndefined();
  });
});

describe('snapToSlider', () => {
  const spec = (key: string) => ROI_SLIDERS.find((s) => s.key === key)!;
  it('clamps to the range and rounds to the step', () => {
    expect(snapToSlider(42.52, spec('currentMatchRate'))).toBe(45);
    expect(snapToSlider(3, spec('currentMatchRate'))).toBe(10);
    expect(snapToSlider(99, spec('currentMatchRate'))).toBe(70);
    expect(snapToSlider(1.87, spec('conversionRate'))).toBe(1.9);
    expect(snapToSlider(0, spec('conversionRate'))).toBe(0.5);
    expect(snapToSlider(0.34, spec('conversionRate'))).toBe(0.5);
    expect(snapToSlider(2.25, spec('conversionRate'))).toBe(2.3);
  });
});

describe('dayIn', () => {
  it("names the calendar day in the tenant's zone", () => {
    expect(dayIn('Asia/Dubai', Date.UTC(2026, 0, 5, 21, 30))).toBe('2026-01-06');
    expect(dayIn('America/New_York', Date.UTC(2026, 0, 5, 3, 30))).toBe('2026-01-04');
  });
});
