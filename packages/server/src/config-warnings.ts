/**
 * The warning-issuance part of the configuration (issue #5): who issues (sender, identifier codes), the
 * level → CAP severity map, the sign-off policy and the limits of fetching an external CAP document. The
 * public base address of feed links is dissemination's `PUBLIC_BASE_URL` (config-dissemination.ts). Parsed with the rest of the environment by `loadConfig` (config.ts).
 */
import {
  DEFAULT_LEVEL_SEVERITY,
  DEFAULT_SIGN_OFF_POLICY,
  SignOffPolicySchema,
  WARNING_LEVELS,
  type SignOffPolicy,
  type WarningLevel,
  type WarningSeverity,
} from '@ningan/domain';
import { z } from 'zod';

const SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor'] as const;

/** A JSON-valued variable checked by `schema` (every problem in one message). */
const json = <S extends z.ZodType>(schema: S, what: string) =>
  z
    .string()
    .optional()
    .transform((text, ctx): z.output<S> | undefined => {
      if (text === undefined) return undefined;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        ctx.addIssue({ code: 'custom', message: `应为 JSON（${what}）` });
        return z.NEVER;
      }
      const parsed = schema.safeParse(value);
      if (!parsed.success) {
        ctx.addIssue({
          code: 'custom',
          message: `${what}有误：${parsed.error.issues.map((i) => `${i.path.join('.') || '(值)'} ${i.message}`).join('；')}`,
        });
        return z.NEVER;
      }
      return parsed.data;
    });

export const WarningsEnv = {
  /** The issuer's name as it appears in headlines (…发布暴雨橙色预警). */
  WARNING_ISSUER_NAME: z.string().min(1).default('宁县应急管理局'),
  /** The issuer's name in the optional English info block. UNCONFIRMED translation. */
  WARNING_ISSUER_NAME_EN: z.string().min(1).default('Ningxian Emergency Management Bureau'),
  /**
   * CAP `sender` (CAP 1.2 §3.2.1: no spaces, commas, < or &). Default `<REGION_CODE>000000@ningan`, our own
   * convention (the national profile's senderCode is carried in the identifier). UNCONFIRMED.
   */
  WARNING_SENDER: z
    .string()
    .regex(/^[^\s,<&]+$/, '不能包含空白、逗号、< 或 &（CAP 1.2 §3.2.1）')
    .optional(),
  /**
   * 机构行业编码 (GB/T 4657) of the issuing agency, 3 digits, the `DDD` of the national identifier
   * (GB/T 35965.1-2018 附录 A.1.2). UNCONFIRMED: the 应急管理局's code has not been checked; default 000.
   */
  WARNING_ORG_CODE: z
    .string()
    .regex(/^\d{3}$/, '应为 3 位数字')
    .default('000'),
  /** 发布单位内部二级编码, 3 digits (A.1.2, default 000). */
  WARNING_UNIT_CODE: z
    .string()
    .regex(/^\d{3}$/, '应为 3 位数字')
    .default('000'),
  /** 扩展编码, 2 digits (A.1.2, default 00). */
  WARNING_EXTENSION_CODE: z
    .string()
    .regex(/^\d{2}$/, '应为 2 位数字')
    .default('00'),
  /**
   * Level → CAP severity as JSON, e.g. {"red":"Extreme","orange":"Severe","yellow":"Moderate","blue":"Minor"}
   * (the default; issue #5 part 1 makes it configuration).
   */
  WARNING_LEVEL_SEVERITY: json(
    z.strictObject({
      blue: z.enum(SEVERITIES),
      yellow: z.enum(SEVERITIES),
      orange: z.enum(SEVERITIES),
      red: z.enum(SEVERITIES),
    }),
    '预警级别与 CAP severity 对照',
  ),
  /**
   * Who reviews and who signs at each level, as JSON {reviewRoles, signRoles: {blue, yellow, orange, red}}.
   * Default `DEFAULT_SIGN_OFF_POLICY` (UNCONFIRMED: the county's 预警信息发布管理办法 decides).
   */
  WARNING_SIGN_OFF_POLICY: json(SignOffPolicySchema, '签发权限'),
  /** Fetching an external CAP document by URL: timeout (ms) and largest body (KiB). */
  WARNING_FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  WARNING_FETCH_MAX_KB: z.coerce.number().int().min(1).max(10_240).default(1024),
  /**
   * Hosts (comma-separated `name` or `name:port`) an external CAP document may be fetched from although they
   * have a loopback/private/link-local address, e.g. the provincial platform on the 政务外网. Default none:
   * such addresses are refused (lib/fetch-guard.ts).
   */
  WARNING_FETCH_ALLOWED_HOSTS: z.string().default(''),
};

type WarningsEnvValues = z.output<z.ZodObject<typeof WarningsEnv>> & { REGION_CODE: string };

export interface WarningsConfig {
  issuerName: string;
  issuerNameEn: string;
  /** CAP `sender`. */
  sender: string;
  /** The national identifier's codes (GB/T 35965.1-2018 附录 A.1.2); admin code = the county's. */
  identifier: { adminCode: string; orgCode: string; unitCode: string; extension: string };
  levelSeverity: Record<WarningLevel, WarningSeverity>;
  signOff: SignOffPolicy;
  fetch: { timeoutMs: number; maxBytes: number; allowedHosts: string[] };
}

export function warningsConfigOf(e: WarningsEnvValues): WarningsConfig {
  const severity = e.WARNING_LEVEL_SEVERITY;
  return {
    issuerName: e.WARNING_ISSUER_NAME,
    issuerNameEn: e.WARNING_ISSUER_NAME_EN,
    sender: e.WARNING_SENDER ?? `${e.REGION_CODE}000000@ningan`,
    identifier: {
      adminCode: e.REGION_CODE,
      orgCode: e.WARNING_ORG_CODE,
      unitCode: e.WARNING_UNIT_CODE,
      extension: e.WARNING_EXTENSION_CODE,
    },
    levelSeverity: severity
      ? (Object.fromEntries(WARNING_LEVELS.map((l) => [l, severity[l]])) as Record<
          WarningLevel,
          WarningSeverity
        >)
      : DEFAULT_LEVEL_SEVERITY,
    signOff: e.WARNING_SIGN_OFF_POLICY ?? DEFAULT_SIGN_OFF_POLICY,
    fetch: {
      timeoutMs: e.WARNING_FETCH_TIMEOUT_MS,
      maxBytes: e.WARNING_FETCH_MAX_KB * 1024,
      allowedHosts: e.WARNING_FETCH_ALLOWED_HOSTS.split(',')
        .map((h) => h.trim())
        .filter(Boolean),
    },
  };
}
