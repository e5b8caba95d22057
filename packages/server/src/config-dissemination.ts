/**
 * The dissemination part of the configuration (issue #5 parts 5–7): channel gateways, retries, the
 * gateway simulator and the call-and-respond (叫应) timing. Parsed with the rest of the environment by
 * `loadConfig` (config.ts).
 */
import { z } from 'zod';

export const DisseminationEnv = {
  /** Deliveries sent per second per channel at most (the gateway contract's rate). */
  DELIVERY_RATE_PER_SECOND: z.coerce.number().int().min(1).max(100_000).default(200),
};

type DisseminationEnvValues = z.output<z.ZodObject<typeof DisseminationEnv>>;

export interface DisseminationConfig {
  ratePerSecond: number;
}

export function disseminationConfigOf(e: DisseminationEnvValues): DisseminationConfig {
  return { ratePerSecond: e.DELIVERY_RATE_PER_SECOND };
}
