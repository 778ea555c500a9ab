import { describe, expect, it } from 'vitest';
import { appWithTenantAdmin } from '../support/app-with-tenant-admin';
import { settleMergedProfiles } from '../../src/services/cdp/profiles/settle-profiles';
import { anon, device, email, event, sendEvents } from '../support/cdp';

const t = appWithTenantAdmin();

const get = async (url: string) => {
  const res = await t.app.inject({ url, headers: t.admin.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data;
};
const post = (url: string, payload?: object) => t.app.inject({ method: 'POST', url, payload, headers: t.admin.headers });
const base = Date.parse('2026-11-20T10:00:00Z');
const at = (minutes: number) => new Date(base + minutes * 60_000).toISOString();
const profileOf = async (events: Parameters<typeof sendEvents>[2]) => (await sendEvents(t.app, t.admin, events)).results[0]!.profile_id!;
const merge = async (survivor: string, merged: string) => {
  const res = await post('/api/v1/cdp/profiles/merge', { survivor_id: survivor, merged_id: merged });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().data.id as string;
};

describe('merging profiles', () => {
  it('counts sessions that ran into one another once: at once for a merge by hand, by the background pass for one by events', async () => {
    // One visit of 10 minutes, seen first as two people: 10:00 by email, 10:05 by device, 10:10 by both.
    const a = await profileOf([event([email('visit@merge.test')], { event_time: at(0) })]);
    await profileOf([event([device('visit-device')], { event_time: at(5) })]);
    await profileOf([event([email('visit@merge.test'), device('visit-device')], { event_time: at(10) })]);
    // The merge by events adds both sides' totals up, and leaves both devices' identifiers primary, until settled.
    expect(await get(`/api/v1/cdp/profiles/${a}`)).toMatchObject({ total_events: 3, total_sessions: 2 });
    expect(await settleMergedProfiles(t.db.db, t.tenantId)).toBeGreaterThanOrEqual(1);
    expect(await get(`/api/v1/cdp/profiles/${a}`)).toMatchObject({ total_events: 3, total_sessions: 1 });
    expect(await settleMergedProfiles(t.db.db, t.tenantId)).toBe(0);

    // By hand: sessions at 10:00 and 12:00 on one side, 10:20 and 15:00 on the other → 10:00–10:20, 12:00, 15:00.
    const p = await profileOf([event([email('hand-p@merge.test')], { event_time: at(0) }), event([email('hand-p@merge.test')], { event_time: at(120) })]);
    const q = await profileOf([event([device('hand-q')], { event_time: at(20) }), event([device('hand-q')], { event_time: at(300) })]);
    const pq = await merge(p, q);
    expect(await get(`/api/v1/cdp/profiles/${p}`)).toMatchObject({ total_events: 4, total_sessions: 3 });
    // A later, unrelated merge and its undo leave the count as it was (undo counts from the events).
    const r = await profileOf([event([device('hand-r')], { event_time: at(600) })]);
    const pr = await merge(p, r);
    expect(await get(`/api/v1/cdp/profiles/${p}`)).toMatchObject({ total_events: 5, total_sessions: 4 });
    expect((await post(`/api/v1/cdp/merges/${pr}/undo`)).statusCode).toBe(200);
    expect(await get(`/api/v1/cdp/profiles/${p}`)).toMatchObject({ total_events: 4, total_sessions: 3 });
    expect((await post(`/api/v1/cdp/merges/${pq}/undo`)).statusCode).toBe(200);
    expect(await get(`/api/v1/cdp/profiles/${q}`)).toMatchObject({ total_events: 2, total_sessions: 2 });
    // Manual merges and undos were settled as they were made: nothing is left for the pass.
    expect(await settleMergedProfiles(t.db.db, t.tenantId)).toBe(0);
  });

  it('leaves one primary identifier per type once merges by events are settled, on the profile they ended in', async () => {
    const a = await profileOf([event([email('settle-a@merge.test'), device('settle-a-device')], { event_time: at(0) })]);
    await profileOf([event([device('settle-b-device')], { event_time: at(20) })]);
    await profileOf([event([device('settle-c-device')], { event_time: at(40) })]);
    // Two merges by events, the second taking in the first's survivor or joining the third profile to it.
    await profileOf([event([email('settle-a@merge.test'), device('settle-b-device')], { event_time: at(60) })]);
    await profileOf([event([device('settle-b-device'), device('settle-c-device')], { event_time: at(70) })]);
    const live = async () => (await get(`/api/v1/cdp/profiles/${a}`)) as { identifiers: { type: string; value: string; is_primary: boolean }[]; total_sessions: number };
    const primaryDevices = async () => (await live()).identifiers.filter((i) => i.type === 'device_id' && i.is_primary).map((i) => i.value);
    expect((await primaryDevices()).sort()).toEqual(['settle-a-device', 'settle-b-device', 'settle-c-device']);
    // One visit (every event within 30 minutes of the last), counted as each side's sessions added up.
    expect((await live()).total_sessions).toBe(4);
    expect(await settleMergedProfiles(t.db.db, t.tenantId)).toBe(2);
    expect(await primaryDevices()).toEqual(['settle-a-device']);
    expect((await live()).total_sessions).toBe(1);
  });

  it('keeps one primary identifier per type, on the merged profile and on both sides after an undo', async () => {
    const a = await profileOf([event([email('one@primary.test')], { event_time: at(0) })]);
    const b = await profileOf([event([email('two@primary.test')], { event_time: at(60) })]);
    const c = await profileOf([event([email('three@primary.test')], { event_time: at(120) })]);
    await merge(a, b);
    const ac = await merge(a, c);
    const primaries = async (id: string) =>
      ((await get(`/api/v1/cdp/profiles/${id}`)).identifiers as { type: string; value: string; is_primary: boolean }[])
        .filter((i) => i.type === 'email' && i.is_primary)
        .map((i) => i.value);
    expect(await primaries(a)).toEqual(['one@primary.test']);
    expect((await post(`/api/v1/cdp/merges/${ac}/undo`)).statusCode).toBe(200);
    expect(await primaries(a)).toEqual(['one@primary.test']);
    expect(await primaries(c)).toEqual(['three@primary.test']);
  });

  it('lists every merge into a person in its history, however deep, so the first can be found after the second', async () => {
    const a = await profileOf([event([email('chain-a@merge.test')])]);
    const b = await profileOf([event([device('chain-b')])]);
    const c = await profileOf([event([email('chain-c@merge.test')])]);
    const first = await merge(a, b);
    const second = await merge(c, a);
    for (const id of [a, b, c]) {
      expect((await get(`/api/v1/cdp/profiles/${id}/merge-history`)).map((m: { id: string }) => m.id), id).toEqual([second, first]);
    }
    expect((await post(`/api/v1/cdp/merges/${first}/undo`)).json().errors[0].code).toBe('survivor_merged');
    expect((await post(`/api/v1/cdp/merges/${second}/undo`)).statusCode).toBe(200);
    expect((await post(`/api/v1/cdp/merges/${first}/undo`)).statusCode).toBe(200);
  });

  it('takes ids in any case: an uppercase id is the same profile (never a 500)', async () => {
    const a = await profileOf([event([email('case-a@merge.test')])]);
    const b = await profileOf([event([email('case-b@merge.test')])]);
    const same = await post('/api/v1/cdp/profiles/merge', { survivor_id: a, merged_id: a.toUpperCase() });
    expect(same.statusCode).toBe(422);
    expect(same.json().errors[0].code).toBe('same_profile');
    const record = await merge(a.toUpperCase(), b.toUpperCase());
    expect((await get(`/api/v1/cdp/profiles/${b.toUpperCase()}/merge-history`))[0].id).toBe(record);
    // The users API compares ids too: an admin cannot demote themselves by spelling their id in capitals.
    const me = (await get('/api/v1/auth/me')) as { id: string };
    const self = await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${me.id.toUpperCase()}`, payload: { role: 'viewer' }, headers: t.admin.headers });
    expect(self.statusCode).toBe(409);
  });

  it('gives back on undo the identifiers learnt since the merge only through the merged side, and their events', async () => {
    const a = await profileOf([event([email('learnt-a@merge.test')], { event_time: at(0) })]);
    const b = await profileOf([event([device('learnt-b')], { event_time: at(10) })]);
    const record = await merge(a, b);
    const later = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
    // Since the merge: a browser seen with b's device, then a second one seen with the first (through it, b's);
    // the survivor's own new browser; one seen with both people's identifiers.
    await sendEvents(t.app, t.admin, [
      event([device('learnt-b'), anon('learnt-b-browser')], { event_time: later(1) }),
      event([anon('learnt-b-browser'), anon('learnt-b-second')], { event_time: later(2) }),
      event([email('learnt-a@merge.test'), anon('learnt-a-browser')], { event_time: later(3) }),
      event([device('learnt-b'), email('learnt-a@merge.test'), anon('learnt-both')], { event_time: later(4) }),
    ]);
    expect((await post(`/api/v1/cdp/merges/${record}/undo`)).statusCode).toBe(200);
    const holds = async (id: string) => ((await get(`/api/v1/cdp/profiles/${id}`)).identifiers as { value: string }[]).map((i) => i.value).sort();
    expect(await holds(b)).toEqual(['learnt-b', 'learnt-b-browser', 'learnt-b-second']);
    expect(await holds(a)).toEqual(['learnt-a-browser', 'learnt-a@merge.test', 'learnt-both']);
    expect(await get(`/api/v1/cdp/profiles/${b}`)).toMatchObject({ total_events: 3 });
    expect(await get(`/api/v1/cdp/profiles/${a}`)).toMatchObject({ total_events: 3 });
  });

  it('gives back on undo the traits the merge brought, not a value the survivor set again itself since', async () => {
    const a = await profileOf([event([email('trait-a@merge.test')], { event_time: at(0), traits: { plan: 'free', city: 'Dubai' } })]);
    const b = await profileOf([event([device('trait-b')], { event_time: at(60), traits: { plan: 'pro', colour: 'red' } })]);
    const record = await merge(a, b);
    expect((await get(`/api/v1/cdp/profiles/${a}`)).traits).toEqual({ plan: 'pro', city: 'Dubai', colour: 'red' });
    // The survivor's own event (its email only) sets plan to pro again, and colour to red again, later.
    await sendEvents(t.app, t.admin, [event([email('trait-a@merge.test')], { event_time: at(180), traits: { plan: 'pro', colour: 'red' } })]);
    expect((await post(`/api/v1/cdp/merges/${record}/undo`)).statusCode).toBe(200);
    expect((await get(`/api/v1/cdp/profiles/${a}`)).traits).toEqual({ plan: 'pro', city: 'Dubai', colour: 'red' });
    expect((await get(`/api/v1/cdp/profiles/${b}`)).traits).toEqual({ plan: 'pro', colour: 'red' });
  });
});
