import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { appWithTenantAdmin } from '../support/app-with-tenant-admin';
import { createSource } from '../support/cdp';

const t = appWithTenantAdmin();
let key: string;
beforeAll(async () => {
  key = (await createSource(t.app, t.admin, 'Fuzz', 'server')).source_key;
});

// Values that stress shapes: right and wrong types, odd strings, nesting.
const anyValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', ' ', 'null', '+971501234567', 'A@B.CO', '2026-02-30T25:00:00Z', '1e309', '\u0000', '\ud800'),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.constant(null)), { maxKeys: 3 }),
);
const identifier = fc.oneof(
  fc.record({ type: fc.constantFrom('email', 'phone', 'external_id', 'anonymous_id', 'device_id', 'Bad Type', 'x'), value: anyValue }, { requiredKeys: [] }),
  anyValue,
);
const cdpEvent = fc.oneof(
  fc.record(
    {
      event_name: anyValue,
      event_time: anyValue,
      idempotency_key: anyValue,
      identifiers: fc.oneof(fc.array(identifier, { maxLength: 4 }), anyValue),
      properties: anyValue,
      context: fc.oneof(fc.record({ ip: anyValue, user_agent: anyValue, campaign: anyValue, locale: anyValue }, { requiredKeys: [] }), anyValue),
      traits: anyValue,
      consent: fc.oneof(fc.record({ analytics: anyValue, ads: anyValue, email: anyValue }, { requiredKeys: [] }), anyValue),
    },
    { requiredKeys: [] },
  ),
  anyValue,
);
const segmentMessage = fc.oneof(
  fc.record(
    {
      type: fc.oneof(fc.constantFrom('track', 'identify', 'page', 'screen', 'group', 'alias', 'bogus'), anyValue),
      event: anyValue,
      name: anyValue,
      userId: anyValue,
      anonymousId: anyValue,
      previousId: anyValue,
      groupId: anyValue,
      messageId: anyValue,
      timestamp: anyValue,
      sentAt: anyValue,
      properties: anyValue,
      traits: anyValue,
      context: fc.oneof(fc.record({ ip: anyValue, userAgent: anyValue, traits: anyValue, consent: anyValue, campaign: anyValue }, { requiredKeys: [] }), anyValue),
    },
    { requiredKeys: [] },
  ),
  anyValue,
);

// Events that pass the schema, carrying any text (control characters, astral and unpaired surrogates, keys that
// mean something to JavaScript) in the places that reach the database: identifier values, properties, context, traits.
const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 24 }), fc.constantFrom('\u0000', 'a\ud800b', '\udc00', 'ok 🎉', '__proto__', 'constructor'));
const jsonValue = fc.oneof(text, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.array(text, { maxLength: 3 }));
const plausibleEvent = fc.record(
  {
    event_name: fc.constantFrom('Page Viewed', 'Purchase', 'Signed Up'),
    event_time: fc.date({ min: new Date('2025-01-01'), max: new Date('2026-06-01'), noInvalidDate: true }).map((d) => d.toISOString()),
    identifiers: fc.array(fc.record({ type: fc.constantFrom('email', 'phone', 'anonymous_id', 'external_id', 'loyalty_card'), value: fc.oneof(text, fc.constantFrom('fuzz@example.com', '+971501234567')) }), { minLength: 1, maxLength: 3 }),
    idempotency_key: text,
    properties: fc.dictionary(text, jsonValue, { maxKeys: 4 }),
    context: fc.record({ ip: fc.oneof(text, fc.ipV4(), fc.ipV6()), user_agent: text, locale: text, campaign: fc.dictionary(text, text, { maxKeys: 2 }) }, { requiredKeys: [] }),
    traits: fc.dictionary(text, jsonValue, { maxKeys: 3 }),
  },
  { requiredKeys: ['event_name', 'event_time', 'identifiers'] },
);

describe('untrusted input to the ingestion endpoints', () => {
  it('refuses text the database cannot store with a reason, alone, and keeps the rest', async () => {
    const ok = { event_name: 'Page Viewed', event_time: '2026-01-01T00:00:00Z', identifiers: [{ type: 'anonymous_id', value: 'nul-ok' }] };
    const nul = { ...ok, properties: { note: 'a\u0000b' } };
    const surrogate = { ...ok, traits: { ['\ud800']: 1 } };
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/cdp/ingest', headers: { 'x-source-key': key }, payload: { events: [ok, nul, surrogate] } });
    expect(res.json().data.results.map((r: { status: string; error: string | null }) => [r.status, r.error])).toEqual([
      ['accepted', null],
      ['rejected', expect.stringMatching(/^properties\.note: text may not contain the NUL character/)],
      ['rejected', expect.stringMatching(/^traits: text may not contain/)],
    ]);
    const basic = `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
    const tracked = await t.app.inject({ method: 'POST', url: '/v1/track', headers: { authorization: basic }, payload: { anonymousId: 'nul-2', event: 'Viewed', properties: { note: 'a\u0000b' } } });
    expect(tracked.statusCode).toBe(400);
    expect(tracked.json().errors[0].message).toMatch(/properties\.note: text may not contain/);
  });

  it('stores or refuses, one by one, events that pass the schema whatever text they carry', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(plausibleEvent, { minLength: 1, maxLength: 8 }), async (events) => {
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/cdp/ingest', headers: { 'x-source-key': key }, payload: { events } });
        expect(res.statusCode, res.body).toBeLessThan(300);
        const results = res.json().data.results as { status: string; error: string | null }[];
        expect(results).toHaveLength(events.length);
        for (const r of results) if (r.status === 'rejected') expect(r.error).toBeTruthy();
      }),
      { numRuns: 150 },
    );
  });

  it('never gets a server error from the CDP ingest API, and every event gets its own outcome', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(cdpEvent, { minLength: 1, maxLength: 6 }), async (events) => {
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/cdp/ingest', headers: { 'x-source-key': key }, payload: { events } });
        expect(res.statusCode, res.body).toBeLessThan(500);
        if (res.statusCode === 200) expect(res.json().data.results).toHaveLength(events.length);
      }),
      { numRuns: 150 },
    );
  });

  it('never gets a server error from the Segment-compatible batch endpoint, nor from draining what it accepted', async () => {
    const basic = `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.array(segmentMessage, { minLength: 1, maxLength: 6 }), anyValue), async (batch) => {
        const res = await t.app.inject({ method: 'POST', url: '/v1/batch', headers: { authorization: basic }, payload: { batch } });
        expect(res.statusCode, res.body).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
    // Whatever was acknowledged is processed: nothing stays queued, nothing fails the drain.
    await t.app.eventQueue.whenIdle();
    const live = await t.app.inject({ url: '/api/v1/cdp/events?page_size=1', headers: t.admin.headers });
    expect(live.statusCode).toBe(200);
  });
});
