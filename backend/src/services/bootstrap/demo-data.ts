import { and, eq, sql } from 'drizzle-orm';
import type { AppConfig } from '../../core/config';
import { sha256 } from '../../core/security';
import { queryRows, type Db } from '../../db/client';
import { inScope, tenantScope } from '../../db/scope';
import { auditLogs, cdpSources } from '../../models';
import { ingestEvents } from '../cdp/ingest/ingest-events';
import { newSourceKey } from '../cdp/sources/manage-sources';
import { demoEvents } from './demo-events';

const BATCH = 1000;

const FILL_STARTED = 'system.bootstrap.demo_data_started';
const FILL_DONE = 'system.bootstrap.demo_data';

/**
 * Fills the demo tenant on first start, unless it is filled. A fill takes a while (before the server listens) and
 * can be interrupted (Ctrl-C): one that started but did not finish is started over, not left half made. Tenants
 * filled before the fill was recorded count as filled when they hold events. Returns how many events went in.
 */
export async function ensureDemoData(
  db: Db,
  config: AppConfig,
  tenantId: string,
  { people = 2500, onFill }: { people?: number; onFill?: () => void } = {},
): Promise<number> {
  const [state] = await queryRows<{ started: Date | string | null; done: Date | string | null; has_events: boolean }>(
    db,
    sql`select (select max(created_at) from audit_logs where tenant_id = ${tenantId} and action = ${FILL_STARTED}) as started,
               (select max(created_at) from audit_logs where tenant_id = ${tenantId} and action = ${FILL_DONE}) as done,
               exists (select 1 from cdp_events where tenant_id = ${tenantId}) as has_events`,
  );
  const started = state?.started ? new Date(state.started).getTime() : null;
  const done = state?.done ? new Date(state.done).getTime() : null;
  if (started === null ? state?.has_events : done !== null && done >= started) return 0;
  // Interrupted: the server never listened meanwhile, so what is there is the fill's own.
  onFill?.();
  if (started !== null) await resetDemoData(db, tenantId);
  return fillDemoData(db, config, tenantId, people);
}

/**
 * Fills the demo tenant through the real ingestion pipeline (validation, identity resolution, merges, consents,
 * rollups), recording in the audit log when the fill started and when it finished. Returns how many events went in.
 */
export async function fillDemoData(db: Db, config: AppConfig, tenantId: string, people = 2500): Promise<number> {
  await db.insert(auditLogs).values({ tenantId, action: FILL_STARTED, resourceType: 'tenant', resourceId: tenantId });
  const sources = await inScope(db, tenantScope(tenantId), async (tx) => {
    const created: Record<'website' | 'app', string> = { website: '', app: '' };
    for (const [kind, name, type] of [['website', 'Website', 'website'], ['app', 'Mobile app', 'server']] as const) {
      // The keys are discarded: an admin rotates a key to see one, as for any source.
      const [row] = await tx
        .insert(cdpSources)
        .values({ tenantId, name, sourceType: type, keyHash: sha256(newSourceKey()), keyPrefix: 'cdp_demo' })
        .returning({ id: cdpSources.id });
      created[kind] = row!.id;
    }
    return created;
  });

  const events = demoEvents(people);
  let accepted = 0;
  // Website first, then the app's anonymous opens, then the app log-ins: as in life, the devices are known
  // before the log-ins join them to people, so those arrive as real cross-device merges.
  const passes = [
    { source: 'website' as const, take: (e: (typeof events)[number]) => e.source === 'website' },
    { source: 'app' as const, take: (e: (typeof events)[number]) => e.source === 'app' && e.event_name !== 'Logged In' },
    { source: 'app' as const, take: (e: (typeof events)[number]) => e.source === 'app' && e.event_name === 'Logged In' },
  ];
  for (const pass of passes) {
    const mine = events.filter(pass.take).map(({ source: _source, ...event }) => event);
    for (let i = 0; i < mine.length; i += BATCH) {
      const result = await ingestEvents(db, config, { tenantId, sourceId: sources[pass.source] }, mine.slice(i, i + BATCH));
      accepted += result.accepted;
    }
  }
  await db.insert(auditLogs).values({ tenantId, action: FILL_DONE, resourceType: 'tenant', resourceId: tenantId, changes: { events: accepted } });
  return accepted;
}

/** `npm run seed:demo`: forget the demo tenant's customer data and generate it again. */
export async function resetDemoData(db: Db, tenantId: string): Promise<void> {
  await inScope(db, tenantScope(tenantId), async (tx) => {
    for (const table of ['cdp_events', 'cdp_event_keys', 'cdp_event_rollups_hourly', 'cdp_identity_conflicts', 'cdp_suppressions', 'cdp_aliased_user_ids', 'cdp_rate_windows']) {
      await tx.execute(sql`delete from ${sql.identifier(table)} where tenant_id = ${tenantId}`);
    }
    // Profiles cascade to identifiers, links, consents and merges; merged-in profiles go with their survivors.
    await tx.execute(sql`delete from cdp_profiles where tenant_id = ${tenantId}`);
    await tx.delete(cdpSources).where(and(eq(cdpSources.tenantId, tenantId)));
  });
}
