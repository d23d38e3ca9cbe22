import { ERROR_STATUS, type ErrorCode } from '@karta/shared';

/** An error that becomes the API error envelope; anything else is a 500 with a request id. */
export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what = 'Not found') => new AppError('NOT_FOUND', what);
export const forbidden = (what = 'Not allowed') => new AppError('FORBIDDEN', what);
export const conflict = (what: string, fields?: Record<string, string>) => new AppError('CONFLICT', what, fields);
export const invalid = (message: string, fields?: Record<string, string>) => new AppError('VALIDATION_FAILED', message, fields);
