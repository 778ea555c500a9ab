import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client';
import { inScope, tenantScope } from '../../src/db/scope';
import { cdpProfiles } from '../../src/models';
import { tenantPiiKeys } from '../../src/services/cdp/identity/pii-crypto';
import { profileSearch } from '../../src/services/cdp/profiles/profile-search';
import { appWithTenantAdmin } from '../support/app-with-tenant-admin';
import { login, makeUser, tenantWithAdmin, type Session } from '../support/factories';
import { anon, email, event, sendEvents } from '../support/cdp';

/** The profile search's indexed path (three characters or more), its common-term path, and its tenant boundary. */
const t = appWithTenantAdmin();
let other: Session;
const teal: string[] = [];
beforeAll(async () => {
  other = (await tenantWithAdmin(t.app, t.db.db)).session;
  const start = Date.now() - 3_600_000;
  const sent = await sendEvents(
    t.app,
    t.admin,
    Array.from({ length: 5 }, (_, n) =>
      event([anon(`teal-${n}`)], { event_time: new Date(start + n * 60_000).toISOString(), traits: { colour: 'Teal-Common', n } }),
    ),
  );
  teal.push(...sent.results.map((r) => r.profile_id!).reverse());
  await sendEvents(t.app, t.admin, [event([email('ochre@example.com')], { traits: { colour: 'rare-ochre' } })]);
  await sendEvents(t.app, other, [event([anon('elsewhere')], { traits: { colour: 'rare-ochre', note: 'teal-common too' } })]);
});

const list = async (query: string, session = t.admin) =>
  (await t.app.inject({ url: `/api/v1/cdp/profiles?${query}`, headers: session.headers })).json().data;

describe('profile search', () => {
  it("finds a substring through the indexes, only in the caller's tenant", async () => {
    const ochre = await list('q=ochre');
    expect(ochre).toMatchObject({ total: 1, total_capped: false });
    expect(ochre.items[0].lifecycle_stage).toBe('known');
    expect(await list('q=ochre', other)).toMatchObject({ total: 1 });
    expect((await list('q=teal-common')).items.map((p: { id: string }) => p.id)).toEqual(teal);
    // With the lifecycle filter applied inside the search as well.
    expect(await list('q=teal-common&lifecycle_stage=known')).toMatchObject({ total: 0, items: [] });
    expect(await list('q=ochre&lifecycle_stage=known')).toMatchObject({ total: 1 });
    // A page far past the end: the search's row cap is bounded, not overflowed.
    expect(await list('q=ochre&page=1000000000&page_size=100')).toMatchObject({ total: 1, items: [], page: 1_000_000_000 });
  });

  it('answers the same search sent as a POST, which keeps an email or phone out of the URL', async () => {
    const search = async (body: object) => (await t.app.inject({ method: 'POST', url: '/api/v1/cdp/profiles/search', payload: body, headers: t.admin.headers })).json().data;
    expect(await search({ q: 'ochre@example', page_size: 5 })).toEqual(await list('q=ochre%40example&page_size=5'));
    expect((await search({ q: 'teal-common', page: 2, page_size: 2 })).items.map((p: { id: string }) => p.id)).toEqual(teal.slice(2, 4));
    const refused = await t.app.inject({ method: 'POST', url: '/api/v1/cdp/profiles/search', payload: { page_size: 500 }, headers: t.admin.headers });
    expect(refused.statusCode).toBe(422);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/cdp/profiles/search', payload: { q: 'ochre' }, headers: other.headers })).json().data.total).toBe(1);
  });

  it("finds an email or a phone among traits by substring only for PII readers (short terms and long)", async () => {
    const analyst = await login(t.app, (await makeUser(t.db.db, { tenantId: t.tenantId, role: 'analyst' })).email);
    const traits = {
      contact_email: 'Mauve.Person@maskmail.com',
      mobile: '+971507770001',
      address: { line: 'mauve street 9' },
      whatsapp: 971507770002,
      reach: 'call +971 50 777 0003',
      email: 'mauve-no-at',
      work_phone: '0507770004',
      billingPhone: '0507770005',
      referrer: 'https://shop.test/reset?email=mauve.url%40maskmail.net',
      note: 'mauve-visible',
    };
    const [profile] = (await sendEvents(t.app, t.admin, [event([anon('mauve')], { traits })])).results.map((r) => r.profile_id);
    for (const term of ['maskmail', 'mauve.person', '7770001', 'mauve street', '@m', '7770002', '777 0003', 'mauve-no-at', '7770004', '7770005', 'mauve.url']) {
      expect((await list(`q=${encodeURIComponent(term)}`)).items.map((p: { id: string }) => p.id), term).toContain(profile);
      expect((await list(`q=${encodeURIComponent(term)}`, analyst)).items.map((p: { id: string }) => p.id), term).not.toContain(profile);
    }
    // Other traits are found as before.
    expect((await list('q=mauve-visible', analyst)).items.map((p: { id: string }) => p.id)).toEqual([profile]);
  });

  it('reaches no tenant when the transaction names none', async () => {
    const [row] = await queryRows<{ n: number }>(t.db.db, sql`select count(*)::int as n from cdp_profiles_matching(${'%teal%'}, true, null, null)`);
    expect(row?.n).toBe(0);
  });

  it('counts a common term only up to the bound, and still pages it newest first', async () => {
    const keys = tenantPiiKeys(t.config.encryptionMasterKey, t.tenantId);
    const search = { tenantId: t.tenantId, keys, clear: true, q: 'teal-common', stage: undefined, bound: 3 };
    const found = await inScope(t.db.db, tenantScope(t.tenantId), async (tx) => {
      const { condition, moreThanBound } = await profileSearch(tx, search);
      const rows = await tx
        .select({ id: cdpProfiles.id })
        .from(cdpProfiles)
        .where(and(eq(cdpProfiles.tenantId, t.tenantId), isNull(cdpProfiles.mergedIntoId), condition))
        .orderBy(desc(cdpProfiles.lastSeenAt));
      const few = await profileSearch(tx, { ...search, bound: 5 });
      return { moreThanBound, ids: rows.map((r) => r.id), fewMoreThanBound: few.moreThanBound };
    });
    expect(found).toEqual({ moreThanBound: true, ids: teal, fewMoreThanBound: false });
  });

  it('finds the same profiles whether their ids are passed on or, on a deep page, searched again', async () => {
    const keys = tenantPiiKeys(t.config.encryptionMasterKey, t.tenantId);
    const search = { tenantId: t.tenantId, keys, clear: true, q: 'teal-common', stage: undefined, bound: 100 };
    const idsFound = (idsPassedOn: number) =>
      inScope(t.db.db, tenantScope(t.tenantId), async (tx) => {
        const { condition, moreThanBound } = await profileSearch(tx, { ...search, idsPassedOn });
        expect(moreThanBound).toBe(false);
        const rows = await tx
          .select({ id: cdpProfiles.id })
          .from(cdpProfiles)
          .where(and(eq(cdpProfiles.tenantId, t.tenantId), isNull(cdpProfiles.mergedIntoId), condition))
          .orderBy(desc(cdpProfiles.lastSeenAt));
        return rows.map((r) => r.id);
      });
    expect(await idsFound(10)).toEqual(teal);
    expect(await idsFound(2)).toEqual(teal);
  });
});
