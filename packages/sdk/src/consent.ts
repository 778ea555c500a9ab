import { STORAGE_KEYS, readStored, writeStored } from './storage';
import type { ConsentPreferences } from './types';

const CATEGORIES = ['analytics', 'ads', 'email', 'sms'] as const;

/**
 * `granted`: collect, persist and send. `pending`: consent is required and nobody has decided yet, so messages wait
 * in memory only. `denied`: analytics was refused, so messages are dropped and nothing is stored. `unknown`: nobody
 * has decided and the source's settings (does the tenant require consent?) have not arrived yet: messages wait in
 * memory, and what earlier pages stored is neither written nor erased.
 */
export type CollectionState = 'granted' | 'pending' | 'denied' | 'unknown';

/** `requireConsent` is null until the source's settings are known. */
export function collectionState(preferences: ConsentPreferences | null, requireConsent: boolean | null): CollectionState {
  if (preferences) return preferences.analytics ? 'granted' : 'denied';
  if (requireConsent === null) return 'unknown';
  return requireConsent ? 'pending' : 'granted';
}

/**
 * Merges a (possibly partial) decision into the previous one; a category never decided counts as refused, but for
 * analytics where the tenant does not require consent (`requireConsent` false): collecting was allowed already, so
 * `consent({ ads: true })` alone must not stop it.
 */
export function mergeConsent(
  input: Partial<ConsentPreferences>,
  previous: ConsentPreferences | null,
  requireConsent: boolean | null = null,
): ConsentPreferences {
  const merged = { analytics: false, ads: false, email: false, sms: false };
  for (const category of CATEGORIES) {
    const implied = category === 'analytics' && previous === null && requireConsent === false ? true : undefined;
    const value = input[category] ?? previous?.[category] ?? implied;
    merged[category] = value === true;
  }
  return merged;
}

export function readConsent(): ConsentPreferences | null {
  const stored = readStored(STORAGE_KEYS.consent);
  return stored && typeof stored === 'object' ? mergeConsent(stored as Partial<ConsentPreferences>, null) : null;
}

/** The decision itself is always stored: remembering a refusal is what lets us honour it on the next page. */
export function writeConsent(preferences: ConsentPreferences): void {
  writeStored(STORAGE_KEYS.consent, preferences);
}
