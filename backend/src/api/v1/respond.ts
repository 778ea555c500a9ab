import type { Envelope } from '@stratum/contracts';

/** The success envelope; failures are shaped in one place, the error handler. */
export const ok = <T>(data: T, message: string | null = null): Envelope<T> => ({
  success: true,
  data,
  message,
  errors: null,
});
