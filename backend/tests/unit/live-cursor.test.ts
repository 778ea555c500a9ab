import { describe, expect, it } from 'vitest';
import { encodeLiveCursor, liveCursorFrom, resumeLiveCursor } from '../../src/services/cdp/events/live-events';

describe('live stream cursor', () => {
  const now = new Date('2026-11-26T12:00:00.000Z');
  const fallback = new Date(now.getTime() - 60_000);
  const oldest = new Date(now.getTime() - 600_000);

  it('resumes exactly where a well-formed Last-Event-ID says', () => {
    const cursor = liveCursorFrom(new Date(now.getTime() - 120_000));
    expect(resumeLiveCursor(encodeLiveCursor(cursor), fallback, oldest, now)).toEqual(cursor);
  });

  it('clamps a cursor to the replay window and to now', () => {
    expect(resumeLiveCursor(encodeLiveCursor(liveCursorFrom(new Date('2026-11-01T00:00:00Z'))), fallback, oldest, now)).toEqual(liveCursorFrom(oldest));
    expect(resumeLiveCursor(encodeLiveCursor(liveCursorFrom(new Date('2027-01-01T00:00:00Z'))), fallback, oldest, now)).toEqual(liveCursorFrom(now));
  });

  it('falls back to the last minute for anything else', () => {
    for (const bad of [undefined, '', 'x', '01234567-89ab-7def-8123-456789abcdef', 'DROP TABLE_2026-11-26T11:59:00Z', '01234567-89ab-7def-8123-456789abcdef_2026-13-45T99:99:99Z']) {
      expect(resumeLiveCursor(bad, fallback, oldest, now)).toEqual(liveCursorFrom(fallback));
    }
  });
});
