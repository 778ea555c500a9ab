import { z } from 'zod';
import { currencyCodeSchema, currencyRateSchema, knownCurrencyCodeSchema, regionCodeSchema, timeZoneSchema } from './tenants';

/** How many identifiers of each limited type one profile holds at most, unless the tenant says otherwise (SPEC §4). */
export const DEFAULT_IDENTIFIER_LIMITS = { external_id: 1, email: 5, phone: 5 } as const;
const identifierLimitSchema = z.number().int().min(1).max(100);
/** Per limited identifier type, how many one profile may hold (see `identifier_limits`). */
export const identifierLimitsSchema = z.object({ external_id: identifierLimitSchema, email: identifierLimitSchema, phone: identifierLimitSchema });

/**
 * A tenant's own CDP settings, read and replaced whole by its admins (`/api/v1/cdp/settings`). Stored in the
 * tenant's settings; what is left unset reads back as the default.
 */
export const cdpSettingsSchema = z.object({
  /** Region for phone numbers written without a country code (`AE`: `0501234567` → `+971501234567`); null for none. */
  default_phone_region: regionCodeSchema.nullable(),
  /** Revenue is counted in this currency. */
  currency: currencyCodeSchema,
  /** Units of `currency` for one unit of another currency; a purchase in a currency not listed adds no revenue. */
  currency_rates: z.record(currencyCodeSchema, currencyRateSchema),
  /** Daily figures count days from midnight in this zone. */
  timezone: timeZoneSchema,
  /** A profile with no event for this many days becomes churned. */
  churn_days: z.number().int().min(1).max(3650),
  /** Identifier values treated as absent, besides the built-in ones (`null`, `unknown`, `n/a`…); any case. */
  blocked_values: z.array(z.string().trim().min(1).max(255)).max(200),
  /**
   * Merge protection: an event that would give one profile more identifiers of a type than this does not join its
   * profiles and is recorded as a conflict (two user ids: two people sharing a device, not one person). Device and
   * anonymous ids are unlimited. Absent in a replacement means the defaults.
   */
  identifier_limits: identifierLimitsSchema.default(DEFAULT_IDENTIFIER_LIMITS),
  /**
   * Browsers collect nothing (no request, no cookie, no storage) before the visitor grants analytics consent: the
   * browser SDK reads this from its source's settings at load. Absent in a replacement means off.
   */
  require_consent: z.boolean().default(false),
});
export type CdpSettingsView = z.infer<typeof cdpSettingsSchema>;

/** A replacement of the settings: as read, with currencies this runtime knows (what is stored is read as it is). */
export const cdpSettingsUpdateSchema = cdpSettingsSchema.extend({
  currency: knownCurrencyCodeSchema,
  currency_rates: z.record(knownCurrencyCodeSchema, currencyRateSchema),
});
