/**
 * The command part of the configuration (issue #6, 一盘棋): the reporting clock's warning lead and the limits the
 * statutory texts leave open, grading options, the duplicate search and field-report limits. Parsed with the rest
 * of the environment by `loadConfig` (config.ts).
 *
 * Environment variables (all optional):
 * - `COMMAND_REPORT_WARN_MINUTES` (default 30): minutes before a report's due instant at which it turns
 *   `due_soon` and a reminder fires. Local practice, UNCONFIRMED.
 * - `COMMAND_SUPPLEMENTARY_REPORT_HOURS` (default 2): limit of a 伤亡变化补报 after the change became known.
 *   493号令 第十三条 says 及时 without a number; the default is the per-level 2 h (第十一条). UNCONFIRMED.
 * - `COMMAND_CONTINUATION_HOUR` (default 9): the county's daily 续报 hour, Beijing (自然灾害情况统计调查制度,
 *   STANDARDS.md §9; the 2020 wording is UNCONFIRMED).
 * - `COMMAND_FINAL_REPORT_WORKING_DAYS` (default 2): the county's 核报 limit after stabilisation, working days.
 *   UNCONFIRMED (plans give county 2, city 3, province 5).
 * - `COMMAND_COUNT_MISSING_AS_DEATHS` (default false): count 失踪 as 死亡 when grading. The texts say 死亡;
 *   UNCONFIRMED.
 * - `COMMAND_DUPLICATE_RADIUS_KM` (default 5) and `COMMAND_DUPLICATE_WINDOW_HOURS` (default 72): how near in space
 *   and time an open incident must be to be offered as a possible duplicate. Local practice, UNCONFIRMED.
 * - `COMMAND_ACTIVATION_TASK_HOURS` (default 2): hours a task made from a plan's 响应措施 at activation has
 *   before it is overdue. No text fixes one; UNCONFIRMED.
 * - `NIL_REPORT_DUE` (default 09:00): the daily deadline of the townships' nil reports (报平安), Beijing time.
 *   DOMAIN.md says only "by a set hour"; 09:00 matches the county's daily 续报 hour. UNCONFIRMED.
 * - `DUTY_SIGN_IN_EARLY_MINUTES` (default 60): how early before a shift its people may sign in. Local practice,
 *   UNCONFIRMED.
 */
import {
  DEFAULT_GRADING_OPTIONS,
  DEFAULT_REPORT_DEADLINE_CONFIG,
  DEFAULT_SUPPLEMENTARY_REPORT_HOURS,
  type GradingOptions,
  type ReportDeadlineConfig,
} from '@ningan/domain';
import { z } from 'zod';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

export const CommandEnv = {
  COMMAND_REPORT_WARN_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(30),
  COMMAND_SUPPLEMENTARY_REPORT_HOURS: z.coerce
    .number()
    .min(0.25)
    .max(24 * 7)
    .default(DEFAULT_SUPPLEMENTARY_REPORT_HOURS),
  COMMAND_CONTINUATION_HOUR: z.coerce
    .number()
    .int()
    .min(0)
    .max(23)
    .default(DEFAULT_REPORT_DEADLINE_CONFIG.continuationHour.county),
  COMMAND_FINAL_REPORT_WORKING_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(30)
    .default(DEFAULT_REPORT_DEADLINE_CONFIG.finalReportWorkingDays),
  COMMAND_COUNT_MISSING_AS_DEATHS: bool.default(DEFAULT_GRADING_OPTIONS.countMissingAsDeaths),
  COMMAND_DUPLICATE_RADIUS_KM: z.coerce.number().min(0.1).max(100).default(5),
  COMMAND_DUPLICATE_WINDOW_HOURS: z.coerce
    .number()
    .min(1)
    .max(24 * 30)
    .default(72),
  NIL_REPORT_DUE: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, '应为 HH:MM')
    .default('09:00'),
  DUTY_SIGN_IN_EARLY_MINUTES: z.coerce.number().int().min(0).max(720).default(60),
  COMMAND_ACTIVATION_TASK_HOURS: z.coerce
    .number()
    .min(0.25)
    .max(24 * 7)
    .default(2),
};

type CommandEnvValues = z.output<z.ZodObject<typeof CommandEnv>>;

export interface CommandConfig {
  reporting: {
    /** Minutes before due at which a report is `due_soon` and a reminder fires. */
    warnBeforeMinutes: number;
    /** 伤亡变化补报 limit, hours. */
    supplementaryReportHours: number;
    deadlines: ReportDeadlineConfig;
  };
  grading: GradingOptions;
  duplicates: { radiusKm: number; windowMinutes: number };
  /** Township nil reports (报平安) are due daily by this Beijing time (HH:MM); missing ones are chased then. */
  nilReportDueTime: string;
  /** Sign-in opens this many minutes before a shift starts (and stays open until it ends). */
  dutySignInEarlyMinutes: number;
  /** Hours a task made from a plan's 响应措施 at activation has (COMMAND_ACTIVATION_TASK_HOURS, UNCONFIRMED). */
  activationTaskHours: number;
}

export const DEFAULT_COMMAND_CONFIG: CommandConfig = {
  reporting: {
    warnBeforeMinutes: 30,
    supplementaryReportHours: DEFAULT_SUPPLEMENTARY_REPORT_HOURS,
    deadlines: DEFAULT_REPORT_DEADLINE_CONFIG,
  },
  grading: DEFAULT_GRADING_OPTIONS,
  duplicates: { radiusKm: 5, windowMinutes: 72 * 60 },
  nilReportDueTime: '09:00',
  dutySignInEarlyMinutes: 60,
  activationTaskHours: 2,
};

export function commandConfigOf(e: CommandEnvValues): CommandConfig {
  return {
    reporting: {
      warnBeforeMinutes: e.COMMAND_REPORT_WARN_MINUTES,
      supplementaryReportHours: e.COMMAND_SUPPLEMENTARY_REPORT_HOURS,
      deadlines: {
        ...DEFAULT_REPORT_DEADLINE_CONFIG,
        continuationHour: {
          ...DEFAULT_REPORT_DEADLINE_CONFIG.continuationHour,
          county: e.COMMAND_CONTINUATION_HOUR,
        },
        finalReportWorkingDays: e.COMMAND_FINAL_REPORT_WORKING_DAYS,
      },
    },
    grading: { countMissingAsDeaths: e.COMMAND_COUNT_MISSING_AS_DEATHS },
    duplicates: {
      radiusKm: e.COMMAND_DUPLICATE_RADIUS_KM,
      windowMinutes: Math.round(e.COMMAND_DUPLICATE_WINDOW_HOURS * 60),
    },
    nilReportDueTime: e.NIL_REPORT_DUE,
    dutySignInEarlyMinutes: e.DUTY_SIGN_IN_EARLY_MINUTES,
    activationTaskHours: e.COMMAND_ACTIVATION_TASK_HOURS,
  };
}
