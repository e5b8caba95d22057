/**
 * Request/response schemas of the duty watch (值班值守, issue #6 part 1, contract section B): rosters (带班领导 +
 * 值班员 by day and shift) with the domain's conflict checks, sign-in, the duty log, shift handover (open items carried
 * over), township nil reports (报平安). The county bureau (621026) and each township office keep their own watch
 * (`regionCode`). Shared by the server (validation + OpenAPI) and the web.
 */
import { z } from 'zod';
import { NIL_REPORT_STATES, ROSTER_PROBLEM_KINDS } from './duty.ts';

const isoTime = z.string().describe('ISO 8601');
const regionCode = z.string().regex(/^\d{6,12}$/, '区划代码应为 6–12 位数字');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM（00:00–23:59）');

/** A person on a roster: an account when known (needed to sign in), always a name. */
export const DutyPersonRef = z.object({
  userId: z.uuid('应为用户 id').nullable().optional(),
  name: z.string().trim().min(1, '请填写姓名').max(50, '最多 50 个字符'),
  phone: z.string().trim().max(30, '最多 30 个字符').nullable().optional(),
});
export type DutyPersonRef = z.infer<typeof DutyPersonRef>;

export const DutyPersonView = z.object({
  userId: z.string().nullable(),
  name: z.string(),
  phone: z.string().nullable(),
});
export type DutyPersonView = z.infer<typeof DutyPersonView>;

export const ShiftInput = z.object({
  /** Present: replace that shift (same region); absent: a new one. */
  id: z.uuid('应为排班 id').optional(),
  date: day,
  start: clock,
  /** At or before `start`: the next day (`08:00`–`08:00` is 24 h). */
  end: clock,
  leader: DutyPersonRef.nullable(),
  officers: z.array(DutyPersonRef).max(20, '最多 20 名值班员'),
});
export type ShiftInput = z.infer<typeof ShiftInput>;

/** `PUT /duty/shifts`: replaces every shift of the region on the dates given. */
export const SaveShiftsRequest = z.object({
  regionCode,
  shifts: z.array(ShiftInput).min(1, '至少一个班次').max(400, '一次最多 400 个班次'),
});
export type SaveShiftsRequest = z.infer<typeof SaveShiftsRequest>;

export const SignInView = z.object({ userId: z.string(), userName: z.string(), at: isoTime });
export type SignInView = z.infer<typeof SignInView>;

export const ShiftView = z.object({
  id: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  date: z.string(),
  start: z.string(),
  end: z.string(),
  startsAt: isoTime,
  endsAt: isoTime,
  leader: DutyPersonView.nullable(),
  officers: z.array(DutyPersonView),
  signedIn: z.array(SignInView),
});
export type ShiftView = z.infer<typeof ShiftView>;

export const RosterProblemView = z.object({
  kind: z.enum(ROSTER_PROBLEM_KINDS),
  message: z.string(),
  /** `date/start-end` of the shifts concerned. */
  shifts: z.array(z.string()),
  personId: z.string().optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
});
export type RosterProblemView = z.infer<typeof RosterProblemView>;

/** `GET /duty/shifts?from=&to=&regionCode=` (dates inclusive; default: this week from today). */
export const ShiftsQuery = z.object({
  from: day.optional(),
  to: day.optional(),
  regionCode: regionCode.optional(),
});
export type ShiftsQuery = z.infer<typeof ShiftsQuery>;

export const ShiftsResponse = z.object({
  items: z.array(ShiftView),
  /** Problems of the roster shown (domain `checkRoster`), so a saved roster with gaps still says so. */
  problems: z.array(RosterProblemView),
});
export type ShiftsResponse = z.infer<typeof ShiftsResponse>;

export const DUTY_LOG_KINDS = [
  'call_in',
  'call_out',
  'notice',
  'instruction',
  'incident',
  'chase',
  'other',
] as const;
export type DutyLogKind = (typeof DUTY_LOG_KINDS)[number];
export const DUTY_LOG_KIND_LABELS: Record<DutyLogKind, string> = {
  call_in: '来电',
  call_out: '去电',
  notice: '通知',
  instruction: '领导指示',
  incident: '突发事件',
  chase: '催报',
  other: '其他',
};

export const DutyLogView = z.object({
  seq: z.number().int(),
  regionCode: z.string(),
  shiftId: z.string().nullable(),
  at: isoTime,
  kind: z.enum(DUTY_LOG_KINDS),
  text: z.string(),
  incidentId: z.string().nullable(),
  actorName: z.string(),
  openItem: z.boolean(),
  closedAt: isoTime.nullable(),
});
export type DutyLogView = z.infer<typeof DutyLogView>;

/** `POST /duty/log` — into the actor's own watch (the county bureau or the actor's township) unless `regionCode`. */
export const DutyLogRequest = z.object({
  kind: z.enum(DUTY_LOG_KINDS),
  text: z.string().trim().min(1, '请填写内容').max(2000, '最多 2000 个字符'),
  incidentId: z.uuid('应为事件 id').optional(),
  /** An item still to be dealt with: carried over at handover until closed. */
  openItem: z.boolean().optional(),
  regionCode: regionCode.optional(),
});
export type DutyLogRequest = z.infer<typeof DutyLogRequest>;

/** `GET /duty/log?date=&regionCode=` (date default: today, Beijing). */
export const DutyLogQuery = z.object({ date: day.optional(), regionCode: regionCode.optional() });
export type DutyLogQuery = z.infer<typeof DutyLogQuery>;

export const DutyLogList = z.object({ items: z.array(DutyLogView) });
export type DutyLogList = z.infer<typeof DutyLogList>;

export const HandoverItem = z.object({
  logSeq: z.number().int().nullable(),
  incidentId: z.string().nullable(),
  text: z.string(),
});
export type HandoverItem = z.infer<typeof HandoverItem>;

/** `POST /duty/handovers` */
export const HandoverRequest = z.object({
  fromShiftId: z.uuid('应为排班 id'),
  toShiftId: z.uuid('应为排班 id').optional(),
  notes: z.string().trim().max(4000, '最多 4000 个字符'),
});
export type HandoverRequest = z.infer<typeof HandoverRequest>;

export const HandoverView = z.object({
  id: z.string(),
  fromShiftId: z.string(),
  toShiftId: z.string().nullable(),
  at: isoTime,
  handedOverByName: z.string(),
  takenOverByName: z.string().nullable(),
  takenOverAt: isoTime.nullable(),
  /** The open log items carried over. */
  openItems: z.array(HandoverItem),
  notes: z.string().nullable(),
});
export type HandoverView = z.infer<typeof HandoverView>;

/** `GET /duty/current?regionCode=` */
export const DutyCurrentQuery = z.object({ regionCode: regionCode.optional() });
export type DutyCurrentQuery = z.infer<typeof DutyCurrentQuery>;

export const DutyCurrentView = z.object({
  regionCode: z.string(),
  shift: ShiftView.nullable(),
  signedIn: z.array(SignInView),
  openItems: z.array(DutyLogView),
  nextShift: ShiftView.nullable(),
  lastHandover: HandoverView.nullable(),
});
export type DutyCurrentView = z.infer<typeof DutyCurrentView>;

/** `GET /duty/nil-reports?date=` */
export const NilReportQuery = z.object({ date: day.optional() });
export type NilReportQuery = z.infer<typeof NilReportQuery>;

export const NilReportItem = z.object({
  townshipCode: z.string(),
  townshipName: z.string(),
  state: z.enum(NIL_REPORT_STATES),
  submittedAt: isoTime.nullable(),
  submittedByName: z.string().nullable(),
  note: z.string().nullable(),
  /** Chased (催报) for this day. */
  chased: z.boolean(),
});
export type NilReportItem = z.infer<typeof NilReportItem>;

export const NilReportBoard = z.object({
  date: z.string(),
  dueAt: isoTime,
  items: z.array(NilReportItem),
  counts: z.record(z.enum(NIL_REPORT_STATES), z.number().int()),
});
export type NilReportBoard = z.infer<typeof NilReportBoard>;

/** `POST /duty/nil-reports`: the officer's township, today. */
export const NilReportRequest = z.object({
  note: z.string().trim().max(500, '最多 500 个字符').optional(),
});
export type NilReportRequest = z.infer<typeof NilReportRequest>;

/** `GET /duty/daily-report?date=&regionCode=` → .docx 值班日报. */
export const DailyReportQuery = z.object({ date: day.optional(), regionCode: regionCode.optional() });
export type DailyReportQuery = z.infer<typeof DailyReportQuery>;
