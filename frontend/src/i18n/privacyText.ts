import { namespaceText } from './namespaceText';
import type { privacyEn } from './privacy.en';

/** A string of the `privacy` namespace (a profile's export confirmation) in the current language; see namespaceText. */
export const { useText: usePrivacyText } = namespaceText<typeof privacyEn>('privacy');
