import { readFileSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { tenants } from '../../src/models';
import { forgetCdpSettings } from '../../src/services/cdp/tenant-cdp-settings';
import { appWithTenantAdmin } from '../support/app-with-tenant-admin';
import { tenantWithAdmin } from '../support/factories';
import { device, email, event, sendEvents } from '../support/cdp';

const t = appWithTenantAdmin({ tenant: { settings: { default_phone_region: 'AE', currency: 'AED', currency_rates: { USD: 3.6725 } } } });

const get = async (url: string) => {
  const res = await t.app.inject({ url, headers: t.admin.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data;
};
const purchase = (identifiers: Parameters<typeof event>[0], properties: Record<string, unknown>) =>
  event(identifiers, { event_name: 'Order Completed', properties });

describe('revenue in the tenant currency', () => {
  it('converts purchases in another currency, and counts none it cannot convert, saying why', async () => {
    const r = await sendEvents(t.app, t.admin, [
      purchase([email('fx@example.com')], { total: 100, currency: 'USD' }),
      purchase([email('fx@example.com')], { total: 50, currency: 'aed' }),
      purchase([email('fx@example.com')], { revenue: '20' }),
      purchase([email('fx@example.com')], { total: 10, currency: 'eur' }),
      purchase([email('fx@example.com')], { total: 10, currency: 'US$' }),
    ]);
    expect(r.results.map((x) => x.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted', 'accepted']);
    expect(r.results.slice(0, 3).map((x) => x.error)).toEqual([null, null, null]);
    expect(r.results[3]!.error).toBe("revenue not counted: no rate from EUR to AED in the tenant's currency_rates");
    expect(r.results[4]!.error).toBe('revenue not counted: currency is not an ISO 4217 code');

    // 100 USD at 3.6725 + 50 AED + 20 in the tenant's own currency; all five are purchases.
    const profile = await get(`/api/v1/cdp/profiles/${r.results[0]!.profile_id}`);
    expect(profile).toMatchObject({ lifecycle_stage: 'customer', total_purchases: 5, total_revenue: 437.25 });
    expect(await get('/api/v1/cdp/events/statistics')).toMatchObject({ total_purchases: 5, total_revenue: 437.25 });
  });

  it('rebuilds counters after an undone merge from what each purchase counted when it arrived', async () => {
    const a = await sendEvents(t.app, t.admin, [event([email('fx-a@example.com'), device('fx-da')])]);
    const b = await sendEvents(t.app, t.admin, [purchase([email('fx-b@example.com'), device('fx-db')], { total: 10, currency: 'USD' })]);
    await sendEvents(t.app, t.admin, [event([device('fx-da'), device('fx-db')])]);
    const aId = a.results[0]!.profile_id!;
    expect(await get(`/api/v1/cdp/profiles/${aId}`)).toMatchObject({ total_purchases: 1, total_revenue: 36.73 });

    // A later change of rate applies to later purchases, not to those already counted.
    await t.db.db.update(tenants).set({ settings: { default_phone_region: 'AE', currency: 'AED', currency_rates: { USD: 4 } } }).where(eq(tenants.id, t.tenantId));
    forgetCdpSettings(t.tenantId);
    const [record] = await get(`/api/v1/cdp/profiles/${aId}/merge-history`);
    const undo = await t.app.inject({ method: 'POST', url: `/api/v1/cdp/merges/${record.id}/undo`, headers: t.admin.headers });
    expect(undo.statusCode, undo.body).toBe(200);
    expect(await get(`/api/v1/cdp/profiles/${b.results[0]!.profile_id}`)).toMatchObject({ total_purchases: 1, total_revenue: 36.73 });
    const later = await sendEvents(t.app, t.admin, [purchase([email('fx-b@example.com')], { total: 10, currency: 'USD' })]);
    expect(await get(`/api/v1/cdp/profiles/${later.results[0]!.profile_id}`)).toMatchObject({ total_purchases: 2, total_revenue: 76.73 });
  });

  it('notes an amount beyond any real order instead of failing the batch, and sums never overflow', async () => {
    const r = await sendEvents(t.app, t.admin, [
      purchase([email('big@example.com')], { total: 1e17 }),
      purchase([email('big@example.com')], { total: 3e11, currency: 'USD' }), // 1.1 trillion dirhams
      purchase([email('big@example.com')], { total: 1e12 }),
    ]);
    expect(r.results.map((x) => [x.status, x.error])).toEqual([
      ['accepted', 'revenue not counted: more than 1,000,000,000,000 in one purchase'],
      ['accepted', 'revenue not counted: more than 1,000,000,000,000 in one purchase'],
      ['accepted', null],
    ]);
    const id = r.results[0]!.profile_id!;
    expect(await get(`/api/v1/cdp/profiles/${id}`)).toMatchObject({ total_purchases: 3, total_revenue: 1e12 });
    // A profile (and an hour) already holding more than the old 16-digit columns could: one more purchase still adds up.
    await t.db.db.execute(sql`update cdp_profiles set total_revenue = 9999999999999999 where id = ${id}`);
    const more = await sendEvents(t.app, t.admin, [purchase([email('big@example.com')], { total: 1e12 })]);
    expect(more.results[0]!.status).toBe('accepted');
    expect((await get(`/api/v1/cdp/profiles/${id}`)).total_revenue).toBeGreaterThan(1e16); // past numeric(18, 2)
  });

  it('averages order value over the purchases whose amount counted, and erasure takes them back out', async () => {
    const other = await tenantWithAdmin(t.app, t.db.db, { settings: { currency: 'AED' } });
    const roi = async () => (await t.app.inject({ url: '/api/v1/cdp/roi/inputs', headers: other.session.headers })).json().data;
    const r = await sendEvents(t.app, other.session, [
      purchase([email('aov@example.com')], { total: 100 }),
      purchase([email('aov@example.com')], { total: 300 }),
      purchase([email('aov@example.com')], { total: 10, currency: 'EUR' }), // no rate: adds nothing
      purchase([email('aov@example.com')], { items: 2 }), // no amount at all
      purchase([email('aov-2@example.com')], { total: 50 }),
    ]);
    expect(r.results[3]!.error).toBe('revenue not counted: no total, revenue or value');
    // 450 over the three priced orders, not over all five purchases (90).
    expect(await roi()).toMatchObject({ average_order_value: 150, based_on: { purchases: 5 } });

    const erased = await t.app.inject({ method: 'DELETE', url: `/api/v1/cdp/profiles/${r.results[0]!.profile_id}`, headers: other.session.headers });
    expect(erased.statusCode, erased.body).toBe(200);
    expect(await roi()).toMatchObject({ average_order_value: 50, based_on: { purchases: 1 } });

    // Rollups from before purchases were told apart count every purchase as priced, as the average did then.
    await t.db.db.execute(sql`update cdp_event_rollups_hourly set priced_purchases = 0 where tenant_id = ${other.tenant.id}`);
    expect(await roi()).toMatchObject({ average_order_value: 0 });
    const backfill = readFileSync(new URL('../../migrations/0041_priced_purchases.sql', import.meta.url), 'utf8').split('--> statement-breakpoint')[1]!;
    await t.db.db.execute(sql.raw(backfill));
    expect(await roi()).toMatchObject({ average_order_value: 50 });
  });
});
