/** Schemas every resource route shares. */
import { ErrorEnvelope } from '@ningan/domain';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';

export const IdParams = z.object({ id: z.string().uuid('无效的 ID') });
export const RegionCodeFilter = z.string().regex(/^\d{6,12}$/);

/** The error answers a jurisdiction-scoped resource route can give. */
export const resourceErrors = {
  400: ErrorEnvelope,
  401: ErrorEnvelope,
  403: ErrorEnvelope,
  404: ErrorEnvelope,
  409: ErrorEnvelope,
};

/** `304 Not Modified` of a route that sends an entity tag (http/document.ts): no body. */
export const NotModified = z.null().describe('未修改（If-None-Match 与 ETag 相同），无正文');

const serialized = new WeakMap<object, string>();

/**
 * Sends a value the service hands out from its cache (the same object until it changes) as JSON
 * serialised once: checked against `schema` the first time, then reused. Map payloads are read on
 * every console load; this keeps them off the per-request encode path.
 */
export function sendCached(reply: FastifyReply, schema: z.ZodType, value: object): FastifyReply {
  let body = serialized.get(value);
  if (body === undefined) {
    body = JSON.stringify(schema.parse(value));
    serialized.set(value, body);
  }
  return reply.type('application/json; charset=utf-8').send(body);
}
