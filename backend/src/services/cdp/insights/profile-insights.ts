import { sql } from 'drizzle-orm';
import type { DataHealth, LifecycleStage, ProfileStatistics, TenantRoiInputs } from '@stratum/contracts';
import { requireTenant, type RequestContext } from '../../../auth/context';
import { queryRows, type Db, type Executor } from '../../../db/client';
import { inScope, tenantScope } from '../../../db/scope';
import { tenants } from '../../../models';
import { eq } from 'drizzle-orm';
import { dataHealth } from './data-health';
import { cdpSettings, parseCdpSettings } from '../tenant-cdp-settings';

interface ProfileCounts {
  total: number;
  byStage: Record<LifecycleStage, number>;
}

/** One pass over the tenant's live profiles: how many there are at each lifecycle stage. */
async function profileCounts(tx: Executor, tenantId: string): Promise<ProfileCounts> {
  const rows = await queryRows<{ stage: LifecycleStage; n: number }>(
    tx,
    sql`select lifecycle_stage as stage, count(*)::int as n
        from cdp_profiles where tenant_id = ${tenantId} and merged_into_id is null group by lifecycle_stage`,
  );
  const byStage: Record<LifecycleStage, number> = { anonymous: 0, known: 0, customer: 0, churned: 0 };
  for (const r of rows) byStage[r.stage] = r.n;
  return { total: rows.reduce((s, r) => s + r.n, 0), byStage };
}

const percent = (part: number, whole: number) => (whole ? Math.round((part / whole) * 10_000) / 100 : 0);

export async function profileStatistics(db: Db, ctx: RequestContext): Promise<ProfileStatistics> {
  const tenantId = requireTenant(ctx);
  const { timeZone } = await cdpSettings(db, tenantId);
  return inScope(db, tenantScope(tenantId), async (tx) => {
    const counts = await profileCounts(tx, tenantId);
    const [identifiers] = await queryRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from cdp_profile_identifiers where tenant_id = ${tenantId}`,
    );
    const merges = await queryRows<{ day: string | Date; merges: number }>(
      tx,
      // The tenant's days, as in the event trend and EMQ series.
      sql`select date_trunc('day', created_at, ${timeZone}::text) as day, count(*)::int as merges from cdp_profile_merges
          where tenant_id = ${tenantId} and undone_at is null and created_at >= now() - interval '30 days'
          group by 1 order by 1`,
    );
    const [mergesTotal] = await queryRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from cdp_profile_merges where tenant_id = ${tenantId} and undone_at is null`,
    );
    return {
      total_profiles: counts.total,
      by_lifecycle: counts.byStage,
      identified_share: percent(counts.byStage.known + counts.byStage.customer, counts.total),
      identifiers_per_profile: counts.total ? Math.round(((identifiers?.n ?? 0) / counts.total) * 100) / 100 : 0,
      merges_total: mergesTotal?.n ?? 0,
      merges_by_day: merges.map((m) => ({ day: new Date(m.day).toISOString(), merges: m.merges })),
    };
  });
}

/** SPEC data health from live figures: 7-day EMQ, identified share, last-24h volume, consent share. */
export async function dataHealthOf(db: Db, ctx: RequestContext): Promise<DataHealth> {
  const tenantId = requireTenant(ctx);
  return inScope(db, tenantScope(tenantId), async (tx) => {
    const counts = await profileCounts(tx, tenantId);
    // The same hours as the EMQ panel's 7 days (emqInsights), so the dashboard shows one average.
    const [emq] = await queryRows<{ events: number; emq_sum: string }>(
      tx,
      sql`select coalesce(sum(events), 0)::int as events, coalesce(sum(emq_sum), 0)::text as emq_sum
          from cdp_event_rollups_hourly where tenant_id = ${tenantId} and hour >= date_trunc('hour', now() - interval '7 days', 'UTC') and hour <= now()`,
    );
    const [recent] = await queryRows<{ n: number }>(
      tx,
      sql`select coalesce(sum(events), 0)::int as n from cdp_event_rollups_hourly
          where tenant_id = ${tenantId} and hour >= date_trunc('hour', now() - interval '24 hours', 'UTC') and hour <= now()`,
    );
    const [consented] = await queryRows<{ n: number }>(
      tx,
      sql`select count(distinct c.profile_id)::int as n from cdp_consents c
          where c.tenant_id = ${tenantId} and c.granted`,
    );
    return dataHealth({
      emqAverage: emq && emq.events ? Number(emq.emq_sum) / emq.events : null,
      identifiedShare: percent(counts.byStage.known + counts.byStage.customer, counts.total),
      eventsLast24h: recent?.n ?? 0,
      consentShare: percent(consented?.n ?? 0, counts.total),
    });
  });
}

/**
 * The ROI calculator's "use my data": identity match rate (identified share of profiles), and monthly sessions,
 * conversion rate (purchases per session) and average order value from the events of the tenant's last 30 days.
 */
export async function roiInputs(db: Db, ctx: RequestContext): Promise<TenantRoiInputs> {
  const tenantId = requireTenant(ctx);
  return inScope(db, tenantScope(tenantId), async (tx) => {
    const counts = await profileCounts(tx, tenantId);
    const [month] = await queryRows<{ sessions: number; purchases: number; priced: number; revenue: string }>(
      tx,
      sql`select coalesce(sum(sessions), 0)::int as sessions, coalesce(sum(purchases), 0)::int as purchases,
                 coalesce(sum(priced_purchases), 0)::int as priced, coalesce(sum(revenue), 0)::text as revenue
          from cdp_event_rollups_hourly where tenant_id = ${tenantId} and hour >= now() - interval '30 days'`,
    );
    const [tenant] = await tx.select({ settings: tenants.settings }).from(tenants).where(eq(tenants.id, tenantId));
    const sessions = month?.sessions ?? 0;
    const purchases = month?.purchases ?? 0;
    // Over the purchases whose amount counted: one in another currency without a rate added nothing to revenue.
    const priced = month?.priced ?? 0;
    return {
      match_rate: percent(counts.byStage.known + counts.byStage.customer, counts.total),
      conversion_rate: percent(purchases, sessions),
      monthly_sessions: sessions,
      average_order_value: priced ? Math.round((Number(month!.revenue) / priced) * 100) / 100 : 0,
      currency: parseCdpSettings(tenant?.settings ?? {}).currency,
      based_on: { profiles: counts.total, sessions, purchases },
    };
  });
}
