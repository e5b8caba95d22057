/** The one place where error codes become HTTP statuses, and every error becomes our envelope. */
import { AppError, isAppError, type ErrorCode, type ErrorDetail } from '@ningan/domain';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

export function statusOf(code: ErrorCode): number {
  switch (code) {
    case 'validation_failed':
    case 'password_policy':
      return 400;
    case 'unauthenticated':
    case 'invalid_credentials':
    case 'account_locked':
    case 'account_disabled':
    case 'session_expired':
      return 401;
    case 'csrf_failed':
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'rate_limited':
      return 429;
    case 'internal_error':
      return 500;
  }
}

function toAppError(error: FastifyError | Error): AppError {
  if (isAppError(error)) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as FastifyError).validationContext ?? 'body';
    const details: ErrorDetail[] = error.validation.map((v) => ({
      path: v.instancePath.replace(/^\//, '').replace(/\//g, '.') || context,
      message: v.message ?? '无效',
    }));
    return new AppError('validation_failed', '输入有误，请修改后重试', { details });
  }
  const fe = error as FastifyError;
  if (
    fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ||
    fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    fe.statusCode === 400
  )
    return new AppError('validation_failed', '请求格式有误', {
      details: [{ path: '', message: fe.message }],
    });
  if (fe.statusCode === 413) return new AppError('validation_failed', '请求体过大');
  if (fe.statusCode === 429) return new AppError('rate_limited', '请求过于频繁，请稍后再试');
  if (fe.statusCode === 404) return new AppError('not_found', '资源不存在');
  // Postgres unique violation: a natural key taken concurrently.
  const pgCode =
    (error as { code?: string; cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
  if (pgCode === '23505') return new AppError('conflict', '记录已存在（唯一性冲突）');
  return new AppError('internal_error', '服务器内部错误，请稍后重试', { cause: error });
}

/** Any error as its status and our envelope (logged: internal errors in full, others by code). */
export function errorEnvelope(
  error: FastifyError | Error,
  request: FastifyRequest,
): {
  status: number;
  body: { error: { code: string; message: string; details?: ErrorDetail[]; requestId: string } };
} {
  const appError = toAppError(error);
  if (appError.code === 'internal_error') request.log.error({ err: error }, 'unhandled error');
  else request.log.info({ code: appError.code }, appError.message);
  return {
    status: statusOf(appError.code),
    body: {
      error: {
        code: appError.code,
        message: appError.message,
        ...(appError.details ? { details: appError.details } : {}),
        requestId: request.id,
      },
    },
  };
}

export function errorHandler(
  error: FastifyError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const { status, body } = errorEnvelope(error, request);
  void reply.status(status).send(body);
}
