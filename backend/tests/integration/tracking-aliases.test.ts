import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client';
import { drainChunk, enqueueRawEvents } from '../../src/services/cdp/ingest/raw-event-queue';
import { tenantWithAdmin } from '../support/factories';
import { trackingApp } from '../support/tracking';

// An alias's previous id and the user id it may be, however the queue holds and drains them.
const { t } = trackingApp();
const enqueue = async (tenantId: string, batch: object[]) => {
  await enqueueRawEvents(t.db.db, { tenantId, sourceId: null }, { format: 'segment', payload: JSON.stringify({ batch }), messageCount: batch.length, requestIp: '10.0.0.1' }, 168);
};
const identify = (userId: string) => ({ type: 'identify', userId, traits: { email: `${userId}@example.com` } });
const alias = (userId: string, previousId: string) => ({ type: 'alias', userId, previousId });
const lookupIn = (session: { headers: Record<string, string> }) => async (type: string, value: string) => {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/cdp/profiles/lookup', headers: session.headers, payload: { identifier_type: type, identifier_value: value } });
  return res.statusCode === 200 ? res.json().data : null;
};
const drainAll = async (tenantId: string) => {
  for (let got = 1; got > 0; ) got = await drainChunk(t.db.db, t.config, tenantId);
};

describe('aliases drained with the user ids they name', () => {

  it('takes a previous id another request of the chunk identifies someone by as that user id, before or after the alias', async () => {
    const { tenant, session } = await tenantWithAdmin(t.app, t.db.db, { settings: { cdp: { identifier_limits: { external_id: 2 } } } });
    await enqueue(tenant.id, [alias('chunk-new', 'chunk-old')]);
    await enqueue(tenant.id, [identify('chunk-old')]);
    await enqueue(tenant.id, [identify('early-old')]);
    await enqueue(tenant.id, [alias('early-new', 'early-old')]);
    expect(await drainChunk(t.db.db, t.config, tenant.id)).toBe(4);
    const lookup = lookupIn(session);
    for (const [oldId, newId] of [['chunk-old', 'chunk-new'], ['early-old', 'early-new']]) {
      const profile = await lookup('external_id', newId!);
      expect(profile.identifiers.map((i: { type: string; value: string }) => `${i.type}:${i.value}`).sort()).toEqual([`email:${oldId}@example.com`, `external_id:${newId}`, `external_id:${oldId}`]);
    }
  });

  it('forgets an aliased id with the person erased, and refuses the user id it named', async () => {
    const { tenant, session } = await tenantWithAdmin(t.app, t.db.db, { settings: { cdp: { identifier_limits: { external_id: 2 } } } });
    await enqueue(tenant.id, [alias('erased-new', 'erased-old')]);
    expect(await drainChunk(t.db.db, t.config, tenant.id)).toBe(1);
    const lookup = lookupIn(session);
    const aliased = await lookup('anonymous_id', 'erased-old');
    const erased = await t.app.inject({ method: 'DELETE', url: `/api/v1/cdp/profiles/${aliased.id}`, headers: session.headers });
    expect(erased.statusCode, erased.body).toBe(200);
    const left = await queryRows<{ n: number }>(t.db.db, sql`select count(*)::int as n from cdp_aliased_user_ids where tenant_id = ${tenant.id}`);
    expect(left[0]!.n).toBe(0);
    await enqueue(tenant.id, [identify('erased-old')]);
    expect(await drainChunk(t.db.db, t.config, tenant.id)).toBe(1);
    expect(await lookup('external_id', 'erased-old')).toBeNull();
    const [rejection] = await queryRows<{ reason: string }>(t.db.db, sql`select reason from cdp_rejected_events where tenant_id = ${tenant.id}`);
    expect(rejection?.reason).toBe('suppressed');
  });

  it('joins every alias\'s previous and new ids, user ids as user ids, whatever the order of the messages and however the drain cuts them', async () => {
    // Each person: an alias from an old user id to a new one, an identify by the old id, a track by the new one, and a
    // page viewed before signing up with the alias that names that visit's anonymous id; all shuffled together, one
    // request each, drained after random requests (a chunk then holds what came since).
    const people = fc.integer({ min: 1, max: 3 });
    const runs = people.chain((n) => {
      const messages = Array.from({ length: n }, (_, i) => [
        alias(`new-${i}`, `old-${i}`),
        identify(`old-${i}`),
        { type: 'track', event: 'Opened', userId: `new-${i}` },
        { type: 'page', name: 'Pricing', anonymousId: `visit-${i}` },
        alias(`new-${i}`, `visit-${i}`),
      ]).flat();
      return fc.record({ n: fc.constant(n), order: fc.shuffledSubarray(messages, { minLength: messages.length }), drains: fc.array(fc.boolean(), { minLength: messages.length, maxLength: messages.length }) });
    });
    await fc.assert(
      fc.asyncProperty(runs, async ({ n, order, drains }) => {
        const { tenant, session } = await tenantWithAdmin(t.app, t.db.db, { settings: { cdp: { identifier_limits: { external_id: 2 } } } });
        for (const [i, message] of order.entries()) {
          await enqueue(tenant.id, [message]);
          if (drains[i]) await drainAll(tenant.id);
        }
        await drainAll(tenant.id);
        const lookup = lookupIn(session);
        for (let i = 0; i < n; i++) {
          const [old, renamed] = [await lookup('external_id', `old-${i}`), await lookup('external_id', `new-${i}`)];
          expect(old?.id).toBeDefined();
          expect(old.id).toBe(renamed?.id);
          // The visit's id stays what it was, an anonymous id, on the same person.
          expect((await lookup('anonymous_id', `visit-${i}`))?.id).toBe(old.id);
          expect(await lookup('external_id', `visit-${i}`)).toBeNull();
        }
        const [conflicts] = await queryRows<{ n: number }>(t.db.db, sql`select count(*)::int as n from cdp_identity_conflicts where tenant_id = ${tenant.id}`);
        expect(conflicts!.n).toBe(0);
      }),
      { numRuns: 25 },
    );
  });
});
