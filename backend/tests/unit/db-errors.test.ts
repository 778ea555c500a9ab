import { describe, expect, it } from 'vitest';
import { dataDependentCode, isTransient } from '../../src/db/errors';

// Drizzle wraps the driver's error; the driver's code sits on its cause.
const wrapped = (code: string) => Object.assign(new Error('Failed query'), { cause: Object.assign(new Error('driver'), { code }) });

describe('database errors', () => {
  it('call a lost connection, a shutdown, a cancelled statement or too many connections transient', () => {
    for (const code of ['57P01', '57P03', '57014', '08006', '53300', '40001', 'CONNECTION_CLOSED', 'CONNECT_TIMEOUT', 'ECONNREFUSED']) {
      expect(isTransient(wrapped(code)), code).toBe(true);
    }
  });

  it('do not call refused values, a broken statement or an error of ours transient', () => {
    for (const code of ['22023', '23505', '42601', '42P01']) expect(isTransient(wrapped(code)), code).toBe(false);
    expect(isTransient(new Error('a defect'))).toBe(false);
    expect(dataDependentCode(wrapped('22023'))).toBe('22023');
    expect(dataDependentCode(wrapped('57014'))).toBeNull();
  });
});
