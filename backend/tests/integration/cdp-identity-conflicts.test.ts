import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { cdpIdentityConflictProfiles, tenants } from '../../src/models';
import { forgetCdpSettings } from '../../src/services/cdp/tenant-cdp-settings';
import { appWithTenantAdmin } from '../support/app-with-tenant-admin';
import { login, makeUser, type Session } from '../support/factories';
import { device, event, externalId, sendEvents } from '../support/cdp';

/** Merge protection's conflicts as the API lists them (`/profiles/{id}/conflicts`) and exports them. */
const t = appWithTenantAdmin();
let analyst: Session;
beforeAll(async () => {
  analyst = await login(t.app, (await makeUser(t.db.db, { tenantId: t.tenantId, role: 'analyst' })).email);
});

const get = (url: string, session = t.admin) => t.app.inject({ url, headers: session.headers });
const send = (method: 'POST' | 'DELETE', url: string, payload?: object) => t.app.inject({ method, url, payload, headers: t.admin.headers });
describe('identity conflicts', () => {
  it('lists, on both profiles, the event a limit kept apart, until a merge joins them', async () => {
    const alice = await sendEvents(t.app, t.admin, [event([externalId('kiosk-alice'), device('kiosk-1')], { event_name: 'Signed In' })]);
    const bob = await sendEvents(t.app, t.admin, [event([externalId('kiosk-bob'), device('kiosk-1')], { event_name: 'Kiosk Order' })]);
    const [a, b] = [alice.results[0]!.profile_id!, bob.results[0]!.profile_id!];
    expect(a).not.toBe(b);
    const conflictsOf = async (id: string, session = t.admin) => (await get(`/api/v1/cdp/profiles/${id}/conflicts`, session)).json().data;
    expect(await conflictsOf(a)).toEqual([
      expect.objectContaining({ event_id: bob.results[0]!.event_id, event_name: 'Kiosk Order', identifier_type: 'external_id', other_profile_ids: [b] }),
    ]);
    expect(await conflictsOf(b, analyst)).toEqual([expect.objectContaining({ event_id: bob.results[0]!.event_id, other_profile_ids: [a] })]);

    // An admin who allows two user ids a person joins them: the conflict is settled, on the survivor and through the
    // merged-away id alike.
    await t.db.db.update(tenants).set({ settings: { cdp: { identifier_limits: { external_id: 2 } } } }).where(eq(tenants.id, t.tenantId));
    forgetCdpSettings(t.tenantId);
    expect((await send('POST', '/api/v1/cdp/profiles/merge', { survivor_id: a, merged_id: b })).statusCode).toBe(201);
    expect(await conflictsOf(a)).toEqual([]);
    expect(await conflictsOf(b)).toEqual([]);
    // The person's export still holds it: everything held about them.
    const exported = (await get(`/api/v1/cdp/profiles/${a}/export`)).json().data;
    expect(exported.conflicts).toEqual([expect.objectContaining({ event_id: bob.results[0]!.event_id, event_name: 'Kiosk Order', other_profile_ids: [] })]);

    // A third user id on the kiosk is past the new limit too; erasing that person takes the conflict with them.
    const dave = await sendEvents(t.app, t.admin, [event([externalId('kiosk-dave'), device('kiosk-1')])]);
    const d = dave.results[0]!.profile_id!;
    expect(await conflictsOf(a)).toEqual([expect.objectContaining({ other_profile_ids: [d] })]);
    expect((await send('DELETE', `/api/v1/cdp/profiles/${d}`)).statusCode).toBe(200);
    expect(await conflictsOf(a)).toEqual([]);
    const left = await t.db.db.select().from(cdpIdentityConflictProfiles).where(eq(cdpIdentityConflictProfiles.profileId, d));
    expect(left).toEqual([]);
    await t.db.db.update(tenants).set({ settings: { default_phone_region: 'AE' } }).where(eq(tenants.id, t.tenantId));
    forgetCdpSettings(t.tenantId);
  });
});
