import { eq, sql, type SQL } from 'drizzle-orm';
import { currencyCodeSchema, currencyRateSchema, DEFAULT_IDENTIFIER_LIMITS, isTimeZone, type FeatureFlags } from '@stratum/contracts';
import type { Executor } from '../../db/client';
import { tenants } from '../../models';
import { DEFAULT_BLOCKED_VALUES } from './identity/normalize';

/** The CDP's per-tenant knobs, read from `tenants.settings` with SPEC defaults. */
export interface CdpSettings {
  defaultPhoneRegion: string | undefined;
  blockedValues: readonly string[];
  /** Per identifier type, the built-in limited ones always present. */
  identifierLimits: Readonly<Record<string, number> & Record<keyof typeof DEFAULT_IDENTIFIER_LIMITS, number>>;
  ingestEventsPerMinute: number;
  churnDays: number;
  /** Revenue is counted in this currency (ISO 4217; USD when the tenant has not set one). */
  currency: string;
  /** Units of `currency` for one unit of another currency (see tenantSettingsSchema). */
  currencyRates: Readonly<Record<string, number>>;
  /** Where the tenant's days begin (IANA name; UTC when unset or not a zone this runtime knows). */
  timeZone: string;
  /** Browsers collect nothing before analytics consent (the SDK reads it from the source's settings). */
  requireConsent: boolean;
  /** The tenant's feature flags (`tenants.feature_flags`): read with the settings, as every CDP request checks them. */
  featureFlags: Readonly<FeatureFlags>;
}

export const DEFAULT_INGEST_EVENTS_PER_MINUTE = 1_200_000;
const DEFAULT_CURRENCY = 'USD';

/** Only usable rates are kept: settings written before validation existed may hold anything. */
function ratesOf(value: unknown): Record<string, number> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(
    Object.entries(value).filter(([code, rate]) => currencyCodeSchema.safeParse(code).success && currencyRateSchema.safeParse(rate).success),
  ) as Record<string, number>;
}

/** Only whole positive limits are kept (per type, tenant-defined types included); anything else leaves the default. */
function limitsOf(value: unknown): Record<string, number> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(Object.entries(value).filter(([, limit]) => Number.isInteger(limit) && (limit as number) >= 1)) as Record<string, number>;
}

const cache = new Map<string, { at: number; settings: CdpSettings }>();
// Settings change rarely and every batch needs them: a few seconds of staleness saves a query per batch.
const TTL_MS = 5_000;

export function parseCdpSettings(settings: Record<string, unknown>, featureFlags: FeatureFlags = {}): CdpSettings {
  const cdp = (settings.cdp ?? {}) as Record<string, unknown>;
  const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback);
  const extraBlocked = Array.isArray(cdp.blocked_values) ? cdp.blocked_values.map((v) => String(v).toLowerCase()) : [];
  return {
    defaultPhoneRegion: typeof settings.default_phone_region === 'string' ? settings.default_phone_region : undefined,
    blockedValues: [...DEFAULT_BLOCKED_VALUES, ...extraBlocked],
    identifierLimits: { ...DEFAULT_IDENTIFIER_LIMITS, ...limitsOf(cdp.identifier_limits) },
    ingestEventsPerMinute: num(cdp.ingest_events_per_minute, DEFAULT_INGEST_EVENTS_PER_MINUTE),
    churnDays: num(cdp.churn_days, 90),
    currency: currencyCodeSchema.safeParse(settings.currency).data ?? DEFAULT_CURRENCY,
    currencyRates: ratesOf(settings.currency_rates),
    timeZone: typeof settings.timezone === 'string' && isTimeZone(settings.timezone) ? settings.timezone : 'UTC',
    requireConsent: cdp.require_consent === true,
    featureFlags,
  };
}

// Bumped by forgetCdpSettings: a read that started before a change must not put the old settings back.
let generation = 0;

export async function cdpSettings(db: Executor, tenantId: string): Promise<CdpSettings> {
  const hit = cache.get(tenantId);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.settings;
  const readIn = generation;
  const [row] = await db.select({ settings: tenants.settings, featureFlags: tenants.featureFlags }).from(tenants).where(eq(tenants.id, tenantId)).limit(1);
  const settings = parseCdpSettings(row?.settings ?? {}, row?.featureFlags);
  if (readIn === generation) cache.set(tenantId, { at: Date.now(), settings });
  return settings;
}

export function forgetCdpSettings(tenantId: string): void {
  generation++;
  cache.delete(tenantId);
}

/**
 * `lastSeen` (a timestamp expression) lies outside a churn window of `churnDays` days (a number, or a SQL expression
 * for a job across tenants): the profile is churned. One rule for ingestion, merges and the nightly job.
 */
export const unseenFor = (lastSeen: SQL, churnDays: number | SQL): SQL =>
  sql`${lastSeen} < now() - make_interval(days => ${typeof churnDays === 'number' ? sql`${Math.round(churnDays)}::int` : churnDays})`;
