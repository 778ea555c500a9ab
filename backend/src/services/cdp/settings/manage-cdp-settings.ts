import { eq, sql } from 'drizzle-orm';
import type { CdpSettingsView } from '@stratum/contracts';
import { requireTenant, type RequestContext } from '../../../auth/context';
import { invalid, notFound } from '../../../core/errors';
import { queryRows, type Db, type Executor } from '../../../db/client';
import { inScope, platformScope } from '../../../db/scope';
import { writeAudit } from '../../../middleware/audit';
import { tenants } from '../../../models';
import { DEFAULT_BLOCKED_VALUES, hasPhoneNumbering } from '../identity/normalize';
import { forgetCdpSettings, parseCdpSettings } from '../tenant-cdp-settings';

/** Refuses a default phone region without a numbering plan (the schemas check only its shape). */
export function checkPhoneRegion(region: string | null | undefined, field: string): void {
  if (region && !hasPhoneNumbering(region)) {
    throw invalid(field, 'unknown_region', 'Region must be a country with phone numbers, as a two-letter code such as AE');
  }
}

/**
 * The database's own spelling of a time zone, or a 422: the runtime knows names the database does not
 * (`US/Pacific-New`), and every daily figure of the tenant would then fail in SQL. A name given in another case
 * (`asia/dubai`) is stored as the database spells it.
 */
export async function canonicalTimeZone(tx: Executor, zone: string, field: string): Promise<string> {
  const [known] = await queryRows<{ name: string }>(tx, sql`select name from pg_timezone_names where lower(name) = lower(${zone}) limit 1`);
  if (!known) throw invalid(field, 'unknown_time_zone', 'Time zone must be an IANA name the database knows, such as Asia/Dubai');
  return known.name;
}

/** The view of a tenant's settings: what the pipeline uses, defaults included. */
function viewOf(settings: Record<string, unknown>): CdpSettingsView {
  const parsed = parseCdpSettings(settings);
  return {
    default_phone_region: parsed.defaultPhoneRegion ?? null,
    currency: parsed.currency,
    currency_rates: { ...parsed.currencyRates },
    timezone: parsed.timeZone,
    churn_days: parsed.churnDays,
    // The built-in values come first in what the pipeline uses; the tenant sees and edits only its own.
    blocked_values: parsed.blockedValues.slice(DEFAULT_BLOCKED_VALUES.length),
    identifier_limits: { external_id: parsed.identifierLimits.external_id, email: parsed.identifierLimits.email, phone: parsed.identifierLimits.phone },
    require_consent: parsed.requireConsent,
  };
}

async function tenantSettings(tx: Executor, tenantId: string, lock = false): Promise<Record<string, unknown>> {
  const query = tx.select({ settings: tenants.settings }).from(tenants).where(eq(tenants.id, tenantId));
  const [row] = await (lock ? query.for('update') : query);
  if (!row) throw notFound('Tenant');
  return row.settings;
}

export async function readCdpSettings(db: Db, ctx: RequestContext): Promise<CdpSettingsView> {
  const tenantId = requireTenant(ctx);
  return viewOf(await inScope(db, platformScope, (tx) => tenantSettings(tx, tenantId)));
}

/**
 * Replaces the tenant's CDP settings, keeping every other setting it has; audited in the same transaction. The
 * process's cached copy is dropped at once; other processes pick the change up within their cache's few seconds.
 */
export async function updateCdpSettings(db: Db, ctx: RequestContext, input: CdpSettingsView): Promise<CdpSettingsView> {
  const tenantId = requireTenant(ctx);
  checkPhoneRegion(input.default_phone_region, 'default_phone_region');
  const view = await inScope(db, platformScope, async (tx) => {
    const current = await tenantSettings(tx, tenantId, true);
    const before = viewOf(current);
    const { default_phone_region, churn_days, blocked_values, identifier_limits, require_consent, ...regional } = input;
    const cdp = typeof current.cdp === 'object' && current.cdp !== null ? (current.cdp as Record<string, unknown>) : {};
    const blocked = [...new Set(blocked_values.map((value) => value.toLowerCase()))];
    // Limits of tenant-defined identifier types are not on this form, and are kept.
    const limits = { ...(typeof cdp.identifier_limits === 'object' ? cdp.identifier_limits : {}), ...identifier_limits };
    const next: Record<string, unknown> = {
      ...current,
      ...regional,
      timezone: await canonicalTimeZone(tx, regional.timezone, 'timezone'),
      cdp: { ...cdp, churn_days, blocked_values: blocked, identifier_limits: limits, require_consent },
    };
    if (default_phone_region) next.default_phone_region = default_phone_region;
    else delete next.default_phone_region;
    await tx.update(tenants).set({ settings: next }).where(eq(tenants.id, tenantId));
    await writeAudit(tx, ctx, { action: 'cdp.settings.update', resourceType: 'tenant', resourceId: tenantId, changes: { before, after: input } });
    return viewOf(next);
  });
  forgetCdpSettings(tenantId);
  return view;
}
