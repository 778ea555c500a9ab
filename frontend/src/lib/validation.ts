import type { z } from 'zod';
import type { FieldError, FieldValues, Path, UseFormSetError } from 'react-hook-form';
import type { ApiRequestError } from '@/api/errors';
import { PASSWORD_MIN_LENGTH } from '@stratum/contracts';
import i18n from '@/i18n';
import { accountText } from '@/i18n/accountText';
import { apiErrorsText } from '@/i18n/apiErrorsText';
import { settingsText } from '@/i18n/settingsText';

/**
 * Zod's built-in messages are English only. This per-parse error map (passed to zodResolver) translates the
 * generic ones at validation time, so they follow the current language. Messages the contracts set explicitly
 * take precedence in Zod and are translated by `fieldErrorMessage` below.
 */
export const localizedErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string') {
        return Number(issue.minimum) <= 1
          ? i18n.t('validation.required')
          : i18n.t('validation.tooShort', { min: String(issue.minimum) });
      }
      if (issue.origin === 'number') {
        return settingsText(issue.inclusive ? 'validation.atLeast' : 'validation.above', { min: String(issue.minimum) });
      }
      return undefined;
    case 'too_big':
      if (issue.origin === 'number') return settingsText('validation.atMost', { max: String(issue.maximum) });
      return issue.origin === 'string' ? i18n.t('validation.tooLong', { max: String(issue.maximum) }) : undefined;
    case 'invalid_format':
      return issue.format === 'email' ? i18n.t('validation.email') : i18n.t('validation.invalid');
    case 'invalid_type':
      // An emptied number field reads as NaN.
      return issue.input === undefined || issue.input === null || Number.isNaN(issue.input) ? i18n.t('validation.required') : undefined;
    case 'custom':
    case 'invalid_element':
    case 'invalid_key':
    case 'invalid_union':
    case 'invalid_value':
    case 'not_multiple_of':
    case 'unrecognized_keys':
      // Not produced by the console's forms today; Zod's own wording is kept.
      return undefined;
  }
};

export const zodOptions = { error: localizedErrorMap };

/** Messages the shared contracts hard-code in English, mapped to their translation. */
const CONTRACT_MESSAGES: Record<string, () => string> = {
  'Invalid email address': () => i18n.t('validation.email'),
  [`Password must be at least ${PASSWORD_MIN_LENGTH} characters`]: () =>
    i18n.t('validation.tooShort', { min: String(PASSWORD_MIN_LENGTH) }),
  'Slug must be lowercase letters, digits and single hyphens': () => i18n.t('validation.slug'),
  'Currency must be an ISO 4217 code such as AED': () => settingsText('validation.currency'),
  'Time zone must be an IANA name such as Asia/Dubai': () => settingsText('validation.timeZone'),
  'Region must be a two-letter country code such as AE': () => settingsText('validation.region'),
  'The new password must differ from the current one': () => accountText('sameAsCurrent'),
};

/** The text to show under a field. Server errors (422) are shown as the API sent them. */
export function fieldErrorMessage(error: FieldError | undefined): string | undefined {
  if (!error?.message) return undefined;
  if (error.type === 'server') return error.message;
  return CONTRACT_MESSAGES[error.message]?.() ?? error.message;
}

/** Field refusals the console words itself, by the API's error code (its messages are English only). */
const FIELD_CODES = { source_name_taken: 'sourceNameTaken', email_taken: 'emailTaken', slug_taken: 'slugTaken' } as const;
const knownFieldCode = (code: string) => (code in FIELD_CODES ? apiErrorsText(FIELD_CODES[code as keyof typeof FIELD_CODES]) : undefined);

/**
 * A refused request's field errors, set on the form's own fields (a nested path such as `currency_rates.0.rate` on
 * its top field), translated by error code where `translate` or the console's own list (FIELD_CODES) knows it. Returns whether any landed: when none did,
 * the caller says the refusal above the form or in a toast, so a message for a field the form lacks is not lost.
 */
export function setServerFieldErrors<T extends FieldValues>(
  setError: UseFormSetError<T>,
  error: ApiRequestError,
  fields: readonly Path<T>[],
  translate?: (code: string) => string | undefined,
): boolean {
  let landed = false;
  for (const [path, message] of Object.entries(error.fieldErrors((code) => translate?.(code) ?? knownFieldCode(code)))) {
    const field = fields.find((name) => path === name || path.startsWith(`${name}.`));
    if (!field) continue;
    setError(field, { type: 'server', message });
    landed = true;
  }
  return landed;
}
