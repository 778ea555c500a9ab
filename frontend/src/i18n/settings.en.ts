import type { DeepStrings } from './deep-strings';

/**
 * Strings of the CDP settings page, in their own namespace, read with settingsText: the main namespace is at the
 * size where TypeScript stops checking its keys (TS2589). `settings.ar.ts` has the same shape.
 */
export const settingsEn = {
  nav: 'Settings',
  title: 'CDP settings',
  subtitle: 'How this workspace normalises, counts and dates its customer data',
  loadError: 'Could not load the settings.',
  readOnly: 'Only admins can change these settings.',
  savedToast: 'Settings saved',
  /** The API's field errors by code, in the console's language (its own messages are English). */
  serverErrors: {
    unknown_region: 'Pick a country with phone numbers, as a two-letter code such as AE.',
    unknown_time_zone: 'Pick a time zone the database knows, such as Asia/Dubai.',
  },
  regional: 'Region, currency and time',
  phoneRegion: 'Default phone region',
  phoneRegionHint: 'Two-letter country for numbers without a country code (AE). Empty: none.',
  currency: 'Currency',
  currencyHint: 'Revenue is counted in this currency (ISO code, e.g. AED).',
  currencyChangeHint: 'Revenue counted so far stays as it was counted, in {{currency}}: it is not converted. New purchases count in the new currency.',
  timeZone: 'Time zone',
  timeZoneHint: 'Daily figures count days from midnight here.',
  rates: 'Currency rates',
  ratesHint: 'Purchases in another currency count at its rate: {{currency}} for one unit. Without a rate they add no revenue.',
  rateCurrency: 'Currency',
  rate: 'Rate',
  addRate: 'Add a rate',
  removeRate: 'Remove this rate',
  profiles: 'Profiles and identifiers',
  churnDays: 'Churn after (days)',
  churnDaysHint: 'A profile with no event for this long becomes churned.',
  blockedValues: 'Blocked identifier values',
  blockedValuesHint: 'One per line, any case; treated as no identifier. Built-in: null, unknown, n/a and the like.',
  mergeProtection: 'Merge protection',
  mergeProtectionHint:
    'How many identifiers of a type one person may hold. An event that would join profiles beyond that keeps them apart and is recorded as a conflict. Device and anonymous ids are unlimited.',
  limitExternalId: 'External IDs (user ids) per person',
  limitEmail: 'Emails per person',
  limitPhone: 'Phone numbers per person',
  collection: 'Collection in browsers',
  requireConsent: 'Require consent before collecting',
  requireConsentHint:
    'The Stratum SDK sends nothing and keeps no cookie or storage until the visitor grants analytics consent. Pages already open follow within a minute.',
  validation: {
    atLeast: 'Must be at least {{min}}',
    above: 'Must be more than {{min}}',
    atMost: 'Must be at most {{max}}',
    currency: 'Use a three-letter currency code such as AED',
    timeZone: 'Choose a time zone such as Asia/Dubai',
    region: 'Use a two-letter country code such as AE',
    duplicate: 'Listed twice',
    tooManyLines: 'At most {{max}} values',
    lineTooLong: 'Line {{line}} is longer than {{max}} characters',
  },
} as const;

export type SettingsTranslation = DeepStrings<typeof settingsEn>;
