import { z } from 'zod';
import { partialUpdateSchema } from './partial-update';

export const PLANS = ['free', 'starter', 'growth', 'enterprise'] as const;
export const planSchema = z.enum(PLANS);
export type Plan = z.infer<typeof planSchema>;

export const slugSchema = z
  .string()
  .trim()
  .min(2)
  .max(63)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Slug must be lowercase letters, digits and single hyphens');

/** An IANA time zone name (`Asia/Dubai`, `UTC`) that the runtime knows; offsets such as `+04:00` are not names. */
export function isTimeZone(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const timeZoneSchema = z.string().max(64).refine(isTimeZone, 'Time zone must be an IANA name such as Asia/Dubai');

export const currencyCodeSchema = z.string().regex(/^[A-Z]{3}$/, 'Currency must be an ISO 4217 code such as AED');
/**
 * For input: a currency code this runtime knows (`Intl`), so `ZZZ` is refused. Stored codes are read with the pattern
 * alone, so a code a later runtime drops keeps counting as it did.
 */
const knownCurrencies = new Set(Intl.supportedValuesOf('currency'));
export const knownCurrencyCodeSchema = currencyCodeSchema.refine((code) => knownCurrencies.has(code), 'Currency must be an ISO 4217 code such as AED');
export const regionCodeSchema = z.string().regex(/^[A-Z]{2}$/, 'Region must be a two-letter country code such as AE');
/** Units of the tenant's currency for one unit of another. */
export const currencyRateSchema = z.number().positive().finite();

/**
 * The CDP's own knobs in a tenant's settings, as the platform's tenant API may set them (a tenant's admins edit most
 * of them through `/api/v1/cdp/settings`). Checked here too, so that no path stores what the pipeline would ignore.
 */
const tenantCdpSettingsSchema = z.strictObject({
  churn_days: z.number().int().min(1).max(3650).optional(),
  blocked_values: z.array(z.string().trim().min(1).max(255)).max(200).optional(),
  identifier_limits: z.record(z.string().regex(/^[a-z][a-z0-9_]{1,39}$/), z.number().int().min(1).max(100)).optional(),
  require_consent: z.boolean().optional(),
  /** Events older than this many months are deleted (13 by default). */
  retention_months: z.number().int().min(1).max(999).optional(),
  ingest_events_per_minute: z.number().int().min(1).optional(),
});

/**
 * Tenant settings used by the CDP: default phone region for E.164 normalisation, currency and locale.
 * `currency_rates` converts purchases made in another currency into the tenant's: units of the tenant's currency
 * for one unit of the listed one (e.g. `{"USD": 3.6725}` for an AED tenant).
 */
export const tenantSettingsSchema = z
  .object({
    default_phone_region: regionCodeSchema.optional(),
    currency: knownCurrencyCodeSchema.optional(),
    currency_rates: z.record(knownCurrencyCodeSchema, currencyRateSchema).optional(),
    locale: z.string().max(35).optional(),
    /** Where the tenant's days start and end: daily insights are counted in this zone (UTC by default). */
    timezone: timeZoneSchema.optional(),
    cdp: tenantCdpSettingsSchema.optional(),
  })
  .catchall(z.unknown());
export type TenantSettings = z.infer<typeof tenantSettingsSchema>;

export const featureFlagsSchema = z.record(z.string().regex(/^[a-z0-9_.-]{1,64}$/), z.boolean());
export type FeatureFlags = z.infer<typeof featureFlagsSchema>;

/** The flags the product itself switches features by (others are the tenant's own, for the UI to read). */
export const GATED_FEATURES = ['cdp', 'cdp_roi_calculator'] as const;
export type GatedFeature = (typeof GATED_FEATURES)[number];

/**
 * Whether a tenant has a feature: only an explicit `false` switches it off, so tenants made before a flag existed
 * (or without it) keep what they had.
 */
export const featureEnabled = (flags: Readonly<Record<string, boolean>> | undefined, feature: GatedFeature): boolean => flags?.[feature] !== false;

export const tenantSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  plan: planSchema,
  feature_flags: featureFlagsSchema,
  // Read back as stored: settings written before a rule existed must not make the tenant unreadable.
  settings: z.record(z.string(), z.unknown()),
  is_active: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Tenant = z.infer<typeof tenantSchema>;

export const tenantCreateSchema = z.object({
  name: z.string().trim().min(1).max(255),
  slug: slugSchema,
  plan: planSchema.default('free'),
  feature_flags: featureFlagsSchema.default({}),
  settings: tenantSettingsSchema.default({}),
});
export type TenantCreate = z.input<typeof tenantCreateSchema>;

export const tenantUpdateSchema = partialUpdateSchema({
  name: z.string().trim().min(1).max(255),
  plan: planSchema,
  settings: tenantSettingsSchema,
  is_active: z.boolean(),
});
export type TenantUpdate = z.input<typeof tenantUpdateSchema>;

/** PATCH feature flags: listed keys are set, a `null` value removes the flag. */
export const featureFlagsPatchSchema = z.record(
  z.string().regex(/^[a-z0-9_.-]{1,64}$/),
  z.boolean().nullable(),
);
export type FeatureFlagsPatch = z.infer<typeof featureFlagsPatchSchema>;

export const tenantListQuerySchema = z.object({
  q: z.string().trim().max(255).optional(),
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(100).default(20),
});
