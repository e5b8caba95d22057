/**
 * The command SMS notices (issue #6, 短信通知): what was texted about an incident — the HQ's 叫应 and its ladder,
 * reporting-deadline reminders and escalations, dispatched tasks, published situation reports — with the
 * state of each SMS, for the workspace's ack board. `GET /incidents/:id/notices`.
 */
import { z } from 'zod';

const isoTime = z.string().describe('ISO 8601');

export const COMMAND_NOTICE_KINDS = [
  'activation',
  'ack_resend',
  'ack_escalation',
  'deadline_overdue',
  'deadline_warn',
  'nil_chase',
  'task',
  'sitrep',
] as const;
export type CommandNoticeKind = (typeof COMMAND_NOTICE_KINDS)[number];

export const COMMAND_NOTICE_KIND_LABELS: Record<CommandNoticeKind, string> = {
  activation: '启动叫应',
  ack_resend: '再次叫应',
  ack_escalation: '叫应升级',
  deadline_overdue: '报送超时',
  deadline_warn: '报送到期提醒',
  nil_chase: '报平安催报',
  task: '任务下达',
  sitrep: '态势报告',
};

/** queued (waiting) → sending → sent; failed (retrying while `nextAttemptAt`, else given up); skipped. */
export const COMMAND_NOTICE_STATES = ['queued', 'sending', 'sent', 'failed', 'skipped'] as const;
export type CommandNoticeState = (typeof COMMAND_NOTICE_STATES)[number];

export const COMMAND_NOTICE_STATE_LABELS: Record<CommandNoticeState, string> = {
  queued: '待发送',
  sending: '发送中',
  sent: '已发送',
  failed: '发送失败',
  skipped: '未发送',
};

export const CommandNoticeView = z.object({
  id: z.string(),
  incidentId: z.string().nullable(),
  kind: z.enum(COMMAND_NOTICE_KINDS),
  /** The 叫应 row (incident_acks) an ack notice is about. */
  ackId: z.string().nullable(),
  recipientName: z.string(),
  /** Masked (139****0001). */
  phone: z.string(),
  text: z.string(),
  state: z.enum(COMMAND_NOTICE_STATES),
  attempts: z.number().int(),
  /** The next retry of a failed one; null when given up or done. */
  nextAttemptAt: isoTime.nullable(),
  lastError: z.string().nullable(),
  sentAt: isoTime.nullable(),
  createdAt: isoTime,
});
export type CommandNoticeView = z.infer<typeof CommandNoticeView>;

export const CommandNoticeList = z.object({ items: z.array(CommandNoticeView) });
export type CommandNoticeList = z.infer<typeof CommandNoticeList>;
