import { STORAGE_KEYS, readStored, writeStored } from './storage';
import type { ConsentPreferences } from './types';

const CATEGORIES = ['analytics', 'ads', 'email', 'sms'] as const;

/**
 * A visitor's decision as the SDK keeps it. `analytics` is absent while no call has answered it (e.g. after
 * `consent({ ads: true })` alone): whether that means collecting depends on the tenant's requirement, which may not
 * be known yet when the call is made.
 */
export type ConsentDecision = Omit<ConsentPreferences, 'analytics'> & { analytics?: boolean };

/**
 * `granted`: collect, persist and send. `pending`: consent is required and nobody has decided yet, so messages wait
 * in memory only. `denied`: analytics was refused, so messages are dropped and nothing is stored. `unknown`: nobody
 * has decided and the source's settings (does the tenant require consent?) have not arrived yet: messages wait in
 * memory, and what earlier pages stored is neither written nor erased.
 */
export type CollectionState = 'granted' | 'pending' | 'denied' | 'unknown';

/** `requireConsent` is null until the source's settings are known. */
export function collectionState(decision: ConsentDecision | null, requireConsent: boolean | null): CollectionState {
  if (decision?.analytics !== undefined) return decision.analytics ? 'granted' : 'denied';
  if (requireConsent === null) return 'unknown';
  return requireConsent ? 'pending' : 'granted';
}

/**
 * Merges a (possibly partial) decision into the previous one. A category never decided counts as refused, except
 * analytics, which only an explicit answer refuses: left open, it is settled by the tenant's requirement once that is
 * known (null until then). Where consent is not required, collecting was allowed already, so `consent({ ads: true })`
 * alone must not stop it; where it is, an explicit answer is still awaited.
 */
export function mergeConsent(
  input: Partial<ConsentPreferences>,
  previous: ConsentDecision | null,
  requireConsent: boolean | null = null,
): ConsentDecision {
  const merged: ConsentDecision = { ads: false, email: false, sms: false };
  for (const category of CATEGORIES) {
    const value = input[category] ?? previous?.[category];
    if (value !== undefined) merged[category] = value === true;
  }
  if (merged.analytics === undefined && requireConsent === false) merged.analytics = true;
  return merged;
}

/** The decision as messages carry it (`context.consent.categoryPreferences`): only once analytics is settled. */
export function categoryPreferences(decision: ConsentDecision | null): ConsentPreferences | null {
  return decision?.analytics === undefined ? null : { ...decision, analytics: decision.analytics };
}

export function readConsent(): ConsentDecision | null {
  const stored = readStored(STORAGE_KEYS.consent);
  return stored && typeof stored === 'object' ? mergeConsent(stored as Partial<ConsentPreferences>, null) : null;
}

/** The decision itself is always stored: remembering a refusal is what lets us honour it on the next page. */
export function writeConsent(decision: ConsentDecision): void {
  writeStored(STORAGE_KEYS.consent, decision);
}
