import type { accountEn } from './account.en';
import { namespaceText } from './namespaceText';

/** A string of the `account` namespace (the signed-in user's own account) in the current language; see namespaceText. */
export const { text: accountText, useText: useAccountText } = namespaceText<typeof accountEn>('account');
