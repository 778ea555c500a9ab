import { describe, expect, it } from 'vitest';
import { basicAuth, trackingApp } from '../support/tracking';

// What a request may carry that its messages are checked for one by one: a batch's own context, a group's traits.
const { t, source, post, lookup } = trackingApp();

const raw = (path: string, body: string) =>
  t.app.inject({ method: 'POST', url: path, payload: body, headers: { authorization: basicAuth(source.key), 'content-type': 'application/json' } });

describe("a batch's own context", () => {
  it('is checked as a message context is, and refused when its copies, one per message, would be too large', async () => {
    const message = (n: number) => ({ type: 'track', anonymousId: `ctx-${n}`, event: 'E' });
    const nul = await raw('/v1/batch', `{"batch":[${JSON.stringify(message(1))}],"context":{"note":"a\\u0000b"}}`);
    expect(nul.statusCode).toBe(400);
    expect(nul.json().errors[0]).toMatchObject({ field: 'context.note', code: 'unstorable_text' });
    const proto = await raw('/v1/batch', `{"batch":[${JSON.stringify(message(2))}],"context":{"__proto__":{"x":1}}}`);
    expect(proto.statusCode).toBe(400);
    expect(proto.json().errors[0]).toMatchObject({ code: 'reserved_key' });

    const big = await post('/v1/batch', { batch: [message(3)], context: { blob: 'x'.repeat(33 * 1024) } });
    expect(big.statusCode).toBe(400);
    expect(big.json().message).toMatch(/context exceeds 32 KB/);
    // 2,500 copies of a 1 KB context: 2.5 MB of events from a 150 KB request.
    const copies = await post('/v1/batch', { batch: Array.from({ length: 2500 }, (_, i) => ({ type: 'track', anonymousId: `c${i}`, event: 'E' })), context: { blob: 'x'.repeat(1000) } });
    expect(copies.statusCode).toBe(400);
    expect(copies.json().message).toMatch(/stored with each of its 2500 messages/);
    expect(await lookup('anonymous_id', 'c0')).toBeNull();

    const fine = await post('/v1/batch', { batch: [message(4)], context: { locale: 'ar-AE', campaign: { source: 'news' } } });
    expect(fine.statusCode).toBe(200);
    expect(await lookup('anonymous_id', 'ctx-4')).not.toBeNull();
  });
});

describe('refusal reasons', () => {
  it("are stored whole even when cut through an emoji, and a group's traits are checked at the depth they are stored", async () => {
    // The reason names the key: cut at 1,000 characters, it ended on half of the emoji, which PostgreSQL refuses.
    const key = `${'a'.repeat(988)}😀`;
    const cut = await post('/v1/batch', { batch: [{ type: 'track', anonymousId: 'emoji-ok', event: 'E' }, { type: 'track', anonymousId: 'emoji-bad', event: 'E', properties: { [key]: 'a\u0000' } }] });
    expect(cut.statusCode).toBe(200);
    expect(cut.json().rejected[0]).toMatchObject({ field: 'batch.1' });
    expect(await lookup('anonymous_id', 'emoji-ok')).not.toBeNull();

    const nested = (levels: number): unknown => (levels === 0 ? 'deep' : { n: nested(levels - 1) });
    const group = await post('/v1/batch', { batch: [{ type: 'group', userId: 'grouped', groupId: 'acme', traits: { n: nested(30) } }] });
    expect(group.statusCode).toBe(400);
    expect(group.json().errors[0].message).toMatch(/nested more than 32 levels/);
  });
});
