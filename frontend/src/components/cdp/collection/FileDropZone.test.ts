import { describe, expect, it } from 'vitest';
import { formatBytes } from './FileDropZone';

describe('file sizes', () => {
  it('writes bytes in full and larger units short', () => {
    expect(formatBytes(235, 'en')).toBe('235 bytes');
    expect(formatBytes(1, 'en')).toBe('1 byte');
    expect(formatBytes(1536, 'en')).toBe('1.5 kB');
    expect(formatBytes(235, 'ar')).toContain('بايت');
  });
});
