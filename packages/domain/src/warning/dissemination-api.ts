/**
 * Request/response schemas of warning dissemination (issue #5 parts 5–7): delivery progress and coverage,
 * the delivery list, the 叫应 board and answers, gateway callbacks, the in-app inbox, the public SMS list
 * (预警信息接收名单) and the village loudspeakers (大喇叭). Shared by the server (validation + OpenAPI) and
 * the web.
 */
import { z } from 'zod';
import { CALL_STEPS } from './call-response.ts';
import { DELIVERY_STATES, WARNING_AUDIENCES, WARNING_CHANNELS } from './dissemination.ts';

const isoTime = z.string().describe('ISO 8601');
const regionCode = z.string().regex(/^\d{6,12}$/, '区划代码应为 6–12 位数字');

/** delivered / targeted of one slice (公众覆盖率 when the slice is the public audience). */
export const CoverView = z.object({
  targeted: z.number().int(),
  delivered: z.number().int(),
  failed: z.number().int(),
  pending: z.number().int(),
  /** delivered / targeted, 0–1; null when nothing was targeted. */
  rate: z.number().nullable(),
});
export type CoverView = z.infer<typeof CoverView>;

export const FANOUT_STATES = ['pending', 'running', 'done'] as const;
export type FanoutState = (typeof FANOUT_STATES)[number];

export const WarningProgress = z.object({
  warningId: z.string(),
  fanout: z.object({ state: z.enum(FANOUT_STATES), recipients: z.number().int() }),
  coverage: z.object({
    overall: CoverView,
    /** The public audience only: the plan's 公众覆盖率. */
    public: CoverView,
    byTownship: z.array(CoverView.extend({ townshipCode: z.string(), townshipName: z.string() })),
    byChannel: z.array(CoverView.extend({ channel: z.enum(WARNING_CHANNELS) })),
  }),
  byState: z.record(z.enum(DELIVERY_STATES), z.number().int()),
  byChannel: z.array(
    z.object({
      channel: z.enum(WARNING_CHANNELS),
      byState: z.record(z.enum(DELIVERY_STATES), z.number().int()),
    }),
  ),
  /** Deliveries sent in the last 10 s, per second. */
  ratePerSecond: z.number(),
});
export type WarningProgress = z.infer<typeof WarningProgress>;

export const DeliveryListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  township: regionCode.optional(),
  village: regionCode.optional(),
  channel: z.enum(WARNING_CHANNELS).optional(),
  audience: z.enum(WARNING_AUDIENCES).optional(),
  state: z.enum(DELIVERY_STATES).optional(),
});
export type DeliveryListQuery = z.infer<typeof DeliveryListQuery>;

export const DeliveryView = z.object({
  id: z.number().int(),
  channel: z.enum(WARNING_CHANNELS),
  audience: z.enum(WARNING_AUDIENCES),
  recipientKey: z.string(),
  recipientName: z.string().nullable(),
  /** Phone numbers of the public are masked (199****0001). */
  address: z.string().nullable(),
  townshipCode: z.string().nullable(),
  villageCode: z.string().nullable(),
  state: z.enum(DELIVERY_STATES),
  attempts: z.number().int(),
  nextAttemptAt: isoTime.nullable(),
  lastError: z.string().nullable(),
  receiptId: z.string().nullable(),
  sentAt: isoTime.nullable(),
  deliveredAt: isoTime.nullable(),
});
export type DeliveryView = z.infer<typeof DeliveryView>;

export const CALL_ROLES = ['village', 'township', 'hazard_point', 'county'] as const;
export type CallRole = (typeof CALL_ROLES)[number];
export const CALL_ROLE_LABELS: Record<CallRole, string> = {
  village: '村级责任人',
  township: '乡镇责任人',
  hazard_point: '隐患点监测责任人',
  county: '县级值班',
};
export const CALL_ANSWER_CHANNELS = ['link', 'app', 'sms', 'phone'] as const;
export type CallAnswerChannel = (typeof CALL_ANSWER_CHANNELS)[number];

export const CallPersonView = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(CALL_ROLES),
  /** Masked (139****0001). */
  phone: z.string().nullable(),
  step: z.enum(CALL_STEPS),
  stepAt: isoTime,
  dueAt: isoTime.nullable(),
  answeredAt: isoTime.nullable(),
  answerChannel: z.enum(CALL_ANSWER_CHANNELS).nullable(),
  answerNote: z.string().nullable(),
  /** Not answered and past its due time. */
  overdue: z.boolean(),
});
export type CallPersonView = z.infer<typeof CallPersonView>;

const tally = { total: z.number().int(), answered: z.number().int(), overdue: z.number().int() };

export const CallBoardView = z.object({
  warningId: z.string(),
  ...tally,
  townships: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      ...tally,
      persons: z.array(CallPersonView),
      villages: z.array(
        z.object({ code: z.string(), name: z.string(), ...tally, persons: z.array(CallPersonView) }),
      ),
    }),
  ),
  /** Escalations to the county (duty officers), not tied to a township. */
  county: z.array(CallPersonView),
});
export type CallBoardView = z.infer<typeof CallBoardView>;

export const AnswerCallRequest = z.object({
  via: z.enum(['app', 'phone']).default('app'),
  note: z.string().trim().max(500).optional(),
});
export type AnswerCallRequest = z.infer<typeof AnswerCallRequest>;

const callToken = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, '链接无效');

export const PublicCallAnswerRequest = z.object({
  token: callToken,
  note: z.string().trim().max(500).optional(),
});
export type PublicCallAnswerRequest = z.infer<typeof PublicCallAnswerRequest>;

export const PublicCallParams = z.object({ token: callToken });

/** What the answer page shows (no login): the warning and whom the link is for. */
export const PublicCallView = z.object({
  personName: z.string(),
  role: z.enum(CALL_ROLES),
  answeredAt: isoTime.nullable(),
  warning: z.object({
    identifier: z.string().nullable(),
    headline: z.string(),
    hazard: z.string(),
    level: z.string(),
    instruction: z.string(),
    sentAt: isoTime.nullable(),
    expiresAt: isoTime,
  }),
});
export type PublicCallView = z.infer<typeof PublicCallView>;

/** A gateway's delivery receipts (回执). `idempotencyKey` is our delivery id. */
export const GatewayReceiptsRequest = z.object({
  receipts: z
    .array(
      z.object({
        idempotencyKey: z.string().min(1).max(100),
        receiptId: z.string().min(1).max(200).optional(),
        status: z.enum(['delivered', 'failed']),
        error: z.string().max(500).optional(),
        at: z.string().datetime({ offset: true }).optional(),
      }),
    )
    .min(1)
    .max(10_000),
});
export type GatewayReceiptsRequest = z.infer<typeof GatewayReceiptsRequest>;

export const GatewayInboundSmsRequest = z.object({
  from: z.string().trim().min(5).max(20),
  text: z.string().max(1000),
  receivedAt: z.string().datetime({ offset: true }).optional(),
});
export type GatewayInboundSmsRequest = z.infer<typeof GatewayInboundSmsRequest>;

export const GatewayAck = z.object({ accepted: z.number().int(), ignored: z.number().int() });
export type GatewayAck = z.infer<typeof GatewayAck>;

export const InboundSmsResult = z.object({
  /** `answered`: a 叫应 call was answered; `no_call`: nothing to answer for that phone; `not_an_answer`. */
  outcome: z.enum(['answered', 'no_call', 'not_an_answer']),
  callId: z.string().nullable(),
});
export type InboundSmsResult = z.infer<typeof InboundSmsResult>;

/** The in-app inbox (我的预警). */
export const MyWarningView = z.object({
  deliveryId: z.number().int(),
  warningId: z.string(),
  identifier: z.string().nullable(),
  headline: z.string(),
  hazard: z.string(),
  level: z.string(),
  msgType: z.string(),
  instruction: z.string(),
  sentAt: isoTime.nullable(),
  expiresAt: isoTime,
  state: z.enum(DELIVERY_STATES),
  receivedAt: isoTime.nullable(),
  /** The 叫应 call this account must answer, if any. */
  call: z.object({ id: z.string(), dueAt: isoTime.nullable(), answeredAt: isoTime.nullable() }).nullable(),
});
export type MyWarningView = z.infer<typeof MyWarningView>;

export const MyWarningParams = z.object({ deliveryId: z.coerce.number().int().min(1) });

export const SubscriberListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  regionCode: regionCode.optional(),
  q: z.string().trim().max(40).optional(),
});
export type SubscriberListQuery = z.infer<typeof SubscriberListQuery>;

export const SubscriberView = z.object({
  id: z.number().int(),
  /** Masked (199****0001). */
  phone: z.string(),
  name: z.string().nullable(),
  regionCode: z.string(),
  regionName: z.string(),
  source: z.string().nullable(),
  isDemo: z.boolean(),
  createdAt: isoTime,
});
export type SubscriberView = z.infer<typeof SubscriberView>;

export const CreateSubscriberRequest = z.object({
  phone: z.string().regex(/^1\d{10}$/, '应为 11 位手机号'),
  name: z.string().trim().max(50).optional(),
  regionCode: z.string().regex(/^\d{9}(\d{3})?$/, '应为乡镇（9 位）或村（12 位）区划代码'),
  source: z.string().trim().max(50).optional(),
});
export type CreateSubscriberRequest = z.infer<typeof CreateSubscriberRequest>;

export const TerminalListQuery = z.object({ regionCode: regionCode.optional() });
export const TerminalView = z.object({
  id: z.string(),
  terminalId: z.string(),
  name: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  isDemo: z.boolean(),
});
export type TerminalView = z.infer<typeof TerminalView>;

/** Live stream `warning` event (published, cancelled, progress ≤ 1/s per warning). */
export const WarningLiveEvent = z.object({
  warningId: z.string(),
  change: z.enum(['published', 'cancelled', 'progress']),
  byState: z.record(z.string(), z.number()).optional(),
});
export type WarningLiveEvent = z.infer<typeof WarningLiveEvent>;

/** Live stream `call` event (a 叫应 call answered, re-sent or escalated; or a new in-app call). */
export const CallLiveEvent = z.object({
  warningId: z.string(),
  callId: z.string(),
  change: z.enum(['answered', 'resent', 'escalated', 'called']),
});
export type CallLiveEvent = z.infer<typeof CallLiveEvent>;

/** 199****0001: public numbers are never shown whole. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}
