/**
 * Request/response schemas of the response side of 一盘棋 (issue #6 parts 5–8): plan suggestions and activation
 * with the HQ's 叫应, dispatched tasks and their feedback, supply allocations (调拨), resource recommendation,
 * impact analysis and situation reports (态势). Shared by the server (validation + OpenAPI) and the web.
 * Times are ISO 8601 strings (UTC `Z` from the server).
 */
import { z } from 'zod';
import { CALL_STEPS } from '../warning/call-response.ts';
import { FIELD_PHOTO_MAX_COUNT, FieldPhoto } from './api-incidents.ts';
import { RESPONSE_LEVELS } from './grading.ts';
import { TASK_ACTIONS, TASK_STATES } from './dispatch.ts';

const isoTime = z.string().describe('ISO 8601');
const uuid = z.uuid('须为有效的 ID');
const lon = z.number().finite().min(-180, '经度须在 -180 到 180 之间').max(180, '经度须在 -180 到 180 之间');
const lat = z.number().finite().min(-90, '纬度须在 -90 到 90 之间').max(90, '纬度须在 -90 到 90 之间');
const text = (max: number) => z.string().trim().max(max, `最多 ${max} 个字符`);
const required = (max: number) => text(max).min(1, '不能为空');

// ---- plans and activation (启动预案, 叫应) ----

export const PlanLevelView = z.object({
  /** Ⅰ–Ⅳ (the plan's `Ⅰ级` without the 级). */
  level: z.enum(RESPONSE_LEVELS),
  trigger: z.string(),
  actions: z.string(),
  /** HQ members called at this level. */
  hqMembers: z.number().int(),
});
export type PlanLevelView = z.infer<typeof PlanLevelView>;

export const PlanSuggestion = z.object({
  planId: z.string(),
  name: z.string(),
  /** 总体 / 专项 / 部门 / 企业 / 现场处置 */
  type: z.string(),
  owner: z.string(),
  hazardTypes: z.array(z.string()),
  /** Higher first: hazard type match, then plan type. */
  score: z.number(),
  /** Why it is suggested (Chinese). */
  why: z.string(),
  levels: z.array(PlanLevelView),
  /** HQ members of the plan (all levels). */
  hqMembers: z.number().int(),
});
export type PlanSuggestion = z.infer<typeof PlanSuggestion>;

export const PlanSuggestionsView = z.object({
  items: z.array(PlanSuggestion),
  /** A level to consider for the incident's grade (特别重大 → Ⅰ …); the level is the commander's decision. */
  levelHint: z.enum(RESPONSE_LEVELS).nullable(),
});
export type PlanSuggestionsView = z.infer<typeof PlanSuggestionsView>;

export const ActivateRequest = z
  .object({
    planId: uuid,
    level: z.enum(RESPONSE_LEVELS, { error: '响应级别应为 Ⅰ、Ⅱ、Ⅲ 或 Ⅳ' }),
    reason: required(1000),
  })
  .strict();
export type ActivateRequest = z.infer<typeof ActivateRequest>;

export const ACK_ANSWER_CHANNELS = ['link', 'app', 'phone', 'on_behalf'] as const;
export type AckAnswerChannel = (typeof ACK_ANSWER_CHANNELS)[number];

export const AckView = z.object({
  id: z.string(),
  personName: z.string(),
  role: z.string(),
  unitName: z.string().nullable(),
  /** Masked (139****0001). */
  phone: z.string().nullable(),
  /** The last 叫应 step taken (domain `CALL_STEPS`). */
  step: z.enum(CALL_STEPS),
  /** When the next step falls due; null once answered or every step is taken. */
  dueAt: isoTime.nullable(),
  answeredAt: isoTime.nullable(),
  answerChannel: z.string().nullable(),
  /** Not answered and past its due time. */
  overdue: z.boolean(),
});
export type AckView = z.infer<typeof AckView>;

export const ActivationView = z.object({
  id: z.string(),
  incidentId: z.string(),
  planId: z.string(),
  planName: z.string(),
  level: z.enum(RESPONSE_LEVELS),
  reason: z.string(),
  decidedByName: z.string(),
  decidedAt: isoTime,
  endedAt: isoTime.nullable(),
  acks: z.array(AckView),
  /** Tasks created from the level's actions. */
  taskCount: z.number().int(),
});
export type ActivationView = z.infer<typeof ActivationView>;

const ackToken = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, '链接无效');

/** The public answer page `/hq-ack/:token` (no login). */
export const HqAckAnswerRequest = z.object({ token: ackToken }).strict();
export type HqAckAnswerRequest = z.infer<typeof HqAckAnswerRequest>;

export const HqAckAnswerView = z.object({
  incidentTitle: z.string(),
  personName: z.string(),
  answeredAt: isoTime,
});
export type HqAckAnswerView = z.infer<typeof HqAckAnswerView>;

/** Answer a 叫应 in the app: the person themselves, or someone with incident:write on their behalf (note required). */
export const AnswerAckRequest = z
  .object({
    via: z.enum(['app', 'phone']).default('app'),
    note: text(500).optional(),
  })
  .strict();
export type AnswerAckRequest = z.infer<typeof AnswerAckRequest>;

// ---- tasks (调度指令) ----

export const TASK_ASSIGNEE_KINDS = ['team', 'org_unit', 'township', 'user'] as const;
export type TaskAssigneeKind = (typeof TASK_ASSIGNEE_KINDS)[number];
export const TASK_ASSIGNEE_KIND_LABELS: Record<TaskAssigneeKind, string> = {
  team: '救援队伍',
  org_unit: '部门单位',
  township: '乡镇',
  user: '个人',
};

export const CreateTaskRequest = z
  .object({
    title: required(200),
    detail: text(2000).optional(),
    assigneeKind: z.enum(TASK_ASSIGNEE_KINDS, { error: '承办方类型应为 team、org_unit、township 或 user' }),
    /** rescue-teams record id, org unit id, township region code, or user id. */
    assigneeId: required(64),
    dueAt: z.iso.datetime({ offset: true, error: '须为带时区的 ISO 8601 时间' }).optional(),
  })
  .strict();
export type CreateTaskRequest = z.infer<typeof CreateTaskRequest>;

export const TaskListQuery = z.object({ state: z.enum(TASK_STATES).optional() });
export type TaskListQuery = z.infer<typeof TaskListQuery>;

export const TaskView = z.object({
  id: z.string(),
  incidentId: z.string(),
  incidentTitle: z.string(),
  activationId: z.string().nullable(),
  title: z.string(),
  detail: z.string().nullable(),
  assigneeKind: z.enum(TASK_ASSIGNEE_KINDS),
  assigneeId: z.string(),
  assigneeName: z.string(),
  state: z.enum(TASK_STATES),
  dueAt: isoTime.nullable(),
  overdue: z.boolean(),
  createdByName: z.string(),
  createdAt: isoTime,
  updatedAt: isoTime,
  readAt: isoTime.nullable(),
  completedAt: isoTime.nullable(),
  returnedReason: z.string().nullable(),
  version: z.number().int(),
  feedbackCount: z.number().int(),
  /** What this actor may do now. */
  actions: z.array(z.enum(TASK_ACTIONS)),
});
export type TaskView = z.infer<typeof TaskView>;

export const FeedbackView = z.object({
  id: z.string(),
  taskId: z.string(),
  at: isoTime,
  actorName: z.string(),
  text: z.string(),
  /** incident_files ids: GET /incident-files/:id */
  photoIds: z.array(z.string()),
  lon: z.number().nullable(),
  lat: z.number().nullable(),
});
export type FeedbackView = z.infer<typeof FeedbackView>;

export const TaskDetail = TaskView.extend({ feedback: z.array(FeedbackView) });
export type TaskDetail = z.infer<typeof TaskDetail>;

export const TaskActionRequest = z
  .object({
    action: z.enum(TASK_ACTIONS),
    /** The version the actor saw (409 when stale). */
    version: z.number().int().min(1),
    /** Feedback text (required for `feedback`). */
    text: text(2000).optional(),
    /** Required for `return` and `reject_feedback`. */
    reason: text(500).optional(),
    lon: lon.optional(),
    lat: lat.optional(),
    /** As field-report photos (≤ 3, ≤ 1.5 MB each decoded). */
    photos: z.array(FieldPhoto).max(FIELD_PHOTO_MAX_COUNT, `最多 ${FIELD_PHOTO_MAX_COUNT} 张照片`).optional(),
    /** `redispatch` to another assignee (default: the same). */
    assigneeKind: z.enum(TASK_ASSIGNEE_KINDS).optional(),
    assigneeId: text(64).min(1).optional(),
    dueAt: z.iso.datetime({ offset: true, error: '须为带时区的 ISO 8601 时间' }).optional(),
  })
  .strict();
export type TaskActionRequest = z.infer<typeof TaskActionRequest>;

// ---- allocations (物资调拨) ----

export const AllocateRequest = z
  .object({
    warehouseId: uuid,
    lines: z
      .array(
        z
          .object({
            itemCode: required(40),
            quantity: z.number().finite().positive('调拨数量须大于 0'),
          })
          .strict(),
      )
      .min(1, '至少需要一条调拨明细')
      .max(100, '最多 100 条明细'),
    destination: required(200),
    taskId: uuid.optional(),
  })
  .strict();
export type AllocateRequest = z.infer<typeof AllocateRequest>;

export const ALLOCATION_STATES = ['allocated', 'shipped', 'arrived'] as const;
export type AllocationState = (typeof ALLOCATION_STATES)[number];
export const ALLOCATION_STATE_LABELS: Record<AllocationState, string> = {
  allocated: '已调拨',
  shipped: '已发运',
  arrived: '已到达',
};

export const AllocationStepRequest = z.object({ note: text(500).optional() }).strict();
export type AllocationStepRequest = z.infer<typeof AllocationStepRequest>;

export const AllocationView = z.object({
  id: z.string(),
  incidentId: z.string(),
  taskId: z.string().nullable(),
  warehouseId: z.string(),
  warehouseName: z.string(),
  lines: z.array(
    z.object({ itemCode: z.string(), itemName: z.string(), unit: z.string(), quantity: z.number() }),
  ),
  destination: z.string(),
  state: z.enum(ALLOCATION_STATES),
  createdByName: z.string(),
  createdAt: isoTime,
  shippedAt: isoTime.nullable(),
  arrivedAt: isoTime.nullable(),
  note: z.string().nullable(),
  /** stock_movements voucher of the stock-out. */
  voucher: z.string(),
});
export type AllocationView = z.infer<typeof AllocationView>;

// ---- resource recommendation (资源推荐) ----

export const RecommendNeedsSchema = z
  .object({
    teamSpecialties: z.array(required(40)).max(20).optional(),
    supplyItems: z
      .array(
        z
          .object({ item: required(40), quantity: z.number().finite().positive('须大于 0').optional() })
          .strict(),
      )
      .max(50)
      .optional(),
    expertSpecialties: z.array(required(40)).max(20).optional(),
    shelterPeople: z.number().int('须为正整数').positive('须为正整数').optional(),
    medical: z.boolean().optional(),
  })
  .strict();
export type RecommendNeedsInput = z.infer<typeof RecommendNeedsSchema>;

export const RecommendRequest = z
  .object({
    needs: RecommendNeedsSchema,
    limit: z.number().int().min(1).max(100).optional(),
    maxDistanceKm: z.number().finite().positive('须大于 0').optional(),
    /** Default: the incident's location. */
    lon: lon.optional(),
    lat: lat.optional(),
  })
  .strict();
export type RecommendRequest = z.infer<typeof RecommendRequest>;

/** `POST /command/recommend`: for a point. */
export const PointRecommendRequest = RecommendRequest.extend({ lon, lat });
export type PointRecommendRequest = z.infer<typeof PointRecommendRequest>;

export const ResourceMatchView = z.object({
  id: z.string(),
  name: z.string(),
  lon: z.number().nullable(),
  lat: z.number().nullable(),
  /** Straight-line km; null for an expert without a location. */
  distanceKm: z.number().nullable(),
  /** Estimated minutes (pluggable estimator; straight line ÷ speed for now). */
  travelMinutes: z.number().nullable(),
  phone: z.string().nullable(),
});
export type ResourceMatchView = z.infer<typeof ResourceMatchView>;

export const RecommendView = z.object({
  center: z.object({ lon: z.number(), lat: z.number() }),
  teams: z.array(
    z.object({
      specialty: z.string(),
      matches: z.array(
        ResourceMatchView.extend({
          specialties: z.array(z.string()),
          readiness: z.string(),
          headcount: z.number().nullable(),
        }),
      ),
    }),
  ),
  supplies: z.array(
    z.object({
      item: z.string(),
      itemName: z.string(),
      unit: z.string(),
      needed: z.number().nullable(),
      available: z.number(),
      shortfall: z.number(),
      matches: z.array(ResourceMatchView.extend({ quantity: z.number() })),
    }),
  ),
  experts: z.array(
    z.object({
      specialty: z.string(),
      matches: z.array(ResourceMatchView.extend({ specialties: z.array(z.string()) })),
    }),
  ),
  shelters: z
    .object({
      people: z.number(),
      free: z.number(),
      shortfall: z.number(),
      matches: z.array(ResourceMatchView.extend({ capacity: z.number(), free: z.number() })),
    })
    .nullable(),
  medical: z.array(ResourceMatchView.extend({ category: z.string().nullable() })).nullable(),
  /** Where medical facilities come from (the ledger has no hospital registry: crowded places of category 医院). */
  sources: z.object({ medical: z.string() }),
  /** Resources in the index and when it was built. */
  index: z.object({ size: z.number().int(), builtAt: isoTime }),
});
export type RecommendView = z.infer<typeof RecommendView>;

// ---- impact analysis (影响分析) ----

export const ImpactRequest = z
  .object({
    radiusKm: z.number().finite().min(0.1, '半径不小于 0.1 km').max(50, '半径不超过 50 km'),
    lon: lon.optional(),
    lat: lat.optional(),
    /** Record the result as a timeline `impact` entry (needs incident:write). */
    record: z.boolean().optional(),
  })
  .strict();
export type ImpactRequest = z.infer<typeof ImpactRequest>;

export const ImpactItem = z.object({
  id: z.string(),
  name: z.string(),
  /** registry key or category (enterprises, hazard-sources, geo-hazards, 学校, 医院…). */
  kind: z.string(),
  lon: z.number(),
  lat: z.number(),
  distanceKm: z.number(),
  grade: z.string().nullable().optional(),
});
export type ImpactItem = z.infer<typeof ImpactItem>;

export const ImpactVillage = z.object({
  code: z.string(),
  name: z.string(),
  township: z.string().nullable(),
  population: z.number().int().nullable(),
  distanceKm: z.number(),
});
export type ImpactVillage = z.infer<typeof ImpactVillage>;

export const ImpactView = z.object({
  center: z.object({ lon: z.number(), lat: z.number() }),
  radiusKm: z.number(),
  villages: z.array(ImpactVillage),
  population: z.object({ total: z.number().int(), villagesWithoutFigure: z.number().int() }),
  enterprises: z.array(ImpactItem),
  hazardSources: z.array(ImpactItem),
  hazardPoints: z.array(ImpactItem),
  schools: z.array(ImpactItem),
  hospitals: z.array(ImpactItem),
  crowdedPlaces: z.array(ImpactItem),
  resources: z.object({
    teams: z.array(ImpactItem),
    warehouses: z.array(ImpactItem),
    shelters: z.array(ImpactItem),
  }),
  /** Timeline seq when recorded. */
  recordedSeq: z.number().int().nullable(),
});
export type ImpactView = z.infer<typeof ImpactView>;

// ---- situation reports (态势报告) ----

export const SITREP_STATES = ['draft', 'approved', 'published'] as const;
export type SitrepState = (typeof SITREP_STATES)[number];
export const SITREP_STATE_LABELS: Record<SitrepState, string> = {
  draft: '草稿',
  approved: '已审核',
  published: '已发布',
};

export const SitrepContent = z
  .object({
    title: required(200),
    /** The whole text (编辑后的正文). */
    body: required(20_000),
    /** Figure label → value at compile time (死亡 2 人…). */
    figures: z.record(z.string(), z.number()),
    grade: z.string().nullable(),
    responseLevel: z.string().nullable(),
    tasks: z.object({ open: z.number().int(), done: z.number().int(), overdue: z.number().int() }),
    allocations: z.number().int(),
    reportsFiled: z.number().int(),
    nextSteps: text(5000),
  })
  .strict();
export type SitrepContent = z.infer<typeof SitrepContent>;

export const CompileSitrepRequest = z
  .object({
    /** Extra text (研判意见, 下步工作) put at the end of the body and as next steps. */
    text: text(5000).optional(),
  })
  .strict();
export type CompileSitrepRequest = z.infer<typeof CompileSitrepRequest>;

export const UpdateSitrepRequest = z.object({ content: SitrepContent }).strict();
export type UpdateSitrepRequest = z.infer<typeof UpdateSitrepRequest>;

export const SitrepView = z.object({
  id: z.string(),
  incidentId: z.string(),
  n: z.number().int(),
  state: z.enum(SITREP_STATES),
  content: SitrepContent,
  compiledByName: z.string(),
  compiledAt: isoTime,
  approvedByName: z.string().nullable(),
  approvedAt: isoTime.nullable(),
  publishedAt: isoTime.nullable(),
});
export type SitrepView = z.infer<typeof SitrepView>;
