import { describe, expect, it } from 'vitest';
import { basicAuth } from '../support/tracking';
import { appWithTenantAdmin } from '../support/app-with-tenant-admin';
import { login, makeUser } from '../support/factories';
import { anon, createSource, event } from '../support/cdp';

/** Tenant feature flags switch the CDP (and its ROI inputs) off and on, for the API and the collection paths alike. */
const t = appWithTenantAdmin();

const get = (url: string) => t.app.inject({ url, headers: t.admin.headers });
async function setFlags(flags: Record<string, boolean | null>) {
  const superadmin = await login(t.app, (await makeUser(t.db.db, { tenantId: null, role: 'superadmin' })).email);
  const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/tenants/${t.tenantId}/feature-flags`, payload: flags, headers: superadmin.headers });
  expect(res.statusCode, res.body).toBe(200);
}

describe('feature flags', () => {
  it('are needed by every CDP route (the ROI inputs also by their own), and by no other', () => {
    // The health route too, though it answers anyone: with no tenant there is nothing to switch off.
    const cdp = (url: string) => url.startsWith('/api/v1/cdp/') || url.startsWith('/v1/') || url.startsWith('/beacon/v1/');
    const ours = t.app.registeredRoutes.filter((r) => r.url.startsWith('/api/v1') || r.url.startsWith('/v1/') || r.url.startsWith('/beacon/v1/'));
    expect(ours.filter((r) => cdp(r.url) !== r.features.includes('cdp')).map((r) => r.url)).toEqual([]);
    expect(new Set(ours.filter((r) => r.features.includes('cdp_roi_calculator')).map((r) => r.url))).toEqual(new Set(['/api/v1/cdp/roi/inputs']));
  });

  it("switch the CDP off for a tenant (403 feature_disabled, source keys too) and on again; a tenant without the flag has it", async () => {
    const source = await createSource(t.app, t.admin, 'Flagged', 'server');
    const ingest = () => t.app.inject({ method: 'POST', url: '/api/v1/cdp/ingest', headers: { 'x-source-key': source.source_key }, payload: { events: [event([anon('flagged')])] } });
    const track = () =>
      t.app.inject({ method: 'POST', url: '/v1/track', headers: { authorization: basicAuth(source.source_key) }, payload: { anonymousId: 'flagged', event: 'E' } });
    expect((await get('/api/v1/cdp/profiles')).statusCode).toBe(200);

    await setFlags({ cdp: false });
    const refused = await get('/api/v1/cdp/profiles');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().errors[0].code).toBe('feature_disabled');
    expect((await ingest()).statusCode).toBe(403);
    expect((await track()).statusCode).toBe(403);
    // Not the rest of the workspace.
    expect((await get('/api/v1/users')).statusCode).toBe(200);

    await setFlags({ cdp: null });
    expect((await get('/api/v1/cdp/profiles')).statusCode).toBe(200);
    expect((await ingest()).statusCode).toBe(201);
    expect((await track()).statusCode).toBe(200);
  });

  it('switch the ROI inputs off on their own', async () => {
    await setFlags({ cdp_roi_calculator: false });
    expect((await get('/api/v1/cdp/roi/inputs')).statusCode).toBe(403);
    expect((await get('/api/v1/cdp/profiles')).statusCode).toBe(200);
    await setFlags({ cdp_roi_calculator: true });
    expect((await get('/api/v1/cdp/roi/inputs')).statusCode).toBe(200);
  });
});
