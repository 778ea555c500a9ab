import type { DeepStrings } from './deep-strings';

/**
 * What an API refusal means, by HTTP status, for a console read in another language than the API's English: the
 * API's own message names the thing (`Profile not found`) but only in English. Read with apiErrorsText.
 */
export const apiErrorsEn = {
  notFound: 'Not found: it may have been erased or merged meanwhile. Refresh the page.',
  forbidden: 'Your role does not allow this.',
  rateLimited: 'Too many requests: wait a moment, then try again.',
  serverError: 'Something went wrong on our side. Try again in a moment.',
  /** A 403 for a feature the workspace has switched off (code `feature_disabled`), not for the role. */
  featureDisabled: 'This feature is not switched on for this workspace.',
  featureDisabledTitle: 'Not switched on for this workspace',
  featureDisabledDescription: 'A platform administrator switches features on per workspace. Ask yours if you need this one.',
  /** Field errors by code. */
  sourceNameTaken: 'Another source already has this name: choose another.',
  emailTaken: 'A user with this email already exists.',
  slugTaken: 'Another tenant already has this slug: choose another.',
};

export type ApiErrorsTranslation = DeepStrings<typeof apiErrorsEn>;
