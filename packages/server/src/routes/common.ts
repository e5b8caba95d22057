/** Schemas every resource route shares. */
import { ErrorEnvelope } from '@ningan/domain';
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
