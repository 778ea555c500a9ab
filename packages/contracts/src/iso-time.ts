import { zoneOffset } from './local-time';

/** Any ISO 8601 form senders write: `2025-03-01T12:00:00Z`, `…+0200`, a date alone, a space for the `T`. */
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?)([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

const isLeap = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export const isCalendarDate = (year: number, month: number, day: number) =>
  month >= 1 && month <= 12 && day >= 1 && day <= DAYS_IN_MONTH[month - 1]! + (month === 2 && isLeap(year) ? 1 : 0);

/**
 * The instant (epoch ms) an ISO 8601 time names, or NaN. A time without a zone is read on `zone`'s wall clock (UTC
 * unless given). The calendar date must exist as written: Date.parse alone rolls 31 February over into March.
 */
export function isoTimeToEpoch(value: string, zone = 'UTC'): number {
  const match = ISO_8601.exec(value.trim());
  if (!match) return Number.NaN;
  const [, year, month, day, time = '00:00:00', designator] = match;
  if (!isCalendarDate(Number(year), Number(month), Number(day))) return Number.NaN;
  const wallClock = `${year}-${month}-${day}T${time.replace(',', '.')}`;
  if (designator === undefined) {
    const wall = Date.parse(`${wallClock}Z`);
    if (zone === 'UTC' || Number.isNaN(wall)) return wall;
    // Two rounds settle the offset at the instant itself (the first guess uses the offset at the wall time read as UTC).
    const guess = wall - zoneOffset(zone, wall);
    return wall - zoneOffset(zone, guess);
  }
  const offset = /^[Zz]$/.test(designator) ? 'Z' : designator.length === 3 ? `${designator}:00` : designator.length === 5 ? `${designator.slice(0, 3)}:${designator.slice(3)}` : designator;
  return Date.parse(`${wallClock}${offset}`);
}
