import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/core/ids';
import { liveCursorAt, resumeLiveCursor, timeOfId } from '../../src/services/cdp/events/live-cursor';
import { nextLiveCursor, planLivePoll } from '../../src/services/cdp/events/live-feed';
import type { LiveId } from '../../src/services/cdp/events/live-events';

describe('live stream cursor', () => {
  const now = new Date('2026-11-26T12:00:00.000Z');
  const fallback = new Date(now.getTime() - 60_000);
  const oldest = new Date(now.getTime() - 600_000);

  it('is the smallest id of its millisecond', () => {
    const at = now.getTime() - 120_000;
    expect(timeOfId(liveCursorAt(at))).toBe(at);
    expect(liveCursorAt(at) <= uuidv7(at)).toBe(true);
    expect(liveCursorAt(at) > uuidv7(at - 1)).toBe(true);
  });

  it('resumes exactly where a well-formed Last-Event-ID says', () => {
    const cursor = uuidv7(now.getTime() - 120_000);
    expect(resumeLiveCursor(cursor, fallback, oldest, now)).toBe(cursor);
    expect(resumeLiveCursor(` ${cursor.toUpperCase()} `, fallback, oldest, now)).toBe(cursor);
  });

  it('resumes a position sent before it was one id at the earlier of its two parts', () => {
    const accepted = uuidv7(now.getTime() - 120_000);
    const refusedAt = new Date(now.getTime() - 180_000);
    expect(resumeLiveCursor(`${accepted}_${refusedAt.toISOString()}`, fallback, oldest, now)).toBe(liveCursorAt(refusedAt));
    expect(resumeLiveCursor(`${accepted}_${now.toISOString()}`, fallback, oldest, now)).toBe(accepted);
  });

  it('clamps a cursor to the replay window and to now', () => {
    expect(resumeLiveCursor(liveCursorAt(new Date('2026-11-01T00:00:00Z')), fallback, oldest, now)).toBe(liveCursorAt(oldest));
    expect(resumeLiveCursor(liveCursorAt(new Date('2027-01-01T00:00:00Z')), fallback, oldest, now)).toBe(liveCursorAt(now));
  });

  it('falls back to the last minute for anything else', () => {
    for (const bad of [undefined, '', 'x', '01234567-89ab-4def-8123-456789abcdef', 'DROP TABLE_2026-11-26T11:59:00Z', '01234567-89ab-7def-8123-456789abcdef_2026-13-45T99:99:99Z']) {
      expect(resumeLiveCursor(bad, fallback, oldest, now)).toBe(liveCursorAt(fallback));
    }
  });
});

describe('live stream poll', () => {
  const t0 = Date.parse('2026-11-26T12:00:00.000Z');
  /** `n` ids made one millisecond apart from `from`, oldest first. */
  const ids = (n: number, from = t0): LiveId[] => Array.from({ length: n }, (_, i) => ({ id: uuidv7(from + i), kind: i % 3 ? 'accepted' : 'rejected' }));

  it('shows what it has not shown yet, oldest first, a hundred at a time', () => {
    const read = ids(250);
    const plan = planLivePoll(read, new Set(read.slice(0, 20).map((i) => i.id)), true);
    expect(plan.send).toEqual(read.slice(20, 120));
    expect(plan.omitted).toEqual([]);
  });

  it('jumps to the newest when more wait than the backlog allows, leaving the rest out', () => {
    const read = ids(1500);
    const plan = planLivePoll(read, new Set(), true);
    expect(plan.send).toEqual(read.slice(1400));
    expect(plan.omitted).toEqual(read.slice(0, 1400));
  });

  it('keeps reading the settle window, and stops at what it still has to show', () => {
    const cursor = liveCursorAt(t0 - 60_000);
    const settled = liveCursorAt(t0 - 10_000);
    const read = ids(150, t0 - 20_000);
    const paging = planLivePoll(read, new Set(), true);
    expect(nextLiveCursor(cursor, paging, 50, null, settled)).toBe(read[99]!.id);
    const recent = ids(150, t0 - 5_000);
    expect(nextLiveCursor(cursor, planLivePoll(recent, new Set(), true), 50, null, settled)).toBe(settled);
    expect(nextLiveCursor(cursor, planLivePoll(ids(50), new Set(), true), 0, null, settled)).toBe(settled);
    // A flood: the ids below the cut were not read and are given up.
    expect(nextLiveCursor(cursor, planLivePoll(recent, new Set(), false), 0, recent[0]!.id, settled)).toBe(recent[0]!.id);
  });

  it('never passes an event over silently and never shows one twice', () => {
    // Ids appear over polls in any order (late commits); each poll's ids are those after the cursor.
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 400 }), { minLength: 1, maxLength: 8 }), (arrivals) => {
        const all: LiveId[] = [];
        const shown = new Set<string>();
        const omitted = new Set<string>();
        const handled = new Set<string>();
        let cursor = liveCursorAt(t0 - 5000);
        arrivals.forEach((batch, poll) => {
          // Every id made in this poll's second or the one before commits by this poll (the settle window).
          all.push(...batch.map((offset) => ({ id: uuidv7(t0 + poll * 1000 + offset - 1000), kind: 'accepted' as const })));
          const read = all.filter((i) => i.id > cursor).sort((a, b) => (a.id < b.id ? -1 : 1));
          const plan = planLivePoll(read, handled, true);
          expect(plan.send.length).toBeLessThanOrEqual(100);
          for (const { id } of plan.send) {
            expect(shown.has(id) || omitted.has(id)).toBe(false);
            shown.add(id);
          }
          plan.omitted.forEach(({ id }) => omitted.add(id));
          [...plan.send, ...plan.omitted].forEach(({ id }) => handled.add(id));
          const waiting = read.filter((i) => !handled.has(i.id)).length;
          cursor = nextLiveCursor(cursor, plan, waiting, null, liveCursorAt(t0 + poll * 1000 - 2000));
        });
        // Whatever was read and is below the cursor was shown or counted as left out.
        for (const { id } of all) if (id <= cursor) expect(shown.has(id) || omitted.has(id)).toBe(true);
      }),
    );
  });
});
