import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import Analytics from '@rudderstack/rudder-sdk-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { anon, event } from '../support/cdp';
import { multipart } from '../support/multipart';
import { basicAuth, trackingApp } from '../support/tracking';

// Compressed request bodies, as server SDKs send them: RudderStack's Node SDK gzips every batch by default.
const { t, source, lookup } = trackingApp();
let base: string;
beforeAll(async () => {
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});

const batchOf = (...anonymousIds: string[]) =>
  JSON.stringify({ batch: anonymousIds.map((anonymousId) => ({ type: 'track', anonymousId, event: 'Compressed' })), sentAt: new Date().toISOString() });

const postEncoded = (url: string, encoding: string, body: Buffer, headers: Record<string, string> = { authorization: basicAuth(source.key) }) =>
  t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', 'content-encoding': encoding, ...headers }, payload: body });

describe('compressed request bodies', () => {
  it('are what the official @rudderstack/rudder-sdk-node client sends (gzip), and its calls resolve into one profile', async () => {
    const failures: unknown[] = [];
    const client = new Analytics(source.key, { dataPlaneUrl: base, flushAt: 50, flushInterval: 200, retryCount: 0, logLevel: 'error', errorHandler: (err) => failures.push(err) });
    client.page({ anonymousId: 'rs-anon-1', name: 'Pricing', properties: { path: '/pricing' } });
    client.track({ anonymousId: 'rs-anon-1', event: 'Plan Selected', properties: { plan: 'team' } });
    client.identify({ anonymousId: 'rs-anon-1', userId: 'rs-user-1', traits: { email: 'RS.User@Example.com', company: 'Acme' } });
    client.group({ userId: 'rs-user-1', groupId: 'acme', traits: { name: 'Acme' } });
    client.alias({ userId: 'rs-user-1', previousId: 'rs-anon-0' });
    client.track({ userId: 'rs-user-1', event: 'Order Completed', properties: { total: 99 } });
    await client.flush();
    expect(failures).toEqual([]);

    const profile = await lookup('email', 'rs.user@example.com');
    expect(profile).toMatchObject({ total_events: 6, total_purchases: 1, external_id: 'rs-user-1', traits: { company: 'Acme' } });
    expect(profile.identifiers.map((i: { type: string }) => i.type).sort()).toEqual(['anonymous_id', 'anonymous_id', 'email', 'external_id']);
    const events = (await t.app.inject({ url: `/api/v1/cdp/profiles/${profile.id}/events?page_size=10`, headers: t.admin.headers })).json().data.items;
    expect(events.map((e: { event_name: string }) => e.event_name).sort()).toEqual(['Alias', 'Group', 'Identify', 'Order Completed', 'Page Viewed', 'Plan Selected']);
  });

  it('are read in gzip, deflate and br, also chunked, on the tracking API and the ingest API', async () => {
    for (const [encoding, compress] of [['gzip', gzipSync], ['deflate', deflateSync], ['br', brotliCompressSync]] as const) {
      const res = await postEncoded('/v1/batch', encoding, compress(batchOf(`enc-${encoding}`)));
      expect(res.statusCode, encoding).toBe(200);
      expect(await lookup('anonymous_id', `enc-${encoding}`), encoding).not.toBeNull();
    }

    // Over a socket with no Content-Length, in pieces.
    const body = gzipSync(batchOf('enc-chunked'));
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: new URL(base).port, method: 'POST', path: '/v1/batch', headers: { authorization: basicAuth(source.key), 'content-type': 'application/json', 'content-encoding': 'gzip', 'transfer-encoding': 'chunked' } },
        (response) => response.resume().on('end', () => resolve(response.statusCode!)),
      );
      req.on('error', reject);
      req.write(body.subarray(0, 10));
      req.end(body.subarray(10));
    });
    expect(status).toBe(200);
    expect(await lookup('anonymous_id', 'enc-chunked')).not.toBeNull();

    const ingested = await postEncoded('/api/v1/cdp/ingest', 'gzip', gzipSync(JSON.stringify({ events: [event([anon('enc-ingest')])] })), { 'x-source-key': source.key });
    expect(ingested.statusCode).toBe(201);
    expect(ingested.json().data.accepted).toBe(1);
  });

  it('are refused with a clear 4xx, storing nothing, when broken, unknown or too large once decoded', async () => {
    const broken = await postEncoded('/v1/batch', 'gzip', Buffer.concat([gzipSync(batchOf('enc-broken')).subarray(0, 20), Buffer.from('not gzip')]));
    expect(broken.statusCode).toBe(400);
    expect(broken.json().errors[0]).toMatchObject({ code: 'invalid_content_encoding', message: 'Body is not valid gzip data' });
    const plain = await postEncoded('/v1/batch', 'gzip', Buffer.from(batchOf('enc-plain')));
    expect(plain.statusCode).toBe(400);
    const unknown = await postEncoded('/v1/batch', 'zstd', Buffer.from(batchOf('enc-zstd')));
    expect(unknown.statusCode).toBe(415);
    expect(unknown.json().message).toMatch(/gzip, deflate, br/);

    // 50 MB of one repeated message inflate from about 50 KB: stopped at the 500 KB limit, not decoded whole.
    const bomb = gzipSync(Buffer.from(`{"batch":[${'{"type":"track","anonymousId":"enc-bomb","event":"E"},'.repeat(1_000_000)}{}]}`));
    expect(bomb.length).toBeLessThan(500 * 1024);
    const bombed = await postEncoded('/v1/batch', 'gzip', bomb);
    expect(bombed.statusCode).toBe(400);
    expect(bombed.json().message).toMatch(/500 KB/);
    const bombedIngest = await postEncoded('/api/v1/cdp/ingest', 'gzip', bomb, { 'x-source-key': source.key });
    expect(bombedIngest.statusCode).toBe(413);

    const upload = multipart({ kind: 'events' }, { name: 'events.ndjson', content: '{}' }, t.admin);
    const compressedUpload = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cdp/imports',
      headers: { ...upload.headers, 'content-encoding': 'gzip' },
      payload: gzipSync(upload.payload),
    });
    expect(compressedUpload.statusCode).toBe(415);

    for (const id of ['enc-broken', 'enc-plain', 'enc-zstd', 'enc-bomb']) expect(await lookup('anonymous_id', id), id).toBeNull();
  });
});
