import { z } from 'zod';
import { currencyCodeSchema, currencyRateSchema, regionCodeSchema, timeZoneSchema } from './tenants';

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
   * Browsers collect nothing (no request, no cookie, no storage) before the visitor grants analytics consent: the
   * browser SDK reads this from its source's settings at load. Absent in a replacement means off.
   */
  require_consent: z.boolean().default(false),
});
export type CdpSettingsView = z.infer<typeof cdpSettingsSchema>;
