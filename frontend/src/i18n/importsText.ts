import { namespaceText } from './namespaceText';
import type { importsEn } from './imports.en';

/** A string of the `imports` namespace (the file import form) in the current language; see namespaceText. */
export const { useText: useImportsText } = namespaceText<typeof importsEn>('imports');
