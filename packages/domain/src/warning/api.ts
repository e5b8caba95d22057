/**
 * The warning-issuance API (issue #5 parts 1–4, 8, 9): request and view schemas shared by the server
 * (validation, OpenAPI) and the web composer, and the jurisdiction rule of warnings.
 *
 * Times in views are ISO 8601 instants; in requests ISO 8601 with an offset. Areas are WGS84 lon/lat
 * (targeting.ts); CAP's lat,lon order appears only inside CAP documents.
 */
import { z } from 'zod';
import type { Scope } from '../access.ts';
import { isWithinRegion } from '../region.ts';
import { WarningAudienceSchema, WarningChannelSchema } from './dissemination.ts';
import { WARNING_LEVELS } from './levels.ts';
import { WarningAreaSchema } from './targeting.ts';
import { WARNING_HAZARDS } from './templates.ts';
import { WARNING_ACTIONS, WARNING_PHASES, WARNING_STATES } from './workflow.ts';

/** The CAP statuses a county warning is issued with (System and Draft are not ours to issue). */
export const WARNING_CAP_STATUSES = ['Actual', 'Exercise', 'Test'] as const;
export type WarningCapStatus = (typeof WARNING_CAP_STATUSES)[number];
export const WARNING_CAP_STATUS_LABELS: Record<WarningCapStatus, string> = {
  Actual: '正式',
  Exercise: '演练',
  Test: '测试',
};

export const WARNING_SOURCES = ['manual', 'alarm', 'weather', 'external'] as const;
export type WarningSource = (typeof WARNING_SOURCES)[number];
export const WARNING_SOURCE_LABELS: Record<WarningSource, string> = {
  manual: '人工编制',
  alarm: '监测告警',
  weather: '气象信号',
  external: '外部预警转发',
};

export const WARNING_MSG_TYPES = ['Alert', 'Update', 'Cancel'] as const;
export type WarningMsgType = (typeof WARNING_MSG_TYPES)[number];
export const WARNING_MSG_TYPE_LABELS: Record<WarningMsgType, string> = {
  Alert: '发布',
  Update: '更新',
  Cancel: '解除',
};

const Instant = z
  .string()
  .datetime({ offset: true, message: '应为带时区的 ISO 8601 时间，如 2026-07-01T10:00:00+08:00' });
const Text = (max: number, what: string) =>
  z.string().trim().min(1, `${what}不能为空`).max(max, `${what}不超过 ${max} 字`);
const commaList = <T extends readonly [string, ...string[]]>(values: T) =>
  // A query string's `a,b` — or the array it became when the route already parsed it.
  z
    .union([z.string().transform((s) => s.split(',').filter(Boolean)), z.array(z.string())])
    .pipe(z.array(z.enum(values)));

/** The optional English info block (CAP info language en-US). */
export const WarningEnglishText = z.object({
  headline: Text(200, '英文标题'),
  description: Text(4000, '英文描述'),
  instruction: Text(4000, '英文防御指南'),
});
export type WarningEnglishText = z.infer<typeof WarningEnglishText>;

// ---------------------------------------------------------------------------------------------------
// Requests

export const WarningListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  state: commaList(WARNING_STATES)
    .optional()
    .describe('逗号分隔：draft,in_review,awaiting_signoff,published,rejected'),
  phase: z
    .enum(WARNING_PHASES)
    .optional()
    .describe('已发布消息的状态：active 生效中、superseded、cancelled、expired'),
  hazard: z.enum(WARNING_HAZARDS).optional(),
  level: commaList(WARNING_LEVELS).optional().describe('逗号分隔：blue,yellow,orange,red'),
  msgType: z.enum(WARNING_MSG_TYPES).optional(),
  q: z.string().trim().max(100).optional().describe('标题、标识'),
});
export type WarningListQuery = z.infer<typeof WarningListQuery>;

/** What a new draft is made from (besides by hand). */
export const WarningFrom = z.union([
  z.object({ alarmId: z.string().uuid('告警 ID 无效') }).strict(),
  z.object({ externalId: z.string().uuid('外部预警 ID 无效') }).strict(),
  z
    .object({
      weather: z.object({ townshipCode: z.string().regex(/^\d{9}$/, '应为 9 位乡镇代码') }).strict(),
    })
    .strict(),
]);
export type WarningFrom = z.infer<typeof WarningFrom>;

const DraftFields = {
  hazard: z.enum(WARNING_HAZARDS),
  level: z.enum(WARNING_LEVELS),
  capStatus: z.enum(WARNING_CAP_STATUSES),
  area: WarningAreaSchema,
  audiences: z.array(WarningAudienceSchema).min(1, '至少选择一类接收对象'),
  channels: z.array(WarningChannelSchema).min(1, '至少选择一个发布渠道'),
  effectiveAt: Instant,
  onsetAt: Instant.nullable(),
  expiresAt: Instant,
  headline: Text(200, '标题'),
  description: Text(4000, '描述'),
  instruction: Text(4000, '防御指南'),
  /** Refines the event word (required sense for hazard `other`), e.g. 交通事故. */
  eventName: Text(50, '事件名称').nullable(),
  /** The English block: given, generated (`true`) or none (`null`/`false`). */
  infoEn: z.union([WarningEnglishText, z.boolean()]).nullable(),
};

/**
 * A new draft. By hand: hazard, level and area are required. From an alarm, a weather signal or an external
 * warning they default to the source's. The expiry is always required (issue #5 part 3). Text left out is
 * composed from the template (`composeWarningText`).
 */
export const CreateWarningRequest = z
  .object({
    from: WarningFrom.optional(),
    ...DraftFields,
    capStatus: DraftFields.capStatus.default('Actual'),
    audiences: DraftFields.audiences.default(['public', 'responsible']),
    channels: DraftFields.channels.default(['sms', 'broadcast', 'app']),
    /** Jurisdiction (the county, or a township); default: the caller's. */
    regionCode: z
      .string()
      .regex(/^(\d{6}|\d{9})$/, '应为县或乡镇代码')
      .optional(),
  })
  // expiresAt is required all the same: the service lists it as a problem unless the source gives one.
  .partial({ hazard: true, level: true, area: true, effectiveAt: true, onsetAt: true, expiresAt: true })
  .partial({ headline: true, description: true, instruction: true, eventName: true, infoEn: true })
  .strict();
export type CreateWarningRequest = z.input<typeof CreateWarningRequest>;

/** Changes to a draft (only while 草稿). Hazard/level/area changed without new text → the text is re-composed. */
export const UpdateWarningRequest = z
  .object({ ...DraftFields, recompose: z.boolean() })
  .partial()
  .strict();
export type UpdateWarningRequest = z.input<typeof UpdateWarningRequest>;

export const WarningActionBody = z
  .object({
    action: z.enum(WARNING_ACTIONS),
    reason: z.string().trim().max(1000, '原因不超过 1000 字').optional(),
  })
  .strict();
export type WarningActionBody = z.infer<typeof WarningActionBody>;

/** An Update of a published warning (the reason is optional), or its Cancel (reason required). */
export const WarningChainRequest = z
  .object({ reason: z.string().trim().max(1000, '原因不超过 1000 字').optional() })
  .strict();
export type WarningChainRequest = z.infer<typeof WarningChainRequest>;

export const WarningPreviewRequest = z
  .object({
    hazard: DraftFields.hazard,
    level: DraftFields.level,
    capStatus: DraftFields.capStatus.default('Actual'),
    area: DraftFields.area,
    audiences: DraftFields.audiences.default(['public', 'responsible']),
    channels: DraftFields.channels.default(['sms', 'broadcast', 'app']),
    effectiveAt: Instant.optional(),
    expiresAt: Instant.optional(),
    eventName: DraftFields.eventName.optional(),
  })
  .strict();
export type WarningPreviewRequest = z.input<typeof WarningPreviewRequest>;

// ---------------------------------------------------------------------------------------------------
// Views

export const TownshipTargetView = z.object({
  code: z.string(),
  name: z.string(),
  whole: z.boolean(),
  villages: z.number().int(),
  population: z.number(),
  populationKnown: z.boolean(),
});

export const WarningTargetsView = z.object({
  townshipCodes: z.array(z.string()),
  villageCodes: z.array(z.string()),
  estimatedPopulation: z.number(),
  populationKnown: z.boolean(),
  byTownship: z.array(TownshipTargetView),
});
export type WarningTargetsView = z.infer<typeof WarningTargetsView>;

export const WarningText = z.object({
  headline: z.string(),
  description: z.string(),
  instruction: z.string(),
  event: z.string(),
});

export const WarningView = z.object({
  id: z.string().uuid(),
  chainId: z.string().uuid(),
  identifier: z.string().nullable(),
  msgType: z.enum(WARNING_MSG_TYPES),
  capStatus: z.enum(WARNING_CAP_STATUSES),
  state: z.enum(WARNING_STATES),
  /** For a published message: still in force, superseded, cancelled or expired; null before. */
  phase: z.enum(WARNING_PHASES).nullable(),
  hazard: z.enum(WARNING_HAZARDS),
  level: z.enum(WARNING_LEVELS),
  headline: z.string(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  source: z.enum(WARNING_SOURCES),
  sourceRef: z.string().nullable(),
  townships: z.number().int(),
  estimatedPopulation: z.number(),
  effectiveAt: z.string(),
  expiresAt: z.string(),
  sentAt: z.string().nullable(),
  authorId: z.string().nullable(),
  authorName: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WarningView = z.infer<typeof WarningView>;

export const WarningChainEntry = z.object({
  id: z.string().uuid(),
  identifier: z.string().nullable(),
  msgType: z.enum(WARNING_MSG_TYPES),
  state: z.enum(WARNING_STATES),
  sentAt: z.string().nullable(),
});

export const WarningHistoryEntry = z.object({
  at: z.string(),
  action: z.string(),
  actorName: z.string(),
  details: z.unknown(),
});

export const WarningProblem = z.object({ path: z.string(), message: z.string() });

export const WarningDetail = WarningView.extend({
  description: z.string(),
  instruction: z.string(),
  infoEn: WarningEnglishText.nullable(),
  area: WarningAreaSchema,
  targets: WarningTargetsView,
  audiences: z.array(WarningAudienceSchema),
  channels: z.array(WarningChannelSchema),
  onsetAt: z.string().nullable(),
  references: z.string().nullable(),
  reviewedByName: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  signedByName: z.string().nullable(),
  returnReason: z.string().nullable(),
  supersededById: z.string().nullable(),
  supersededAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  chain: z.array(WarningChainEntry),
  history: z.array(WarningHistoryEntry),
  /** Workflow actions the caller may take now (checkWarningAction says no problem). */
  allowedActions: z.array(z.enum(WARNING_ACTIONS)),
  /** The caller may edit (PATCH/DELETE) this draft. */
  canEdit: z.boolean(),
  /** Whether an Update or Cancel of this chain may be drafted from it (the chain's latest, published, in force). */
  canUpdate: z.boolean(),
  /** Why the message would not pass validation at sign-off (empty once published). */
  problems: z.array(WarningProblem),
});
export type WarningDetail = z.infer<typeof WarningDetail>;

export const WarningRecipientCount = z.object({
  audience: WarningAudienceSchema,
  channel: WarningChannelSchema,
  count: z.number().int(),
});

export const WarningPreviewView = z.object({
  text: WarningText,
  targets: WarningTargetsView,
  /** Recipients per audience and channel; null when the count is not available. */
  recipients: z.array(WarningRecipientCount).nullable(),
  capXmlPreview: z.string(),
  problems: z.array(WarningProblem),
});
export type WarningPreviewView = z.infer<typeof WarningPreviewView>;

// ---------------------------------------------------------------------------------------------------
// External CAP in

export const EXTERNAL_WARNING_STATUSES = ['received', 'relayed', 'dismissed'] as const;
export type ExternalWarningStatus = (typeof EXTERNAL_WARNING_STATUSES)[number];

export const IngestExternalWarningRequest = z.union([
  z.object({ xml: z.string().min(1, 'CAP 文档不能为空').max(2_000_000, 'CAP 文档过大') }).strict(),
  z
    .object({
      url: z
        .string()
        .url('地址无效')
        .regex(/^https?:\/\//i, '只支持 http(s) 地址'),
    })
    .strict(),
]);
export type IngestExternalWarningRequest = z.infer<typeof IngestExternalWarningRequest>;

export const ExternalWarningListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  status: z.enum(EXTERNAL_WARNING_STATUSES).optional(),
});
export type ExternalWarningListQuery = z.infer<typeof ExternalWarningListQuery>;

export const GeoJsonFeatureCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      geometry: z.unknown(),
      properties: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
});
export type GeoJsonFeatureCollection = z.infer<typeof GeoJsonFeatureCollection>;

export const ExternalWarningView = z.object({
  id: z.string().uuid(),
  identifier: z.string(),
  sender: z.string(),
  sentAt: z.string(),
  msgType: z.string(),
  capStatus: z.string(),
  headline: z.string().nullable(),
  event: z.string().nullable(),
  level: z.enum(WARNING_LEVELS).nullable(),
  effectiveAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  areaGeojson: GeoJsonFeatureCollection.nullable(),
  sourceUrl: z.string().nullable(),
  status: z.enum(EXTERNAL_WARNING_STATUSES),
  relayedWarningId: z.string().nullable(),
  regionCode: z.string(),
  receivedAt: z.string(),
});
export type ExternalWarningView = z.infer<typeof ExternalWarningView>;

export const ExternalWarningDetail = ExternalWarningView.extend({
  alert: z.unknown(),
  xml: z.string(),
});
export type ExternalWarningDetail = z.infer<typeof ExternalWarningDetail>;

export const IngestExternalWarningResult = z.object({
  /** False when the same (sender, identifier) was received before: that record is answered, unchanged. */
  created: z.boolean(),
  warning: ExternalWarningView,
});
export type IngestExternalWarningResult = z.infer<typeof IngestExternalWarningResult>;

export const RelayExternalWarningRequest = z
  .object({
    hazard: DraftFields.hazard,
    level: DraftFields.level,
    capStatus: DraftFields.capStatus,
    audiences: DraftFields.audiences,
    channels: DraftFields.channels,
    expiresAt: Instant,
  })
  .partial()
  .strict();
export type RelayExternalWarningRequest = z.infer<typeof RelayExternalWarningRequest>;

// ---------------------------------------------------------------------------------------------------
// Public side (no login)

export const PublicWarningView = z.object({
  identifier: z.string(),
  msgType: z.enum(WARNING_MSG_TYPES),
  hazard: z.enum(WARNING_HAZARDS),
  hazardName: z.string(),
  level: z.enum(WARNING_LEVELS),
  levelName: z.string(),
  headline: z.string(),
  description: z.string(),
  /** 防御指南 */
  guidance: z.string(),
  senderName: z.string(),
  sentAt: z.string(),
  effectiveAt: z.string(),
  expiresAt: z.string(),
  areaNames: z.array(z.string()),
  /** Townships' zones and the drawn shapes, WGS84. */
  area: GeoJsonFeatureCollection,
  capUrl: z.string(),
  nationalUrl: z.string(),
});
export type PublicWarningView = z.infer<typeof PublicWarningView>;

export const PublicWarningList = z.object({
  /** When the list was made (ISO). */
  updated: z.string(),
  items: z.array(PublicWarningView),
});
export type PublicWarningList = z.infer<typeof PublicWarningList>;

export const WarningIdentifierParams = z.object({
  identifier: z.string().regex(/^[0-9A-Za-z_.-]{1,100}$/, '预警标识无效'),
});

// ---------------------------------------------------------------------------------------------------
// Jurisdiction

/** What the jurisdiction rule reads of a warning. */
export interface ScopedWarning {
  regionCode: string;
  state: string;
  authorId: string | null;
  targets: { townshipCodes: readonly string[]; villageCodes: readonly string[] };
}

/**
 * Who sees a warning (issue #5 part 3, our rule): a county or township account sees the warnings of its
 * jurisdiction (drafts included); a township or village account also sees published warnings that target
 * its township or village; anyone sees their own drafts; a department account sees published county
 * warnings and its own drafts. Enterprise accounts read no warnings here (their deliveries reach them).
 */
export function isWarningVisible(scope: Scope, actorId: string, w: ScopedWarning): boolean {
  if (w.authorId !== null && w.authorId === actorId) return true;
  const published = w.state === 'published';
  switch (scope.level) {
    case 'county':
    case 'township':
    case 'village':
      if (isWithinRegion(w.regionCode, scope.regionCode)) return true;
      if (!published) return false;
      return (
        w.targets.townshipCodes.some((c) => isWithinRegion(scope.regionCode, c)) ||
        w.targets.villageCodes.some((c) => isWithinRegion(c, scope.regionCode))
      );
    case 'department':
      return published && isWithinRegion(w.regionCode, scope.regionCode.slice(0, 6));
    case 'enterprise':
      return false;
  }
}
