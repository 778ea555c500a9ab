import { namespaceText } from './namespaceText';
import type { integrationsEn } from './integrations.en';

/** A string of the `integrations` namespace (setup for other vendors' SDKs) in the current language; see namespaceText. */
export const { useText: useIntegrationsText } = namespaceText<typeof integrationsEn>('integrations');
