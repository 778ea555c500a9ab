import { isoTimeToEpoch, localMidnightDaysBefore, zoneOffset, type EventTrend, type RoiSliderSpec } from '@stratum/contracts';
import type { InsightRange, TrendQuery } from '@/api/cdpInsights';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The dashboard's date-range presets, in picker order. */
export const RANGE_PRESETS = ['24h', '7d', '30d'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

const PRESET_HOURS: Record<RangePreset, number> = { '24h': 24, '7d': 7 * 24, '30d': 30 * 24 };

/** What the picker holds: a preset relative to now, or whole local days (`YYYY-MM-DD`, both ends included). */
export type DateRangeValue = { preset: RangePreset } | { preset: 'custom'; from: string; to: string };

export const floorToHour = (time: number) => Math.floor(time / HOUR) * HOUR;

/** The calendar day `YYYY-MM-DD` in `timeZone` at `epoch` (the value of an `<input type="date">`). */
export function dayIn(timeZone: string, epoch: number): string {
  return new Date(epoch + zoneOffset(timeZone, epoch)).toISOString().slice(0, 10);
}

/** The first millisecond of the calendar day `YYYY-MM-DD` in `timeZone`. */
export function dayStartIn(timeZone: string, day: string): number {
  return isoTimeToEpoch(`${day}T00:00`, timeZone);
}

/** The last millisecond of the calendar day `YYYY-MM-DD` in `timeZone` (a day of 23 or 25 hours where clocks change). */
export function dayEndIn(timeZone: string, day: string): number {
  const dayAfter = new Date(Date.parse(`${day}T00:00Z`) + DAY).toISOString().slice(0, 10);
  return isoTimeToEpoch(`${dayAfter}T00:00`, timeZone) - 1;
}

/**
 * The API range of a picker value. A preset starts on a whole hour and leaves `to` out, so its query key stays the
 * same between refreshes while the server counts up to the moment of each fetch (a refresh shows events sent a
 * second ago). A custom range runs from the first day's midnight to the end of the last day, or to now when the
 * last day is today — the tenant's days (`timeZone`), as its daily trend cuts them, whatever the browser's zone.
 */
export function resolveInsightRange(value: DateRangeValue, now: number = Date.now(), timeZone = 'UTC'): InsightRange {
  if (value.preset !== 'custom') {
    // The current hour and the ones before it, as many as the preset's hours: the buckets the KPIs above the chart
    // count ("Events (7 days)"), so the two never disagree by an hour's events.
    return { from: new Date(floorToHour(now) - (PRESET_HOURS[value.preset] - 1) * HOUR).toISOString() };
  }
  const from = dayStartIn(timeZone, value.from);
  const to = dayEndIn(timeZone, value.to);
  return to >= now ? { from: new Date(from).toISOString() } : { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

/** Hourly buckets for up to two days, daily beyond. */
export function trendIntervalFor(range: InsightRange, now: number = Date.now()): TrendQuery['interval'] {
  const from = range.from ? Date.parse(range.from) : now - 7 * DAY;
  const to = range.to ? Date.parse(range.to) : now;
  return to - from <= 2 * DAY ? 'hour' : 'day';
}

/** Hours the KPI trend covers: this week (168 hours up to the current one) and the week before. */
const KPI_HOURS = 2 * 7 * 24;

/** The hourly trend the volume KPIs are computed from: two weeks, open-ended so a refresh includes the newest. */
export function kpiTrendQuery(now: number = Date.now()): TrendQuery {
  return { interval: 'hour', from: new Date(floorToHour(now) - (KPI_HOURS - 1) * HOUR).toISOString() };
}

export interface WeekKpis {
  /** Events in the last 168 hourly buckets (the current, incomplete hour included). */
  week: number;
  previousWeek: number;
}

/** This week vs the week before, from the hourly KPI trend. */
export function weekKpis(points: EventTrend['points'], now: number = Date.now()): WeekKpis {
  const weekStart = floorToHour(now) - (7 * 24 - 1) * HOUR;
  const previousWeekStart = weekStart - 7 * DAY;
  const kpis: WeekKpis = { week: 0, previousWeek: 0 };
  for (const point of points) {
    const time = Date.parse(point.bucket);
    if (time >= weekStart) kpis.week += point.events;
    else if (time >= previousWeekStart) kpis.previousWeek += point.events;
  }
  return kpis;
}

/**
 * The ranges of the "today" KPI: from the tenant's midnight (open-ended, so a refresh counts up to its moment), and
 * yesterday from its midnight up to this time of day. Asked of the statistics, which count a range cut inside an
 * hour exactly: hourly buckets cannot, and in a zone whose midnight falls inside an hour (India, UTC+5:30) the hour
 * around it holds both days.
 */
export function dayKpiRanges(now: number, timeZone: string): { today: InsightRange; yesterdaySoFar: InsightRange } {
  const midnight = localMidnightDaysBefore(now, 0, timeZone);
  const yesterday = localMidnightDaysBefore(now, 1, timeZone);
  // After a 23-hour day, this time yesterday may come before yesterday's midnight: the range is then a second long.
  const yesterdayUntil = Math.max(now - DAY, yesterday + 1000);
  return {
    today: { from: new Date(midnight).toISOString() },
    yesterdaySoFar: { from: new Date(yesterday).toISOString(), to: new Date(yesterdayUntil).toISOString() },
  };
}

/** Change in percent (12.5 = +12.5%), one decimal; undefined when there is nothing to compare with. */
export function percentChange(current: number, previous: number): number | undefined {
  if (previous === 0) return current === 0 ? 0 : undefined;
  return Math.round(((current - previous) / previous) * 1000) / 10;
}

/** A slider's value kept inside its range and on its step (steps like 0.1 without binary noise). */
export function snapToSlider(value: number, spec: Pick<RoiSliderSpec, 'min' | 'max' | 'step'>): number {
  const clamped = Math.min(spec.max, Math.max(spec.min, value));
  const steps = Math.round((clamped - spec.min) / spec.step);
  const decimals = (String(spec.step).split('.')[1] ?? '').length;
  return Number(Math.min(spec.max, spec.min + steps * spec.step).toFixed(decimals));
}

