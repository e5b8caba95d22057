/**
 * Configuration: parsed once at start from the environment. A bad value stops the process with a
 * message naming every offending variable.
 */
import path from 'node:path';
import {
  DEFAULT_ATTACHMENT_MAX_BYTES,
  DEFAULT_LEC_CONFIG,
  LEC_DANGERS,
  RISK_LEVELS,
  type LecConfig,
} from '@ningan/domain';
import { z } from 'zod';
import {
  monitoringConfigOf,
  MonitoringEnv,
  monitoringEnvProblems,
  type MonitoringConfig,
} from './config-monitoring.ts';
import { HazardEnv, hazardConfigOf, type HazardConfig } from './config-hazard.ts';
import { WeatherEnv, weatherConfigOf, type WeatherConfig } from './config-weather.ts';
import { WarningsEnv, warningsConfigOf, type WarningsConfig } from './config-warnings.ts';
import { DisseminationEnv, disseminationConfigOf, type DisseminationConfig } from './config-dissemination.ts';
import { CommandEnv, commandConfigOf, type CommandConfig } from './config-command.ts';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, '应为 postgres://user@host:port/db 形式')
    .optional(),
  REGION_CODE: z
    .string()
    .regex(/^\d{6}$/, '应为 6 位县级区划代码')
    .default('621026'),
  NINGAN_ADMIN_PASSWORD: z.string().optional(),
  NINGAN_SECADMIN_PASSWORD: z.string().optional(),
  NINGAN_AUDITOR_PASSWORD: z.string().optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(720).default(12),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  PASSWORD_MIN_LENGTH: z.coerce.number().int().min(8).max(64).default(10),
  /** log2 of the scrypt cost N; 15 = 32 MiB per hash. */
  PASSWORD_HASH_COST: z.coerce.number().int().min(10).max(20).default(15),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  MAP_TILE_URL: z.url().optional(),
  COOKIE_SECURE: bool.default(false),
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (for audit and rate limits). */
  TRUST_PROXY: bool.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEB_DIST: z.string().optional(),
  /** Plans older than this many years are flagged for revision (issue #3). */
  PLAN_REVIEW_YEARS: z.coerce.number().int().min(1).max(10).default(3),
  /** Days ahead that count as "expiring soon" for inspections and similar dates. */
  EXPIRING_WITHIN_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Largest file kept with a plan or drill (附件), in MB (files are stored in the database). */
  ATTACHMENT_MAX_MB: z.coerce
    .number()
    .min(0.1)
    .max(200)
    .default(DEFAULT_ATTACHMENT_MAX_BYTES / 1024 / 1024),
  ...MonitoringEnv,
  ...HazardEnv,
  ...WeatherEnv,
  ...WarningsEnv,
  ...DisseminationEnv,
  ...CommandEnv,
  /**
   * LEC danger band → four-colour risk level (STANDARDS.md §4.2: a convention, UNCONFIRMED), as JSON,
   * e.g. {"极其危险":"重大风险","高度危险":"较大风险","显著危险":"一般风险","一般危险":"低风险","稍有危险":"低风险"}.
   */
  LEC_RISK_LEVELS: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined) return undefined;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        ctx.addIssue({ code: 'custom', message: '应为 JSON 对象' });
        return z.NEVER;
      }
      const parsed = z
        .strictObject(Object.fromEntries(LEC_DANGERS.map((d) => [d, z.enum(RISK_LEVELS)])))
        .safeParse(value);
      if (!parsed.success) {
        ctx.addIssue({
          code: 'custom',
          message: `须为 ${LEC_DANGERS.join('、')} 各自对应 ${RISK_LEVELS.join('/')} 之一`,
        });
        return z.NEVER;
      }
      return parsed.data as LecConfig['riskLevelByDanger'];
    }),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  regionCode: string;
  bootstrapPasswords: { admin?: string; secadmin?: string; auditor?: string };
  session: { idleMinutes: number; maxHours: number; cookieSecure: boolean };
  login: { maxFailures: number; lockMinutes: number };
  password: { minLength: number; minClasses: number; hashCost: number };
  rateLimit: { perMinute: number; loginPerMinute: number };
  mapTileUrl: string | null;
  trustProxy: boolean;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  webDist: string | null;
  /** Monitoring ingest and time series (issue #4; config-monitoring.ts). */
  monitoring: MonitoringConfig;
  /** Earthquake estimate and landslide failure prediction (issue #4 part 5; config-hazard.ts). */
  hazard: HazardConfig;
  /** Fire weather (FWI) from the weather stations (issue #4 part 5; config-weather.ts). */
  weather: WeatherConfig;
  /** Warning issuance: sender, identifiers, severity map, sign-off policy (issue #5; config-warnings.ts). */
  warnings: WarningsConfig;
  /** Warning dissemination: gateways, retries, simulator, 叫应 timing (issue #5; config-dissemination.ts). */
  dissemination: DisseminationConfig;
  /** Duty watch and unified command: reporting clock, grading, duplicates (issue #6; config-command.ts). */
  command: CommandConfig;
  ledger: {
    planReviewYears: number;
    expiringWithinDays: number;
    lec: LecConfig;
    /** Largest attachment accepted, in bytes. */
    attachmentMaxBytes: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`配置错误 / invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment (plus explicit overrides from CLI flags), listing every problem at once. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<Config> = {},
): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map(
        (i) => `${i.path.join('.')}=${JSON.stringify(present[String(i.path[0])] ?? '')}: ${i.message}`,
      ),
    );
  }
  const e = parsed.data;
  const crossProblems = monitoringEnvProblems(e);
  if (crossProblems.length)
    throw new ConfigError(
      crossProblems.map((p) => `${p.path}=${JSON.stringify(present[p.path] ?? '')}: ${p.message}`),
    );
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL ?? null,
    regionCode: e.REGION_CODE,
    bootstrapPasswords: {
      admin: e.NINGAN_ADMIN_PASSWORD,
      secadmin: e.NINGAN_SECADMIN_PASSWORD,
      auditor: e.NINGAN_AUDITOR_PASSWORD,
    },
    session: {
      idleMinutes: e.SESSION_IDLE_MINUTES,
      maxHours: e.SESSION_MAX_HOURS,
      cookieSecure: e.COOKIE_SECURE,
    },
    login: { maxFailures: e.LOGIN_MAX_FAILURES, lockMinutes: e.LOGIN_LOCK_MINUTES },
    password: { minLength: e.PASSWORD_MIN_LENGTH, minClasses: 3, hashCost: e.PASSWORD_HASH_COST },
    rateLimit: { perMinute: e.RATE_LIMIT_PER_MINUTE, loginPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE },
    mapTileUrl: e.MAP_TILE_URL ?? null,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    webDist: e.WEB_DIST ?? null,
    monitoring: monitoringConfigOf(e, e.HOST),
    hazard: hazardConfigOf(e),
    weather: weatherConfigOf(e),
    warnings: warningsConfigOf(e),
    dissemination: disseminationConfigOf(e),
    command: commandConfigOf(e),
    ledger: {
      planReviewYears: e.PLAN_REVIEW_YEARS,
      expiringWithinDays: e.EXPIRING_WITHIN_DAYS,
      lec: e.LEC_RISK_LEVELS ? { riskLevelByDanger: e.LEC_RISK_LEVELS } : DEFAULT_LEC_CONFIG,
      attachmentMaxBytes: Math.round(e.ATTACHMENT_MAX_MB * 1024 * 1024),
    },
    ...overrides,
  };
}
