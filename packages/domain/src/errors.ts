/**
 * Stable error codes. The HTTP edge maps each code to a status in one exhaustive table
 * (packages/server/src/http/error-status.ts); services never choose a status.
 */
export const ERROR_CODES = [
  'validation_failed',
  'unauthenticated',
  'invalid_credentials',
  'account_locked',
  'account_disabled',
  'session_expired',
  'csrf_failed',
  'forbidden',
  'not_found',
  'conflict',
  'password_policy',
  'rate_limited',
  'internal_error',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** One problem in a rejected input: `path` names the field (or `rows.3.name` for imports). */
export interface ErrorDetail {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[] | undefined;

  constructor(code: ErrorCode, message: string, options: { details?: ErrorDetail[]; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** Access to a specific record outside the actor's jurisdiction answers "not found": never reveal it exists. */
export function notFound(what: string): AppError {
  return new AppError('not_found', `${what}不存在或无权访问`);
}
