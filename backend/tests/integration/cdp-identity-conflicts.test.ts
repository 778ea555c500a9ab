import { eq, sql } from 'drizzle-orm';
import { CONFLICTS_LISTED } from '@stratum/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { cdpIdentityConflictProfiles, tenants } from '../../src/models';
import { queryRows } from '../../src/db/client';
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
const conflictsOf = async (id: string, session = t.admin) => (await get(`/api/v1/cdp/profiles/${id}/conflicts`, session)).json().data;
async function allowUserIds(limit: number) {
  await t.db.db.update(tenants).set({ settings: { default_phone_region: 'AE', cdp: { identifier_limits: { external_id: limit } } } }).where(eq(tenants.id, t.tenantId));
  forgetCdpSettings(t.tenantId);
}
describe('identity conflicts', () => {
  it('lists, on both profiles, the event a limit kept apart, until a merge joins them', async () => {
    const alice = await sendEvents(t.app, t.admin, [event([externalId('kiosk-alice'), device('kiosk-1')], { event_name: 'Signed In' })]);
    const bob = await sendEvents(t.app, t.admin, [event([externalId('kiosk-bob'), device('kiosk-1')], { event_name: 'Kiosk Order' })]);
    const [a, b] = [alice.results[0]!.profile_id!, bob.results[0]!.profile_id!];
    expect(a).not.toBe(b);
    expect(await conflictsOf(a)).toEqual([
      expect.objectContaining({ event_id: bob.results[0]!.event_id, event_name: 'Kiosk Order', identifier_type: 'external_id', other_profile_ids: [b] }),
    ]);
    expect(await conflictsOf(b, analyst)).toEqual([expect.objectContaining({ event_id: bob.results[0]!.event_id, other_profile_ids: [a] })]);

    // An admin who allows two user ids a person joins them: the conflict is settled, on the survivor and through the
    // merged-away id alike.
    await allowUserIds(2);
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
    await allowUserIds(1);
  });

  it('lists an event that named more user ids itself than a person may hold, with no other profile, and keeps the first', async () => {
    const sent = await sendEvents(t.app, t.admin, [event([externalId('own-first'), externalId('own-second'), device('own-tablet')], { event_name: 'Two Logins' })]);
    const p = sent.results[0]!.profile_id!;
    expect(sent.results[0]!.error).toMatch(/identity conflict/);
    expect(await conflictsOf(p)).toEqual([
      expect.objectContaining({ event_id: sent.results[0]!.event_id, event_name: 'Two Logins', identifier_type: 'external_id', other_profile_ids: [] }),
    ]);
    const ids = (await get(`/api/v1/cdp/profiles/${p}`)).json().data.identifiers as { type: string }[];
    expect(ids.map((i) => i.type).sort()).toEqual(['device_id', 'external_id']);
    // A known user id and a new one, in either order: the event is the new id's (the identity now gone by, as an
    // alias's), kept apart from the known one's profile, whichever was listed first.
    for (const [fresh, order] of [
      ['own-new-1', [externalId('own-new-1'), externalId('own-first')]],
      ['own-new-2', [externalId('own-first'), externalId('own-new-2')]],
    ] as const) {
      const again = await sendEvents(t.app, t.admin, [event([...order])]);
      const landed = (await get(`/api/v1/cdp/profiles/${again.results[0]!.profile_id}`)).json().data;
      expect(landed.identifiers.map((i: { value: string }) => i.value)).toEqual([fresh]);
      expect(landed.id).not.toBe(p);
    }
    expect((await conflictsOf(p)).map((c: { other_profile_ids: string[] }) => c.other_profile_ids.length).sort()).toEqual([0, 1, 1]);
  });

  it('lists the newest page of the open conflicts of a profile and of those merged into it', async () => {
    // Two shared tablets, each signed in first by its owner and then, batch after batch, by others: conflicts at
    // many times, on two profiles that are then merged, with one of the others merged in as well (its conflict settled).
    const [a, b] = await Promise.all(['tab-a', 'tab-b'].map(async (tab) => (await sendEvents(t.app, t.admin, [event([externalId(`${tab}-owner`), device(tab)])])).results[0]!.profile_id!));
    // More than a page on each tablet, so each profile's own newest page is needed.
    for (let round = 0; round < 11; round++) {
      for (const tab of ['tab-a', 'tab-b']) {
        await sendEvents(t.app, t.admin, Array.from({ length: 5 }, (_, i) => event([externalId(`${tab}-guest-${round}-${i}`), device(tab)])));
      }
    }
    const guest: string = (await conflictsOf(a))[0].other_profile_ids[0];
    await allowUserIds(100);
    expect((await send('POST', '/api/v1/cdp/profiles/merge', { survivor_id: a, merged_id: b })).statusCode).toBe(201);
    expect((await send('POST', '/api/v1/cdp/profiles/merge', { survivor_id: a, merged_id: guest })).statusCode).toBe(201);

    const own = [a, b, guest];
    const expected = await queryRows<{ id: string }>(
      t.db.db,
      sql`select id from cdp_identity_conflicts c
          where tenant_id = ${t.tenantId} and profile_ids ?| ${`{${own.join(',')}}`}::text[]
            and exists (select 1 from jsonb_array_elements_text(profile_ids) p where p <> all(${`{${own.join(',')}}`}::text[]))
          order by created_at desc, id desc limit ${CONFLICTS_LISTED}`,
    );
    expect(expected).toHaveLength(CONFLICTS_LISTED);
    expect((await conflictsOf(a)).map((c: { id: string }) => c.id)).toEqual(expected.map((c) => c.id));
    await allowUserIds(1);
  });
});
