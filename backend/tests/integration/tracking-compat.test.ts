import { describe, expect, it } from 'vitest';
import { trackingApp } from '../support/tracking';

// What SDKs in the field send that a strict reading of the spec would refuse, or accept and then lose.
const { t, post, lookup } = trackingApp();

/** The events stored on the profile of this user id, oldest first, once the queue has drained. */
async function eventsOf(userId: string) {
  const profile = await lookup('external_id', userId);
  if (!profile) return [];
  const res = await t.app.inject({ url: `/api/v1/cdp/events?profile_id=${profile.id}`, headers: t.admin.headers });
  return (res.json().data.items as { event_name: string; event_time: string; context: Record<string, unknown> }[]).reverse();
}

describe('tracking API, as SDKs in the field use it', () => {
  it('stores every acknowledged message, keeping the context as sent but for what it could not store', async () => {
    const sent = await post('/v1/batch', {
      batch: [
        { type: 'track', userId: 'ctx-user', event: 'Good', timestamp: '2026-01-01T00:00:00Z' },
        // Not objects where the CDP reads objects: kept out of the context, not a reason to lose the event.
        { type: 'track', userId: 'ctx-user', event: 'Screen', context: { screen: '1920x1080' }, timestamp: '2026-01-01T00:00:01Z' },
        {
          type: 'track',
          userId: 'ctx-user',
          event: 'Mobile',
          timestamp: '2026-01-01T00:00:02Z',
          context: {
            campaign: 'spring_sale',
            device: { id: 'ctx-device', advertisingId: 'ctx-idfa', model: 'Pixel 8' },
            os: { name: 'Android', version: '14' },
            app: { name: 'Shop', version: '5.1.0' },
            traits: { email: 'ctx.user@example.com' },
          },
        },
      ],
    });
    expect(sent.statusCode).toBe(200);
    const events = await eventsOf('ctx-user');
    expect(events.map((e) => e.event_name)).toEqual(['Good', 'Screen', 'Mobile']);
    expect(events[1]!.context.screen).toBeUndefined();
    expect(events[2]!.context).toMatchObject({ os: { name: 'Android', version: '14' }, app: { name: 'Shop', version: '5.1.0' }, device: { model: 'Pixel 8' } });
    // The device's ids and the traits became identifiers: not kept in clear beside them.
    expect(JSON.stringify(events[2]!.context)).not.toMatch(/ctx-device|ctx-idfa|ctx\.user|spring_sale/);
  });

  it('takes an empty id as absent, any ISO 8601 time (UTC without a zone) and the event name verbatim', async () => {
    const sent = await post('/v1/batch', {
      batch: [
        // RudderStack's older browser SDK sends an empty userId until someone is identified.
        { type: 'page', userId: '', anonymousId: 'compat-anon', name: 'Home', timestamp: '2026-01-02T10:00:00' },
        { type: 'identify', userId: 'compat-user', anonymousId: '', timestamp: '2026-01-02 10:01:00+0200', traits: { plan: 'gold' } },
        { type: 'track', userId: 'compat-user', anonymousId: 'compat-anon', event: '  Checkout Started ', timestamp: '2026-01-02' },
      ],
    });
    expect(sent.statusCode, sent.body).toBe(200);
    const events = await eventsOf('compat-user');
    expect(events.map((e) => [e.event_name, e.event_time])).toEqual([
      ['Identify', '2026-01-02T08:01:00.000Z'],
      ['  Checkout Started ', '2026-01-02T00:00:00.000Z'],
      ['Page Viewed', '2026-01-02T10:00:00.000Z'],
    ].sort((a, b) => a[1]!.localeCompare(b[1]!)));
  });

  it("updates a group's traits key by key, in one request or across several", async () => {
    expect((await post('/v1/group', { userId: 'group-user', groupId: 'acme', traits: { name: 'Acme Inc', employees: 120 } })).statusCode).toBe(200);
    await lookup('external_id', 'group-user');
    const sent = await post('/v1/batch', {
      batch: [
        { type: 'group', userId: 'group-user', groupId: 'acme', traits: { plan: 'enterprise' } },
        { type: 'group', userId: 'group-user', groupId: 'acme', traits: { employees: 150 } },
        { type: 'group', userId: 'group-user', groupId: 'globex', traits: { name: 'Globex' } },
      ],
    });
    expect(sent.statusCode).toBe(200);
    const profile = await lookup('external_id', 'group-user');
    expect(profile.traits).toEqual({
      'group:acme': { id: 'acme', name: 'Acme Inc', employees: 150, plan: 'enterprise' },
      'group:globex': { id: 'globex', name: 'Globex' },
    });
  });

  it('refuses what it cannot read faithfully with a 400 saying why', async () => {
    // As sent on the wire: a number past 2^53 cannot even be written in a JavaScript literal without losing digits.
    const refusals: [string, RegExp][] = [
      ['{"type":"track","userId":9007199254740993,"event":"Big"}', /send the id as a string/],
      ['{"type":"track","userId":"u","event":"E","timestamp":"2026-02-31T00:00:00Z"}', /Invalid ISO 8601 time/],
      ['{"type":"track","userId":"u","event":"   "}', /blank/],
    ];
    for (const [message, reason] of refusals) {
      const res = await post('/v1/batch', `{"batch":[${message}]}`);
      expect(res.statusCode, message).toBe(400);
      expect(res.json().errors[0].message).toMatch(reason);
    }
    // Segment answers a request it cannot take with a 400 (SDKs retry other codes), whatever is wrong with it.
    for (const body of [{ batch: [] }, {}, [{ type: 'track' }]]) {
      expect((await post('/v1/batch', body)).statusCode, JSON.stringify(body)).toBe(400);
    }
    const unsigned = await post('/v1/track', { userId: 'u', event: 'E' }, {});
    expect(unsigned.statusCode).toBe(401);
    expect(unsigned.json().message).toMatch(/HTTP Basic/);
  });
});
