/**
 * The live stream's position: a UUIDv7 below which the stream has shown (or said it left out) every event of the
 * source, accepted and refused alike. Both kinds have UUIDv7 ids, made from the clock of the process that writes
 * them, so one position covers both and its first 48 bits are a time.
 */
export type LiveCursor = string;

/** The smallest UUIDv7 of the millisecond of `at`: "after this id" means "made from that millisecond on". */
export function liveCursorAt(at: Date | number): LiveCursor {
  const ms = new Date(at).getTime().toString(16).padStart(12, '0');
  return `${ms.slice(0, 8)}-${ms.slice(8)}-7000-8000-000000000000`;
}

/** The millisecond a UUIDv7 was made in. */
export const timeOfId = (id: string): number => parseInt(id.slice(0, 8) + id.slice(9, 13), 16);

const UUID7 = '[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}';
const CURSOR = new RegExp(`^(${UUID7})$`, 'i');
/**
 * What streams sent before the position became one id: the last accepted event's id and the `received_at` of the
 * last refusal. The earlier of the two is where both kinds are complete, so a stream resumed from it repeats a
 * few events (the client tells them apart by id) rather than missing any.
 */
const LEGACY_CURSOR = new RegExp(`^(${UUID7})_(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,6})?Z)$`, 'i');

function parseLiveCursor(lastEventId: string): LiveCursor | null {
  const text = lastEventId.trim();
  const current = CURSOR.exec(text);
  if (current) return current[1]!.toLowerCase();
  const legacy = LEGACY_CURSOR.exec(text);
  const at = legacy ? new Date(legacy[2]!) : null;
  if (!legacy || !at || Number.isNaN(at.getTime())) return null;
  const accepted = legacy[1]!.toLowerCase();
  const rejected = liveCursorAt(at);
  return accepted < rejected ? accepted : rejected;
}

/**
 * Where a stream starts: at the client's `Last-Event-ID` when it sends a well-formed one, clamped to
 * [oldest, now] (a debugger replays minutes, not a day of traffic); otherwise at `fallback`.
 */
export function resumeLiveCursor(lastEventId: string | undefined, fallback: Date, oldest: Date, now = new Date()): LiveCursor {
  const cursor = lastEventId ? parseLiveCursor(lastEventId) : null;
  if (!cursor) return liveCursorAt(fallback);
  const floor = liveCursorAt(oldest);
  const ceiling = liveCursorAt(now);
  return cursor < floor ? floor : cursor > ceiling ? ceiling : cursor;
}
