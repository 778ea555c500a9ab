import { describe, expect, it } from 'vitest';
import { importMappingSchema } from '@stratum/contracts';
import { importRowToEvent } from '../../src/services/cdp/imports/map-import-row';

const options = { kind: 'events' as const, timeZone: 'UTC', now: new Date('2026-01-01T00:00:00Z') };

describe('import row mapping', () => {
  it("reads the row's own fields only: `constructor` or `toString` columns are missing, not Object's methods", () => {
    const row = JSON.parse('{"email":"a@example.com","name":"Signed Up","user":{"plan":"gold"}}') as Record<string, unknown>;
    const mapping = { email: 'identifier.email', name: 'event_name', constructor: 'properties.ctor', 'user.toString': 'properties.text', 'user.plan': 'traits.plan' };
    const result = importRowToEvent(row, { ...options, mapping });
    expect(result).toMatchObject({ ok: true, event: { event_name: 'Signed Up', traits: { plan: 'gold' } } });
    expect(result.ok && Object.keys(result.event.properties as object)).toEqual([]);
  });

  it('refuses a mapping that would assign a `__proto__` key', () => {
    expect(importMappingSchema.safeParse({ a: 'properties.__proto__' }).success).toBe(false);
    expect(importMappingSchema.safeParse({ a: 'traits.__proto__' }).success).toBe(false);
    expect(importMappingSchema.safeParse({ a: 'properties.__proto__x', b: 'traits.proto' }).success).toBe(true);
  });

  it("quotes a bad cell in the row's error with an email or a phone masked (a shifted row puts them anywhere)", () => {
    const mapping = { evt: 'event_name', ts: 'event_time', ok: 'consent.email', email: 'identifier.email' };
    const error = (row: Record<string, unknown>) => {
      const result = importRowToEvent(row, { ...options, mapping });
      return result.ok ? null : result.error;
    };
    const quoted = (text: string | null) => /^ts: not a date \(([^()]*)\)/.exec(text ?? '')?.[1];
    expect(quoted(error({ evt: 'Page', ts: 'shifted.person@leak.com', email: 'x@y.com' }))).toBe('s***@leak.com');
    expect(quoted(error({ evt: 'Page', ts: '+971 50 123 4999', email: 'x@y.com' }))).toBe('+971 5********99');
    expect(error({ evt: 'Page', ts: '2026-13-45', email: 'x@y.com' })).toMatch(/^ts: not a date \(2026-13-45\); use ISO 8601/);
    // Masked before the quote is cut to 40 characters, and wherever in the cell it sits.
    expect(quoted(error({ evt: 'Page', ts: 'mohammed.abdullah.alhashimi@longdomain-leak.test', email: 'x@y.com' }))).toBe('m***@longdomain-leak.test');
    expect(quoted(error({ evt: 'Page', ts: 'Tel +971 50 999 8877 ext', email: 'x@y.com' }))).toBe('Tel +971 5********77 ext');
    expect(error({ evt: 'Page', ts: '2026-01-01', ok: 'maybe', email: 'x@y.com' })).toBe('ok: not a yes/no value (maybe)');
    expect(error({ evt: 'Page', ts: '2026-01-01', ok: '0501234567', email: 'x@y.com' })).toBe('ok: not a yes/no value (050123**67)');
  });

  it("reads times as ISO 8601 on the tenant's wall clock or as epoch numbers, and refuses the ambiguous rest", () => {
    const mapping = { evt: 'event_name', ts: 'event_time', email: 'identifier.email' };
    const timeOf = (ts: unknown, timeZone = 'Asia/Dubai') => {
      const result = importRowToEvent({ evt: 'Page', ts, email: 'x@y.com' }, { ...options, timeZone, mapping });
      return result.ok ? result.event.event_time : result.error;
    };
    expect(timeOf('2024-01-05 10:00')).toBe('2024-01-05T06:00:00.000Z');
    expect(timeOf('2024-01-05 10:00', 'America/New_York')).toBe('2024-01-05T15:00:00.000Z');
    expect(timeOf('2024-07-05T10:00:00', 'America/New_York')).toBe('2024-07-05T14:00:00.000Z');
    expect(timeOf('2024-01-05')).toBe('2024-01-04T20:00:00.000Z');
    expect(timeOf('2024-01-05T10:00:00+01:00')).toBe('2024-01-05T09:00:00.000Z');
    expect(timeOf('2024-01-05T10:00:00Z')).toBe('2024-01-05T10:00:00.000Z');
    expect(timeOf('1704448800')).toBe('2024-01-05T10:00:00.000Z');
    expect(timeOf('1704448800000')).toBe('2024-01-05T10:00:00.000Z');
    expect(timeOf(1704448800)).toBe('2024-01-05T10:00:00.000Z');
    for (const ambiguous of ['05/01/2024', '13/01/2024 09:30', '1', '2024', 'Jan 5 2024', '2024-02-30']) {
      expect(timeOf(ambiguous), ambiguous).toMatch(/^ts: not a date \(.*\); use ISO 8601/);
    }
  });

  it('keys a row by its content: the same row in another file is the same event, another row is not', () => {
    const mapping = { evt: 'event_name', ts: 'event_time', email: 'identifier.email' };
    const keyOf = (row: Record<string, unknown>, kind: 'events' | 'profiles' = 'events') => {
      const result = importRowToEvent(row, { ...options, kind, mapping });
      return result.ok ? result.event.idempotency_key : null;
    };
    const row = { evt: 'Purchase', ts: '2024-01-05', email: 'x@y.com' };
    expect(keyOf({ ...row })).toBe(keyOf(row));
    expect(keyOf({ ...row, ts: '2024-01-06' })).not.toBe(keyOf(row));
    expect(keyOf(row, 'profiles')).not.toBe(keyOf(row));
  });

  it("names the column of an empty event name or time", () => {
    const mapping = { evt: 'event_name', ts: 'event_time', email: 'identifier.email' };
    const result = (row: Record<string, unknown>) => importRowToEvent(row, { ...options, mapping });
    expect(result({ evt: ' ', ts: '2026-01-01', email: 'x@y.com' })).toEqual({ ok: false, error: 'evt: no event name', code: 'invalid_field' });
    expect(result({ evt: 'Page', email: 'x@y.com' })).toEqual({ ok: false, error: 'ts: no event time', code: 'invalid_field' });
    // A profiles import names its events itself.
    expect(importRowToEvent({ evt: '', email: 'x@y.com' }, { ...options, kind: 'profiles', mapping }).ok).toBe(true);
  });
});
