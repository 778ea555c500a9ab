import type { DeepStrings } from './deep-strings';

/**
 * Strings of the source setup steps for other vendors' SDKs, added after the main namespace reached TypeScript's
 * limit (see namespaceText), read with integrationsText. `integrations.ar.ts` has the same shape.
 */
export const integrationsEn = {
  rudderstack: {
    title: 'Already using RudderStack?',
    description:
      'Load the RudderStack JavaScript SDK package with this key and Stratum as both its data plane and its config URL: it reads its source configuration from Stratum, which names no destination, and sends everything here. RudderStack’s server SDKs only need their data plane URL changed.',
    label: 'RudderStack SDK configuration',
  },
};

export type IntegrationsTranslation = DeepStrings<typeof integrationsEn>;
