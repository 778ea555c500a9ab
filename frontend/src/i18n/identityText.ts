import { namespaceText } from './namespaceText';
import type { identityEn } from './identity.en';

/** A string of the `identity` namespace (a profile's many identifiers and merges) in the current language; see namespaceText. */
export const { useText: useIdentityText } = namespaceText<typeof identityEn>('identity');
