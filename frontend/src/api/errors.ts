import { AxiosError } from 'axios';
import type { ApiError, Envelope } from '@stratum/contracts';

/**
 * Every failed API call surfaces as this one error: the HTTP status, the envelope's safe message and its
 * `errors` list (with field paths on 422), and the Retry-After seconds on 429.
 */
export class ApiRequestError extends Error {
  readonly status: number | null;
  readonly errors: ApiError[];
  readonly retryAfterSeconds: number | null;

  constructor(
    message: string,
    options: { status?: number | null; errors?: ApiError[]; retryAfterSeconds?: number | null } = {},
  ) {
    super(message);
    this.name = 'ApiRequestError';
    this.status = options.status ?? null;
    this.errors = options.errors ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
  }

  get isNetworkError(): boolean {
    return this.status === null;
  }

  /** Whether the refusal names this code (e.g. `feature_disabled`, which a 403's status alone does not tell). */
  hasCode(code: string): boolean {
    return this.errors.some((error) => error.code === code);
  }

  /**
   * Field errors keyed by field path, for forms. The backend may prefix body fields with `body.`. `translate` may
   * put an error the console knows by its code in the user's language (the API's messages are English).
   */
  fieldErrors(translate?: (code: string) => string | undefined): Record<string, string> {
    const result: Record<string, string> = {};
    for (const error of this.errors) {
      if (!error.field) continue;
      const field = error.field.replace(/^body\./, '');
      result[field] ??= translate?.(error.code) ?? error.message;
    }
    return result;
  }
}

function isEnvelope(value: unknown): value is Envelope<unknown> {
  return typeof value === 'object' && value !== null && 'success' in value;
}

function parseRetryAfter(value: unknown): number | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  // Retry-After may also be an HTTP date.
  const date = Date.parse(String(value));
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

export function toApiRequestError(error: unknown): ApiRequestError {
  if (error instanceof ApiRequestError) return error;
  if (error instanceof AxiosError) {
    const response = error.response;
    if (!response) return new ApiRequestError(error.message || 'Network error');
    const body: unknown = response.data;
    const envelope = isEnvelope(body) ? body : null;
    const errors = envelope?.errors ?? [];
    const message = envelope?.message ?? errors[0]?.message ?? error.message;
    return new ApiRequestError(message, {
      status: response.status,
      errors,
      retryAfterSeconds: parseRetryAfter(response.headers['retry-after']),
    });
  }
  return new ApiRequestError(error instanceof Error ? error.message : 'Unexpected error');
}
