import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client';
import { trackingApp } from '../support/tracking';

// Erasure reaches what the collection queue still holds about the person.
const { t, post, lookup } = trackingApp();

describe('erasing a person the collection queue set requests aside for', () => {
  it('deletes the set-aside requests that carry their identifiers, and only those', async () => {
    expect((await post('/v1/identify', { userId: 'erase-me', traits: { email: 'gone.person@example.com' } })).statusCode).toBe(200);
    await t.app.eventQueue.whenIdle();
    const profile = await lookup('external_id', 'erase-me');
    expect(profile).not.toBeNull();

    // A data-dependent failure no validation foresaw, made real by a trigger: the database refuses some events.
    await t.db.db.execute(sql`create or replace function test_refuse_event() returns trigger language plpgsql as $$
                                begin raise exception using errcode = '22023', message = 'refused by the test'; end $$`);
    await t.db.db.execute(sql`create trigger test_refuse_event before insert on cdp_events for each row when (new.event_name = 'Poison') execute function test_refuse_event()`);
    try {
      // Good requests between them: a chunk whose every request fails is taken for a fault outside the data.
      for (const message of [
        // Known here by the email alone (in context.traits), as an SDK sends it once the user is signed in.
        { anonymousId: 'new-device', event: 'Poison', context: { traits: { email: ' Gone.Person@example.com ' }, ip: '203.0.113.70' } },
        { anonymousId: 'fine-1', event: 'Fine' },
        { userId: 'someone-else', event: 'Poison' },
        { anonymousId: 'fine-2', event: 'Fine' },
      ]) {
        expect((await post('/v1/track', message)).statusCode).toBe(200);
      }
      await t.app.eventQueue.whenIdle();
    } finally {
      await t.db.db.execute(sql`drop trigger if exists test_refuse_event on cdp_events`);
    }
    const setAside = () =>
      queryRows<{ payload: string }>(t.db.db, sql`select payload from cdp_raw_events where tenant_id = ${t.tenantId} and failed_at is not null`);
    expect(await setAside()).toHaveLength(2);

    const erased = await t.app.inject({ method: 'DELETE', url: `/api/v1/cdp/profiles/${profile!.id}`, headers: t.admin.headers });
    expect(erased.statusCode, erased.body).toBe(200);
    const left = await setAside();
    expect(left).toHaveLength(1);
    expect(left[0]!.payload).toContain('someone-else');
    expect(JSON.stringify(left)).not.toMatch(/gone\.person|203\.0\.113\.70/i);
  });
});
