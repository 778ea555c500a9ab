import type { ApiError } from '@stratum/contracts';

/**
 * The one error type services throw. `message` is safe to show a caller; anything internal belongs in the log,
 * never here.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: ApiError[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (resource: string) => new AppError(404, 'not_found', `${resource} not found`);
export const forbidden = (message = 'You do not have permission to do this') =>
  new AppError(403, 'forbidden', message);
export const unauthorized = (message = 'Authentication required') => new AppError(401, 'unauthorized', message);
export const conflict = (code: string, message: string, field?: string) =>
  new AppError(409, code, message, [{ field, code, message }]);
export const invalid = (field: string, code: string, message: string) =>
  new AppError(422, 'validation_error', message, [{ field, code, message }]);
