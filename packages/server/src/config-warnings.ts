/**
 * The warning-issuance part of the configuration (issue #5): who issues (sender, identifier codes), the
 * level → CAP severity map and the sign-off policy. Parsed with the rest of the environment by
 * `loadConfig` (config.ts).
 */
import { z } from 'zod';

export const WarningsEnv = {
  /** The issuer's name as it appears in headlines (…发布暴雨橙色预警). */
  WARNING_ISSUER_NAME: z.string().min(1).default('宁县应急管理局'),
};

type WarningsEnvValues = z.output<z.ZodObject<typeof WarningsEnv>>;

export interface WarningsConfig {
  issuerName: string;
}

export function warningsConfigOf(e: WarningsEnvValues): WarningsConfig {
  return { issuerName: e.WARNING_ISSUER_NAME };
}
