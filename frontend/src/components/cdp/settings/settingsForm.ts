import { z } from 'zod';
import { settingsText } from '@/i18n/settingsText';
import { cdpSettingsUpdateSchema, currencyRateSchema, identifierLimitsSchema, knownCurrencyCodeSchema, regionCodeSchema, type CdpSettingsView } from '@stratum/contracts';

const MAX_BLOCKED = 200;
const MAX_BLOCKED_LENGTH = 255;
/** The blocked values a textarea holds: one per line, blank lines left out. */
const blockedLines = (text: string) =>
  text
    .split('\n')
    .map((value) => value.trim())
    .filter(Boolean);

/**
 * The settings form: the API contract, with the shapes a form edits — an empty region for none, rates as rows,
 * blocked values one per line.
 */
export const settingsFormSchema = cdpSettingsUpdateSchema.extend({
  default_phone_region: regionCodeSchema.or(z.literal('')),
  currency_rates: z
    .array(z.object({ currency: knownCurrencyCodeSchema, rate: currencyRateSchema }))
    .superRefine((rows, ctx) => {
      const seen = new Set<string>();
      rows.forEach((row, index) => {
        if (seen.has(row.currency)) ctx.addIssue({ code: 'custom', path: [index, 'currency'], message: settingsText('validation.duplicate') });
        seen.add(row.currency);
      });
    }),
  // The API's limits (200 values of up to 255 characters), checked here to say which line is too long.
  blocked_values: z.string().superRefine((text, ctx) => {
    const lines = blockedLines(text);
    if (lines.length > MAX_BLOCKED) ctx.addIssue({ code: 'custom', message: settingsText('validation.tooManyLines', { max: String(MAX_BLOCKED) }) });
    const long = lines.findIndex((line) => line.length > MAX_BLOCKED_LENGTH);
    if (long >= 0) ctx.addIssue({ code: 'custom', message: settingsText('validation.lineTooLong', { line: String(long + 1), max: String(MAX_BLOCKED_LENGTH) }) });
  }),
  // The form always holds these: no defaults (the API's defaults would make the form's input types optional).
  identifier_limits: identifierLimitsSchema,
  require_consent: z.boolean(),
});
export type SettingsForm = z.infer<typeof settingsFormSchema>;

export function toForm(settings: CdpSettingsView): SettingsForm {
  return {
    ...settings,
    default_phone_region: settings.default_phone_region ?? '',
    currency_rates: Object.entries(settings.currency_rates).map(([currency, rate]) => ({ currency, rate })),
    blocked_values: settings.blocked_values.join('\n'),
  };
}

export function fromForm(form: SettingsForm): CdpSettingsView {
  return {
    ...form,
    default_phone_region: form.default_phone_region || null,
    currency_rates: Object.fromEntries(form.currency_rates.map((row) => [row.currency, row.rate])),
    blocked_values: blockedLines(form.blocked_values),
  };
}

/** Every zone the browser knows, UTC first, and the current one even if this browser does not list it. */
export function timeZoneOptions(current: string): string[] {
  const zones = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')];
  return zones.includes(current) ? zones : [current, ...zones];
}
