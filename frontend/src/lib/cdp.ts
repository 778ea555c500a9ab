import { BUILTIN_IDENTIFIER_TYPES, currencyCodeSchema, maskIdentifier, type BuiltinIdentifierType, type EmqBand, type IngestEvent } from '@stratum/contracts';

// The masking and banding rules are the API's own (shared contracts), re-exported for the console's components.
export { emqBand, maskIdentifier, type EmqBand } from '@stratum/contracts';

/**
 * An average EMQ or data health score as a whole number beside its band or gate: rounded down, because the
 * thresholds are whole numbers, so 79.6 (good) reads 79 rather than an 80 that SPEC calls excellent.
 */
export const wholeScore = (score: number) => Math.floor(score);

/** EMQ bands from SPEC §4: ≥ 80 excellent, 60–79 good, 40–59 fair, < 40 poor. */
export const EMQ_BANDS = ['excellent', 'good', 'fair', 'poor'] as const;

/** Colours per band, shared by badges, bars and legends so a band always looks the same. */
export const EMQ_BAND_CLASSES: Record<EmqBand, { bar: string; badge: string; text: string }> = {
  excellent: {
    text: 'text-emerald-600 dark:text-emerald-400',
    bar: 'bg-emerald-500 dark:bg-emerald-400',
    badge: 'bg-emerald-50 text-emerald-700 ring-emerald-200 dark:bg-emerald-500/10 dark:text-emerald-300 dark:ring-emerald-500/30',
  },
  good: {
    text: 'text-lime-600 dark:text-lime-400',
    bar: 'bg-lime-500 dark:bg-lime-400',
    badge: 'bg-lime-50 text-lime-800 ring-lime-200 dark:bg-lime-500/10 dark:text-lime-300 dark:ring-lime-500/30',
  },
  fair: {
    text: 'text-amber-600 dark:text-amber-400',
    bar: 'bg-amber-500 dark:bg-amber-400',
    badge: 'bg-amber-50 text-amber-800 ring-amber-200 dark:bg-amber-500/10 dark:text-amber-300 dark:ring-amber-500/30',
  },
  poor: {
    text: 'text-red-600 dark:text-red-400',
    bar: 'bg-red-500 dark:bg-red-400',
    badge: 'bg-red-50 text-red-700 ring-red-200 dark:bg-red-500/10 dark:text-red-300 dark:ring-red-500/30',
  },
};

export function isBuiltinIdentifierType(type: string): type is BuiltinIdentifierType {
  return (BUILTIN_IDENTIFIER_TYPES as readonly string[]).includes(type);
}


/** What to print for an identifier: the API's masked value as is; a clear value masked until revealed. */
export function shownIdentifier(type: string, value: string, { clear, revealed }: { clear: boolean; revealed: boolean }): string {
  return clear && !revealed ? maskIdentifier(type, value) : value;
}

/** The tenant's reporting currency (tenant settings `currency`, e.g. AED); US dollars when unset or invalid. */
export function tenantCurrency(settings: Record<string, unknown> | undefined): string {
  return currencyCodeSchema.safeParse(settings?.currency).data ?? 'USD';
}

/**
 * The tenant's time zone (settings.timezone, an IANA name), in which the server counts its days and compares its
 * hours; UTC when unset or unknown to this browser, as on the server.
 */
/** A label with the time zone it is read in, when that is not the browser's own (`Time (Asia/Dubai)`). */
export function withZone(label: string, timeZone: string | undefined): string {
  return timeZone && canonicalZone(timeZone) !== Intl.DateTimeFormat().resolvedOptions().timeZone ? `${label} (${timeZone})` : label;
}

/** A zone under the name this browser gives it (Chromium calls Asia/Kolkata Asia/Calcutta). */
function canonicalZone(timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en', { timeZone }).resolvedOptions().timeZone;
  } catch {
    return timeZone;
  }
}

export function tenantTimeZone(settings: Record<string, unknown> | undefined): string {
  const zone = settings?.timezone;
  if (typeof zone !== 'string' || zone === '') return 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC';
  }
}

/**
 * A short, readable id. Ids are UUIDv7, whose first characters are a timestamp shared by everything created in
 * the same minute, so the random end is the part that tells them apart.
 */
export function shortId(id: string): string {
  return id.slice(-8);
}

/** Saves `data` as a pretty-printed JSON file through a temporary object URL. */
export function downloadJson(fileName: string, data: unknown): void {
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/** A sample event for the "send a test event" snippet: valid against the ingest contract. */
export function sampleTestEvent(eventTime: string): IngestEvent {
  return {
    event_name: 'Test Event',
    event_time: eventTime,
    identifiers: [{ type: 'anonymous_id', value: 'console-test-visitor' }],
    properties: { sent_from: 'stratum-console' },
    context: { user_agent: 'curl', locale: 'en-US' },
  };
}

/** The curl command that posts one sample event to the key-authenticated ingest endpoint. */
export function ingestCurl({ origin, sourceKey, eventTime }: { origin: string; sourceKey: string; eventTime: string }): string {
  const body = JSON.stringify({ events: [sampleTestEvent(eventTime)] }, null, 2);
  return [
    `curl -X POST '${origin}/api/v1/cdp/ingest' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -H 'X-Source-Key: ${sourceKey}' \\`,
    `  -d '${body}'`,
  ].join('\n');
}
