import { describe, expect, it } from 'vitest';
import { basicAuth, trackingApp } from '../support/tracking';

// Behind a load balancer named by TRUST_PROXY (`inject` comes from 127.0.0.1), a browser's events carry the
// visitor's address from X-Forwarded-For, not the balancer's. tracking.test.ts checks that an app trusting no proxy
// ignores the header.
const { t, source, post, lookup } = trackingApp({ env: { TRUST_PROXY: '127.0.0.1' } });

async function ipOfFirstEvent(anonymousId: string): Promise<string> {
  const profile = await lookup('anonymous_id', anonymousId);
  const [event] = (await t.app.inject({ url: `/api/v1/cdp/profiles/${profile.id}/events`, headers: t.admin.headers })).json().data.items;
  return event.context.ip as string;
}

describe('behind a trusted proxy', () => {
  it("gives events the visitor's address from X-Forwarded-For when the client sent none", async () => {
    const headers = { authorization: basicAuth(source.key), 'x-forwarded-for': '203.0.113.9' };
    expect((await post('/v1/track', { anonymousId: 'proxied-1', event: 'Viewed' }, headers)).statusCode).toBe(200);
    expect(await ipOfFirstEvent('proxied-1')).toBe('203.0.113.9');
    // An address the client sent itself stands.
    expect((await post('/v1/track', { anonymousId: 'proxied-2', event: 'Viewed', context: { ip: '198.51.100.7' } }, headers)).statusCode).toBe(200);
    expect(await ipOfFirstEvent('proxied-2')).toBe('198.51.100.7');
  });

  it('points analytics.js at the host and scheme the browser reached through the proxy', async () => {
    const proxied = await t.app.inject({ url: `/v1/projects/${source.key}/settings`, headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'cdp.example.com' } });
    expect(proxied.json().integrations['Segment.io']).toMatchObject({ apiHost: 'cdp.example.com/v1', protocol: 'https' });
  });
});
