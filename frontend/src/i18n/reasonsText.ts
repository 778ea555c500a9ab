import { namespaceText } from './namespaceText';
import type { reasonsEn } from './reasons.en';

/** A string of the `reasons` namespace (why events were refused) in the current language; see namespaceText. */
export const { useText: useReasonsText } = namespaceText<typeof reasonsEn>('reasons');
