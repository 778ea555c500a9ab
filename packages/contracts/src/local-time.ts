// Wall-clock arithmetic in a tenant's time zone, shared by the API (anomaly baselines) and the console (today's
// figures): both must cut the tenant's days at the same instants.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** How far the zone's wall clock is ahead of UTC at `epoch` (ms; negative west of Greenwich). */
export function zoneOffset(zone: string, epoch: number): number {
  const parts = Object.fromEntries(formatterOf(zone).formatToParts(new Date(epoch)).map((p) => [p.type, Number(p.value)]));
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wall - (epoch - (epoch % 1000));
}

/**
 * The instant showing the same wall-clock time `days` calendar days earlier in `zone`: across a daylight-saving
 * change that is 23 or 25 hours per day away, not 24. A wall time the change skipped lands an hour off.
 */
export function sameLocalTimeDaysBefore(epoch: number, days: number, zone: string): number {
  const wall = epoch + zoneOffset(zone, epoch) - days * 86_400_000;
  // Two rounds settle the offset at the target instant (the first guess uses the offset of `epoch`).
  let guess = wall - zoneOffset(zone, epoch);
  guess = wall - zoneOffset(zone, guess);
  return wall - zoneOffset(zone, guess);
}

/** The instant of midnight in `zone` on the calendar day `days` days before the one `epoch` falls on there. */
export function localMidnightDaysBefore(epoch: number, days: number, zone: string): number {
  const wall = new Date(epoch + zoneOffset(zone, epoch));
  const midnight = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate() - days);
  // The offset at that midnight, which a daylight-saving change between the two days may make differ from now's.
  return midnight - zoneOffset(zone, midnight - zoneOffset(zone, epoch));
}
