import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decryptValue, encryptValue, lookupHash, maskIdentifier, tenantPiiKeys } from '../../src/services/cdp/identity/pii-crypto';
import { normalizeIdentifier } from '../../src/services/cdp/identity/normalize';
import { emqBand, emqScore } from '../../src/services/cdp/emq/emq';

describe('identifier normalisation (SPEC examples)', () => {
  it.each([
    ['phone', '+1 (555) 123-4567', undefined, '+15551234567'],
    ['phone', '971501234567', 'AE', '+971501234567'],
    ['phone', '0501234567', 'AE', '+971501234567'],
    ['phone', '00971501234567', undefined, '+971501234567'],
    ['email', ' John@Example.COM ', undefined, 'john@example.com'],
    ['device_id', '  abc-123 ', undefined, 'abc-123'],
  ])('%s %j → %s', (type, raw, region, expected) => {
    expect(normalizeIdentifier(type, raw, { defaultRegion: region })).toEqual({ ok: true, value: expected });
  });

  // A national number that would also read as a valid number of another country once a `+` is put in front of it
  // (Atlanta's 678 as Panama's +678, Riyadh's 53 as Paraguay's +595…) is the tenant's region's number.
  it.each([
    ['6789129143', 'US', '+16789129143'],
    ['(507) 430-9108', 'US', '+15074309108'],
    ['532205174', 'SA', '+966532205174'],
    ['2018627086', 'GB', '+442018627086'],
    // A foreign number without its `+` that is not valid in the region still reads as international.
    ['447911123456', 'AE', '+447911123456'],
    ['971501234567', 'US', '+971501234567'],
  ])('reads the bare phone %j in the tenant region %s as %s', (raw, region, expected) => {
    expect(normalizeIdentifier('phone', raw, { defaultRegion: region })).toEqual({ ok: true, value: expected });
  });

  it.each(['null', 'undefined', 'anonymous', '0', '-1', '', '  ', 'NULL'])('refuses the junk value %j', (value) => {
    expect(normalizeIdentifier('anonymous_id', value).ok).toBe(false);
  });

  it('refuses malformed emails and phones, and honours tenant-blocked values', () => {
    expect(normalizeIdentifier('email', 'not-an-email').ok).toBe(false);
    // Mail tools' wrappings are the same address (they made three profiles of one person), other punctuation none.
    for (const wrapped of ['mailto:g@e.com', '<g@e.com>', 'Ana Diaz <G@e.com>', 'MAILTO:g@e.com']) {
      expect(normalizeIdentifier('email', wrapped), wrapped).toEqual({ ok: true, value: 'g@e.com' });
    }
    for (const broken of ['g@e.com>', 'a,b@e.com', 'g@e.com; h@e.com', 'x:g@e.com']) expect(normalizeIdentifier('email', broken).ok, broken).toBe(false);
    expect(normalizeIdentifier('phone', '12').ok).toBe(false);
    expect(normalizeIdentifier('device_id', 'test-device', { blockedValues: ['test-device'] }).ok).toBe(false);
    // iOS's advertising id once tracking is declined, an unset MAC address: shared by every such device.
    for (const zeroed of ['00000000-0000-0000-0000-000000000000', '00:00:00:00:00:00', '000']) {
      expect(normalizeIdentifier('device_id', zeroed, { blockedValues: ['test-device'] }).ok, zeroed).toBe(false);
    }
    expect(normalizeIdentifier('device_id', '00000000-0000-0000-0000-000000000001').ok).toBe(true);
  });

  it('reads an address the same however it was typed or pasted', () => {
    const same = (type: string, ...raws: string[]) => raws.map((raw) => normalizeIdentifier(type, raw, { defaultRegion: 'AE' }));
    // Composed and decomposed é; full-width letters; a zero-width space; the bidi marks an Arabic interface adds.
    expect(same('email', 'José@example.com', 'Jose\u0301@example.com', 'ＪＯＳÉ@example.com', '\u200bjosé@example.com', '\u200ejosé@example.com\u200f')).toEqual(
      Array(5).fill({ ok: true, value: 'jos\u00e9@example.com' }),
    );
    expect(same('phone', '\u200e+971 50 123 4567\u200f', '٠٥٠١٢٣٤٥٦٧', '۰۵۰۱۲۳۴۵۶۷')).toEqual(Array(3).fill({ ok: true, value: '+971501234567' }));
    // Other identifiers are opaque: only their ends are cleaned.
    expect(same('external_id', '\u200fcrm-42\u200e ', 'crm\u200b-42')).toEqual([{ ok: true, value: 'crm-42' }, { ok: true, value: 'crm\u200b-42' }]);
    expect(same('anonymous_id', '\u200b\u200e')).toEqual([{ ok: false, reason: 'blocked anonymous_id value' }]);
  });

  it('is idempotent (normalising a normalised value changes nothing)', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (email) => {
        const once = normalizeIdentifier('email', email);
        if (!once.ok) return;
        expect(normalizeIdentifier('email', once.value)).toEqual(once);
      }),
    );
  });
});

describe('PII at rest', () => {
  const keysA = tenantPiiKeys('master-key-master-key-master-key-123', 'tenant-a');
  const keysB = tenantPiiKeys('master-key-master-key-master-key-123', 'tenant-b');

  it('encrypts with a fresh IV each time and decrypts back', () => {
    const one = encryptValue(keysA, 'john@example.com');
    const two = encryptValue(keysA, 'john@example.com');
    expect(one).not.toBe(two);
    expect(one).not.toContain('john');
    expect(decryptValue(keysA, one)).toBe('john@example.com');
    expect(() => decryptValue(keysB, one)).toThrow();
  });

  it('derives a per-tenant, per-type blind index', () => {
    expect(lookupHash(keysA, 'email', 'x@y.z')).toBe(lookupHash(keysA, 'email', 'x@y.z'));
    expect(lookupHash(keysA, 'email', 'x@y.z')).not.toBe(lookupHash(keysB, 'email', 'x@y.z'));
    expect(lookupHash(keysA, 'email', 'abc')).not.toBe(lookupHash(keysA, 'device_id', 'abc'));
  });

  it('masks values for callers without PII access', () => {
    expect(maskIdentifier('email', 'john@example.com')).toBe('j***@example.com');
    expect(maskIdentifier('phone', '+971501234567')).toBe('+97150*****67');
    expect(maskIdentifier('device_id', 'device-123456')).toBe('de***56');
    expect(maskIdentifier('anonymous_id', 'abc')).toBe('***');
  });
});

describe('EMQ (SPEC examples)', () => {
  const at = (seconds: number) => ({ eventTime: new Date(0), receivedAt: new Date(seconds * 1000) });
  const full = { campaign: { source: 'x' }, user_agent: 'UA', ip: '1.2.3.4' };

  it('email + properties + campaign/user_agent/ip at 60 s → 100', () => {
    expect(emqScore({ identifierTypes: ['email'], properties: { a: 1 }, context: full, ...at(60) })).toBe(100);
  });
  it('anonymous only: 3,700 s → 20, 60 s → 40, 600 s → 30', () => {
    const base = { identifierTypes: ['anonymous_id'], properties: {}, context: {} };
    expect(emqScore({ ...base, ...at(3700) })).toBe(20);
    expect(emqScore({ ...base, ...at(60) })).toBe(40);
    expect(emqScore({ ...base, ...at(600) })).toBe(30);
  });
  it('adds 5 for each context item', () => {
    const base = { identifierTypes: ['anonymous_id'], properties: {}, ...at(3700) };
    expect(emqScore({ ...base, context: { ip: '1.1.1.1' } })).toBe(25);
    expect(emqScore({ ...base, context: { ip: '1.1.1.1', user_agent: 'UA' } })).toBe(30);
    expect(emqScore({ ...base, context: full })).toBe(35);
    // An item that says nothing adds nothing.
    expect(emqScore({ ...base, context: { campaign: {}, user_agent: ' ', ip: null } })).toBe(20);
    expect(emqScore({ ...base, context: { campaign: { source: '' } } })).toBe(20);
  });
  it('bands at 80/60/40', () => {
    expect([80, 79, 60, 59, 40, 39].map(emqBand)).toEqual(['excellent', 'good', 'good', 'fair', 'fair', 'poor']);
  });
});

describe('Segment mapping', () => {
  it("keeps a client IP only when the stored event would accept it, else the request's", async () => {
    const { segmentToEvent } = await import('../../src/services/cdp/tracking/segment-to-event');
    const ipOf = (ip: string) => {
      const mapped = segmentToEvent({ type: 'track', event: 'Viewed', anonymousId: 'a-1', context: { ip } }, { receivedAt: new Date(), requestIp: '203.0.113.9' });
      return mapped.ok ? mapped.event.context.ip : undefined;
    };
    expect(ipOf('198.51.100.7')).toBe('198.51.100.7');
    expect(ipOf('2001:db8::1')).toBe('2001:db8::1');
    // Found by the property below: hex digits and a colon are not yet an IPv6 address.
    expect(ipOf('FcDE:%H')).toBe('203.0.113.9');
    expect(ipOf('999.1.1.1')).toBe('203.0.113.9');
  });

  it('maps consent categories by meaning, a named channel before the word marketing', async () => {
    const { consentFromCategories } = await import('../../src/services/cdp/tracking/segment-to-event');
    expect(consentFromCategories({ 'Email Marketing': false, 'SMS Marketing': true, Marketing: true, Analytics: true })).toEqual({ email: false, sms: true, ads: true, analytics: true });
    expect(consentFromCategories({ 'Targeting Cookies': false, 'Performance Cookies': true, 'Text Messages': false, 'Contextual Advertising': true })).toEqual({ ads: true, analytics: true, sms: false });
  });

  it('always yields an event the tracked-event contract accepts', async () => {
    const { trackedEventSchema } = await import('@stratum/contracts');
    const { segmentToEvent } = await import('../../src/services/cdp/tracking/segment-to-event');
    const scalar = fc.oneof(fc.string({ maxLength: 600 }), fc.integer(), fc.constant(null), fc.boolean());
    const message = fc.record({
      type: fc.constantFrom('track', 'identify', 'page', 'screen', 'group', 'alias'),
      userId: fc.option(fc.string({ minLength: 1, maxLength: 40 }), { nil: undefined }),
      anonymousId: fc.option(fc.string({ minLength: 1, maxLength: 40 }), { nil: undefined }),
      previousId: fc.option(fc.string({ minLength: 1, maxLength: 40 }), { nil: undefined }),
      groupId: fc.option(fc.string({ minLength: 1, maxLength: 40 }), { nil: undefined }),
      event: fc.option(fc.string({ minLength: 1, maxLength: 255 }), { nil: undefined }),
      name: fc.option(fc.string({ maxLength: 50 }), { nil: undefined }),
      properties: fc.option(fc.dictionary(fc.string({ maxLength: 10 }), scalar), { nil: undefined }),
      traits: fc.option(fc.record({ email: scalar, phone: scalar, plan: scalar }), { nil: undefined }),
      context: fc.option(fc.record({ ip: scalar, userAgent: scalar, locale: scalar, timezone: scalar }), { nil: undefined }),
      timestamp: fc.option(fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString()), { nil: undefined }),
    });
    fc.assert(
      fc.property(message, (m) => {
        const mapped = segmentToEvent(m, { receivedAt: new Date(), requestIp: '127.0.0.1' });
        if (!mapped.ok) return;
        const checked = trackedEventSchema.safeParse(mapped.event);
        expect(checked.success, JSON.stringify(checked.error?.issues)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
