import { beforeAll } from 'vitest';
import { appWithTenantAdmin } from './app-with-tenant-admin';
import type { TestAppOptions } from './test-app';
import { createSource } from './cdp';

export const basicAuth = (writeKey: string) => `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;

/**
 * The app with a tenant admin and a server source (its key and id filled in by `beforeAll`), and the two calls the
 * tracking tests make: `post` to the tracking API with that key, and `lookup` of a profile once what was queued
 * has been drained.
 */
export function trackingApp(options: TestAppOptions = {}) {
  const t = appWithTenantAdmin(options);
  const source = { key: '', id: '' };
  beforeAll(async () => {
    const created = await createSource(t.app, t.admin, 'Segment', 'server');
    source.key = created.source_key;
    source.id = created.id;
  });
  const post = (path: string, payload: unknown, headers: Record<string, string> = { authorization: basicAuth(source.key) }) =>
    t.app.inject({ method: 'POST', url: path, payload: payload as object, headers });
  const lookup = async (type: string, value: string) => {
    // Tracked events are acknowledged once queued; wait for this process's drain before reading profiles.
    await t.app.eventQueue.whenIdle();
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/cdp/profiles/lookup', headers: t.admin.headers, payload: { identifier_type: type, identifier_value: value } });
    return res.statusCode === 200 ? res.json().data : null;
  };
  return { t, source, post, lookup };
}
