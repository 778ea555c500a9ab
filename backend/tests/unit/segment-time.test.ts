import { describe, expect, it } from 'vitest';
import { segmentTimeSchema } from '@stratum/contracts';

const read = (value: string) => {
  const parsed = segmentTimeSchema.safeParse(value);
  return parsed.success ? new Date(parsed.data).toISOString() : null;
};

describe('tracking API times', () => {
  it('reads every ISO 8601 form SDKs send, as UTC where no zone is given', () => {
    expect(read('2026-03-01T12:00:00.123Z')).toBe('2026-03-01T12:00:00.123Z');
    expect(read('2026-03-01T12:00:00+02:00')).toBe('2026-03-01T10:00:00.000Z');
    expect(read('2026-03-01T12:00:00+0200')).toBe('2026-03-01T10:00:00.000Z');
    expect(read('2026-03-01T12:00:00.123456789Z')).toBe('2026-03-01T12:00:00.123Z');
    expect(read('2026-03-01T12:00:00')).toBe('2026-03-01T12:00:00.000Z');
    expect(read('2026-03-01 12:00z')).toBe('2026-03-01T12:00:00.000Z');
    expect(read('2026-03-01')).toBe('2026-03-01T00:00:00.000Z');
    expect(read('2024-02-29T00:00:00Z')).toBe('2024-02-29T00:00:00.000Z');
  });

  it('refuses dates that do not exist and text that is no time', () => {
    for (const value of ['2025-02-29T00:00:00Z', '2026-02-31', '2026-13-01T00:00:00Z', '2026-03-01T25:00:00Z', 'yesterday', '1700000000']) {
      expect(read(value), value).toBeNull();
    }
  });
});
