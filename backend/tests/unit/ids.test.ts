import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/core/ids';

describe('uuidv7', () => {
  it('is a version 7 UUID whose first 48 bits are the millisecond', () => {
    const id = uuidv7(1_764_000_000_123);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(1_764_000_000_123);
  });

  it('sorts in the order the ids were made, within one millisecond too, and across milliseconds', () => {
    const made = [...Array.from({ length: 1000 }, () => uuidv7(1_764_000_000_500)), ...Array.from({ length: 10 }, () => uuidv7(1_764_000_000_501))];
    expect([...made].sort()).toEqual(made);
    expect(new Set(made).size).toBe(made.length);
  });
});
