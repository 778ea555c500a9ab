import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client';
import { appWithTenantAdmin } from '../support/app-with-tenant-admin';
import { anon, createSource, email, event, externalId, phone, sendEvents } from '../support/cdp';

const t = appWithTenantAdmin();

const get = async (url: string) => {
  const res = await t.app.inject({ url, headers: t.admin.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data;
};
const send = (method: 'POST' | 'DELETE', url: string, payload?: object) => t.app.inject({ method, url, payload, headers: t.admin.headers });
const erase = async (id: string) => {
  const res = await send('DELETE', `/api/v1/cdp/profiles/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data as { suppressed: number; events: number };
};
/** Stored events, anywhere in the tenant, that carry this text in their properties. */
const eventsWith = async (marker: string) =>
  (await queryRows<{ n: number }>(t.db.db, sql`select count(*)::int as n from cdp_events where tenant_id = ${t.tenantId} and properties::text like ${`%${marker}%`}`))[0]!.n;

describe('erasure of a person named in other people’s events', () => {
  it('takes the event merge protection kept on another profile, and recounts that profile', async () => {
    const alice = (await sendEvents(t.app, t.admin, [event([externalId('erase-cust-1'), email('alice.erase@example.com')])])).results[0]!.profile_id!;
    // Her email with another customer id: kept apart (one user id per person), the event lands on the other's profile.
    const clash = await sendEvents(t.app, t.admin, [
      event([email('alice.erase@example.com'), externalId('erase-cust-2')], { properties: { marker: 'clash-event' } }),
    ]);
    expect(clash.results[0]!.error).toMatch(/identity conflict/);
    const other = clash.results[0]!.profile_id!;
    expect(other).not.toBe(alice);
    await sendEvents(t.app, t.admin, [event([externalId('erase-cust-2')], { properties: { marker: 'other-own-event' } })]);
    expect(await get(`/api/v1/cdp/profiles/${other}`)).toMatchObject({ total_events: 2 });

    expect(await erase(alice)).toEqual({ suppressed: 2, events: 2 });
    expect(await eventsWith('clash-event')).toBe(0);
    // The other person keeps their profile and their own event, counted again.
    expect(await eventsWith('other-own-event')).toBe(1);
    expect(await get(`/api/v1/cdp/profiles/${other}`)).toMatchObject({ total_events: 1 });
  });

  it('takes the events an undone merge left with the other person that name the erased one', async () => {
    const host = (await sendEvents(t.app, t.admin, [event([anon('erase-shared-device')], { properties: { marker: 'host-own' } })])).results[0]!.profile_id!;
    const sara = (await sendEvents(t.app, t.admin, [event([email('sara.erase@example.com')])])).results[0]!.profile_id!;
    const merged = await send('POST', '/api/v1/cdp/profiles/merge', { survivor_id: host, merged_id: sara });
    expect(merged.statusCode, merged.body).toBe(201);
    // An event naming both people: when the merge is undone it stays with the survivor.
    await sendEvents(t.app, t.admin, [event([anon('erase-shared-device'), email('sara.erase@example.com')], { properties: { marker: 'names-both' } })]);
    expect((await send('POST', `/api/v1/cdp/merges/${merged.json().data.id}/undo`)).statusCode).toBe(200);
    expect(await eventsWith('names-both')).toBe(1);

    await erase(sara);
    expect(await eventsWith('names-both')).toBe(0);
    expect(await eventsWith('host-own')).toBe(1);
    expect(await get(`/api/v1/cdp/profiles/${host}`)).toMatchObject({ total_events: 1 });
  });

  it('suppresses the emails and phone numbers the person was sent with as traits only, as typed any way', async () => {
    const sent = await sendEvents(t.app, t.admin, [
      event([anon('erase-trait-browser')], { traits: { email: ' Trait.Only@Example.COM ', mobile: '0501112233', plan: 'pro' } }),
    ]);
    expect(await erase(sent.results[0]!.profile_id!)).toEqual({ suppressed: 3, events: 1 });
    const later = await sendEvents(t.app, t.admin, [
      event([email('trait.only@example.com')]),
      event([phone('+971501112233')]),
      event([email('someone.else@example.com')]),
    ]);
    expect(later.results.map((r) => r.error_code ?? r.status)).toEqual(['suppressed', 'suppressed', 'accepted']);
  });

  it("refuses a later event naming the person by a trait only, and takes the person's email off other profiles", async () => {
    const person = (await sendEvents(t.app, t.admin, [event([email('shared.person@example.com')])])).results[0]!.profile_id!;
    // A shared tablet's profile was told the person's email (spelt otherwise), with traits of its own.
    const tablet = (
      await sendEvents(t.app, t.admin, [event([anon('erase-shared-tablet')], { traits: { email: 'Shared.Person@Example.com', store: 'Mall' } })])
    ).results[0]!.profile_id!;
    await erase(person);
    expect((await get(`/api/v1/cdp/profiles/${tablet}`)).traits).toEqual({ store: 'Mall' });
    const search = await t.app.inject({ url: '/api/v1/cdp/profiles?q=shared.person', headers: t.admin.headers });
    expect(search.json().data.total).toBe(0);
    const later = await sendEvents(t.app, t.admin, [event([anon('erase-new-browser')], { traits: { email: 'shared.person@example.com' } })]);
    expect(later.results[0]).toMatchObject({ status: 'rejected', error_code: 'suppressed' });
  });

  it("leaves alone another person whose own email the erased one held as a trait, and an undo does not bring the erased address back", async () => {
    const zed = (await sendEvents(t.app, t.admin, [event([email('zed.owner@example.com')])])).results[0]!.profile_id!;
    // Typed on a shared device: the erased person's profile holds someone else's address as a trait.
    const pat = (await sendEvents(t.app, t.admin, [event([email('pat.erased@example.com')], { traits: { email: 'zed.owner@example.com' } })])).results[0]!.profile_id!;
    // A profile that held Pat's address as a trait, merged by hand before the erasure.
    const host = (await sendEvents(t.app, t.admin, [event([anon('erase-undo-host')], { traits: { city: 'Dubai' } })])).results[0]!.profile_id!;
    const guest = (await sendEvents(t.app, t.admin, [event([anon('erase-undo-guest')], { traits: { email: 'pat.erased@example.com', plan: 'pro' } })])).results[0]!.profile_id!;
    const merged = await send('POST', '/api/v1/cdp/profiles/merge', { survivor_id: host, merged_id: guest });
    expect(merged.statusCode, merged.body).toBe(201);

    expect(await erase(pat)).toEqual({ suppressed: 1, events: 1 });
    const zedAgain = await sendEvents(t.app, t.admin, [event([email('zed.owner@example.com')])]);
    expect(zedAgain.results[0]).toMatchObject({ status: 'accepted', profile_id: zed });
    expect((await send('POST', `/api/v1/cdp/merges/${merged.json().data.id}/undo`)).statusCode).toBe(200);
    expect((await get(`/api/v1/cdp/profiles/${guest}`)).traits).toEqual({ plan: 'pro' });
    expect((await get(`/api/v1/cdp/profiles/${host}`)).traits).toEqual({ city: 'Dubai' });
  });

  it("forgets the live debugger's notes of refused events that spell the person's email or phone out", async () => {
    const source = await createSource(t.app, t.admin, 'Erasure notes', 'server');
    const person = (await sendEvents(t.app, t.admin, [event([email('noted.person@example.com'), phone('+971502223344')])])).results[0]!.profile_id!;
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/cdp/ingest',
      headers: { 'x-source-key': source.source_key },
      payload: { events: [{ event_name: 'Contact noted.person@example.com', identifiers: [] }, { event_name: 'Call 050 222 3344', identifiers: [] }, { event_name: 'Unrelated', identifiers: [] }] },
    });
    const notes = async () =>
      (await queryRows<{ event_name: string }>(t.db.db, sql`select event_name from cdp_rejected_events where tenant_id = ${t.tenantId} and source_id = ${source.id} order by event_name`)).map((r) => r.event_name);
    expect(await notes()).toHaveLength(3);
    await erase(person);
    expect(await notes()).toEqual(['Unrelated']);
  });

  it("takes the person's events out of their source's count", async () => {
    const source = await createSource(t.app, t.admin, 'Erasure source', 'server');
    const sent = await sendEvents(t.app, t.admin, [event([email('counted.erase@example.com')]), event([email('counted.erase@example.com')]), event([anon('stays-counted')])], {
      'x-source-key': source.source_key,
    });
    const count = async () => (await get(`/api/v1/cdp/sources/${source.id}`)).event_count as number;
    expect(await count()).toBe(3);
    await erase(sent.results[0]!.profile_id!);
    expect(await count()).toBe(1);
  });
});
