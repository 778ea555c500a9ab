import type { apiErrorsEn } from './apiErrors.en';
import { namespaceText } from './namespaceText';

/** A string of the `apiErrors` namespace (API refusals by status) in the current language; see namespaceText. */
export const { text: apiErrorsText, useText: useApiErrorsText } = namespaceText<typeof apiErrorsEn>('apiErrors');
