import { describe, expect, it } from 'vitest';
import { importMappingSchema } from '@stratum/contracts';
import { importRowToEvent } from '../../src/services/cdp/imports/map-import-row';

const options = { kind: 'events' as const, rowNumber: 1, fileSha256: 'f'.repeat(64), now: new Date('2026-01-01T00:00:00Z') };

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
});
