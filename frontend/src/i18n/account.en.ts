import type { DeepStrings } from './deep-strings';

/** Strings of the signed-in user's own account (the user menu's dialogs), read with accountText. */
export const accountEn = {
  changePassword: 'Change password',
  changePasswordDescription: 'Your other devices and browsers will be signed out. This one stays signed in.',
  currentPassword: 'Current password',
  newPassword: 'New password',
  newPasswordHint: 'At least {{min}} characters.',
  submit: 'Change password',
  submitting: 'Changing…',
  changed: 'Password changed. Other sessions were signed out.',
  /** The API's field errors by code, in the console's language. */
  serverErrors: {
    wrong_password: 'This is not your current password.',
  },
  sameAsCurrent: 'Choose a password different from the current one.',
} as const;

export type AccountTranslation = DeepStrings<typeof accountEn>;
