import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client';
import { applyRetention } from '../../src/workers/jobs/apply-retention';
import { appWithTenantAdmin } from '../support/app-with-tenant-admin';
import { device, email, event, phone, sendEvents } from '../support/cdp';

const t = appWithTenantAdmin({ tenant: { settings: { cdp: { retention_months: 1 } } } });
const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
const profile = async (id: string) => (await t.app.inject({ url: `/api/v1/cdp/profiles/${id}`, headers: t.admin.headers })).json().data;

describe('retention and merges', () => {
  it('an undone merge gives each profile back the counters of events retention has since removed', async () => {
    const old = await sendEvents(t.app, t.admin, [
      event([email('kept@retention.test'), device('ret-a')], { event_name: 'Order Completed', event_time: daysAgo(50), properties: { total: 120 } }),
    ]);
    const recent = await sendEvents(t.app, t.admin, [event([phone('+971507771111'), device('ret-b')])]);
    const aId = old.results[0]!.profile_id!;
    const bId = recent.results[0]!.profile_id!;
    await sendEvents(t.app, t.admin, [event([device('ret-a'), device('ret-b')])]);
    const [record] = (await t.app.inject({ url: `/api/v1/cdp/profiles/${aId}/merge-history`, headers: t.admin.headers })).json().data;
    const survivorId = record.survivor_id as string;
    const mergedId = record.merged_id as string;

    expect(await applyRetention(t.db.db)).toBe(1);
    // Retention keeps the profile's counters (SPEC: events are dropped, what they counted is not).
    expect(await profile(survivorId)).toMatchObject({ total_events: 3, total_purchases: 1, total_revenue: 120 });

    const undo = await t.app.inject({ method: 'POST', url: `/api/v1/cdp/merges/${record.id}/undo`, headers: t.admin.headers });
    expect(undo.statusCode).toBe(200);
    const a = await profile(aId);
    const b = await profile(bId);
    expect(a).toMatchObject({ total_purchases: 1, total_revenue: 120, lifecycle_stage: 'customer' });
    expect(b).toMatchObject({ total_purchases: 0, total_revenue: 0 });
    expect(a.total_events + b.total_events).toBe(3);
    expect([survivorId, mergedId].sort()).toEqual([aId, bId].sort());

    // Erasure takes what was kept of the person's removed events too.
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/cdp/profiles/${aId}`, headers: t.admin.headers })).statusCode).toBe(200);
    const kept = await queryRows<{ n: number }>(t.db.db, sql`select count(*)::int as n from cdp_expired_event_totals where origin_profile_id = ${aId}`);
    expect(kept[0]!.n).toBe(0);
  });
});
