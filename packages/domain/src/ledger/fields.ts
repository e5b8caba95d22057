/**
 * Declarative registries of the county ledger (一张表). A registry is a list of typed fields plus what every
 * record has (name, township/village, location, owning enterprise); from it come the request and view
 * schemas (server validation, OpenAPI, web forms), the spreadsheet columns, the list columns and filters.
 * Records whose rules need more than field checks (GB 18218 grading, LEC) derive their results with a
 * pure `derive` function, so the same numbers appear in the API, the CLI, the exports and the map.
 */
import { z } from 'zod';
import { Phone } from '../api.ts';
import type { ErrorDetail } from '../errors.ts';
import type { LecConfig } from '../calc/lec.ts';
import type { MajorHazardConfig } from '../calc/major-hazard.ts';

export interface Label {
  zh: string;
  en: string;
}

interface FieldBase extends Label {
  key: string;
  required?: boolean;
  /** Shown as a column of the list (the name and the township always are). */
  list?: boolean;
  /** Offered as a filter of the list (enum, multi and bool fields). */
  filter?: boolean;
  /** Included in the free-text search. */
  search?: boolean;
  /** A short hint shown under the form input. */
  hint?: string;
}

export type ScalarField =
  | (FieldBase & { type: 'text'; max?: number })
  | (FieldBase & { type: 'textarea'; max?: number })
  | (FieldBase & { type: 'int'; min?: number; max?: number; unit?: string })
  /** `choices`: only these values (the LEC scores), offered as a select. */
  | (FieldBase & { type: 'number'; min?: number; max?: number; unit?: string; choices?: readonly number[] })
  | (FieldBase & { type: 'enum'; options: readonly string[] })
  | (FieldBase & { type: 'multi'; options: readonly string[] })
  | (FieldBase & { type: 'date' })
  | (FieldBase & { type: 'phone' })
  | (FieldBase & { type: 'bool' })
  /** A record of another registry (by id), e.g. a geological hazard point's assigned shelter. */
  | (FieldBase & { type: 'ref'; to: string });

/** A list of sub-records (substances of a unit, response levels of a plan). */
export type RowsField = FieldBase & { type: 'rows'; fields: readonly ScalarField[]; max?: number };
export type FieldSpec = ScalarField | RowsField;
export type FieldType = FieldSpec['type'];

export type GeometryKind = 'point' | 'line' | 'polygon' | 'none';
/** Whether records hang on an enterprise (its users then see and maintain them). */
export type EnterpriseLink = 'required' | 'optional' | 'none';

export const LEDGER_GROUPS = ['risk', 'natural', 'resource'] as const;
export type LedgerGroup = (typeof LEDGER_GROUPS)[number];

/** A class a record falls in for the map and the list (grade, risk colour, scale). */
export interface GradeSpec extends Label {
  key: string;
  /** CSS colour used on the map and in tags. */
  color: string;
}

export interface DeriveContext {
  /** Beijing calendar date, YYYY-MM-DD. */
  today: string;
  lec: LecConfig;
  majorHazard: MajorHazardConfig;
  /** Plans older than this are flagged for revision (issue #3; 预案管理办法 periodic evaluation). */
  planReviewYears: number;
  /** Days ahead that count as "expiring soon" (inspections, stock, licences). */
  expiringWithinDays: number;
}

export interface Derivation {
  /** Computed results stored with the record (the working shown on the detail page). */
  derived: Record<string, unknown> | null;
  /** The record's grade key (one of the registry's `grades`), or null. */
  grade: string | null;
  /** Problems the field checks cannot see (unknown chemical…), paths relative to `attrs`. */
  problems: ErrorDetail[];
}

export interface RecordForDerive {
  attrs: Record<string, unknown>;
  geometry: LedgerGeometry | null;
}

export interface RegistryDef extends Label {
  /** URL segment and registry key, kebab-case. */
  key: string;
  /** Audit entity type, snake_case. */
  entityType: string;
  group: LedgerGroup;
  /** What the record's name is called (队伍名称, 隐患点名称…). */
  nameLabel: Label;
  geometry: GeometryKind;
  enterprise: EnterpriseLink;
  /** Whether a supervising department (行业主管部门) may be named; that department then sees the record. */
  supervised?: boolean;
  /**
   * The field whose value identifies a record within the registry (井号, 设备注册代码…), used by imports to
   * match rows to records; without one, records are matched by (enterprise, township/village, name).
   */
  keyField?: string;
  /** Fields that, with the name, tell records apart when there is no key field (an item per team). */
  keyWith?: readonly string[];
  fields: readonly FieldSpec[];
  grades?: readonly GradeSpec[];
  /** Grade from the fields alone (when there is no `derive`). */
  gradeField?: string;
  derive?: (record: RecordForDerive, ctx: DeriveContext) => Derivation;
  /** Write permission: enterprise-linked risk sources follow the enterprise permission. */
  writePermission: 'enterprise:write' | 'ledger:write';
  /** Whether records keep files (attachment.ts): a plan's document and annexes, a drill's report and photos. */
  attachments?: boolean;
}

// ---------------------------------------------------------------------------------------------------------
// Geometry
// ---------------------------------------------------------------------------------------------------------

const Position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
export const LineGeometry = z.object({
  type: z.literal('LineString'),
  coordinates: z.array(Position).min(2, '线至少需要 2 个点').max(5000),
});
export const PolygonGeometry = z.object({
  type: z.literal('Polygon'),
  coordinates: z
    .array(z.array(Position).min(4, '面的每个环至少需要 4 个点（首尾相同）').max(5000))
    .min(1)
    .max(50)
    .refine(
      (rings) => rings.every((r) => r.length > 0 && r[0]![0] === r.at(-1)![0] && r[0]![1] === r.at(-1)![1]),
      { message: '面的每个环须首尾闭合' },
    ),
});
export const LedgerGeometry = z.union([LineGeometry, PolygonGeometry]);
export type LedgerGeometry = z.infer<typeof LedgerGeometry>;

// ---------------------------------------------------------------------------------------------------------
// Schemas from field specs
// ---------------------------------------------------------------------------------------------------------

const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), { message: '日期无效' });

function scalarSchema(f: ScalarField): z.ZodType {
  switch (f.type) {
    case 'text':
      return z
        .string()
        .trim()
        .min(1, `请填写${f.zh}`)
        .max(f.max ?? 100);
    case 'textarea':
      return z
        .string()
        .trim()
        .min(1, `请填写${f.zh}`)
        .max(f.max ?? 2000);
    case 'int': {
      let s = z.number().int(`${f.zh}须为整数`);
      if (f.min !== undefined) s = s.min(f.min, `${f.zh}不能小于 ${f.min}`);
      if (f.max !== undefined) s = s.max(f.max, `${f.zh}不能大于 ${f.max}`);
      return s;
    }
    case 'number': {
      const { choices } = f;
      if (choices)
        return z
          .number()
          .refine((v) => choices.includes(v), { message: `${f.zh}须为 ${choices.join('、')} 之一` });
      let s = z.number();
      if (f.min !== undefined) s = s.min(f.min, `${f.zh}不能小于 ${f.min}`);
      if (f.max !== undefined) s = s.max(f.max, `${f.zh}不能大于 ${f.max}`);
      return s;
    }
    case 'enum':
      return z.enum(f.options as [string, ...string[]], { message: `${f.zh}应为：${f.options.join('、')}` });
    case 'multi':
      return z
        .array(
          z.enum(f.options as [string, ...string[]], { message: `${f.zh}应为：${f.options.join('、')}` }),
        )
        .max(f.options.length)
        .refine((v) => new Set(v).size === v.length, { message: `${f.zh}有重复项` });
    case 'date':
      return IsoDate;
    case 'phone':
      return Phone;
    case 'bool':
      return z.boolean();
    case 'ref':
      return z.string().uuid(`${f.zh}应为记录编号`);
  }
}

/**
 * Required fields must be present; optional ones may be absent or null (stored as null, [] or false).
 * `forUpdate`: no defaults, every field optional (zod would otherwise fill omitted fields in a change).
 */
function fieldSchema(f: FieldSpec, forUpdate = false): z.ZodType {
  if (f.type === 'rows') {
    const row = z.object(Object.fromEntries(f.fields.map((sub) => [sub.key, fieldSchema(sub)]))).strict();
    const list = z.array(row).max(f.max ?? 200);
    if (forUpdate) return (f.required ? list.min(1, `请至少填写一项${f.zh}`) : list).optional();
    return f.required ? list.min(1, `请至少填写一项${f.zh}`) : list.default([]);
  }
  const s = scalarSchema(f);
  if (forUpdate) return (f.required || f.type === 'multi' || f.type === 'bool' ? s : s.nullable()).optional();
  if (f.required) return s;
  if (f.type === 'multi') return s.default([]);
  if (f.type === 'bool') return s.default(false);
  return s.nullable().default(null);
}

/** The `attrs` object of a registry: every field, validated; unknown keys rejected. */
export function attrsSchema(def: RegistryDef, forUpdate = false) {
  return z.object(Object.fromEntries(def.fields.map((f) => [f.key, fieldSchema(f, forUpdate)]))).strict();
}

const RegionCode = z.string().regex(/^\d{6}$|^\d{9}$|^\d{12}$/, '所在区划应为 6/9/12 位区划代码');

function topFields(def: RegistryDef, forUpdate: boolean) {
  const none = forUpdate ? z.null() : z.null().default(null);
  const nullableId = forUpdate ? z.string().uuid().nullable() : z.string().uuid().nullable().default(null);
  return {
    name: z.string().trim().min(1, `请填写${def.nameLabel.zh}`).max(100),
    regionCode: RegionCode,
    lon: def.geometry === 'point' ? z.number().min(-180).max(180) : none,
    lat: def.geometry === 'point' ? z.number().min(-90).max(90) : none,
    geometry: def.geometry === 'line' ? LineGeometry : def.geometry === 'polygon' ? PolygonGeometry : none,
    enterpriseId:
      def.enterprise === 'required'
        ? z.string().uuid('请选择所属企业')
        : def.enterprise === 'optional'
          ? nullableId
          : none,
    supervisingDepartmentId: def.supervised ? nullableId : none,
    attrs: attrsSchema(def, forUpdate),
  };
}

/** The create request of a registry; location fields per its geometry kind. */
export function createRequestSchema(def: RegistryDef) {
  return z.object(topFields(def, false)).strict();
}

/** A change: any part may be left out; `attrs` changes the given fields only. */
export function updateRequestSchema(def: RegistryDef) {
  return z.object(topFields(def, true)).partial().strict();
}

export type LedgerCreateRequest = {
  name: string;
  regionCode: string;
  lon: number | null;
  lat: number | null;
  geometry: LedgerGeometry | null;
  enterpriseId: string | null;
  supervisingDepartmentId: string | null;
  attrs: Record<string, unknown>;
};
export type LedgerUpdateRequest = Partial<LedgerCreateRequest>;

export const LedgerRecordView = z.object({
  id: z.string(),
  registry: z.string(),
  name: z.string(),
  regionCode: z.string(),
  lon: z.number().nullable(),
  lat: z.number().nullable(),
  geometry: z.unknown().nullable(),
  enterpriseId: z.string().nullable(),
  enterpriseName: z.string().nullable(),
  supervisingDepartmentId: z.string().nullable(),
  orgUnitId: z.string().nullable(),
  attrs: z.record(z.string(), z.unknown()),
  derived: z.record(z.string(), z.unknown()).nullable(),
  grade: z.string().nullable(),
  isDemo: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type LedgerRecordView = z.infer<typeof LedgerRecordView>;

/** The import/matching key of a record (see `RegistryDef.keyField`). */
export function recordKey(
  def: RegistryDef,
  r: { name: string; regionCode: string; enterpriseId: string | null; attrs: Record<string, unknown> },
): string {
  if (def.keyField) {
    const v = r.attrs[def.keyField];
    if (typeof v === 'string' && v !== '') return `k:${v}`;
  }
  const extra = (def.keyWith ?? []).map((k) => `:${JSON.stringify(r.attrs[k] ?? null)}`).join('');
  return `n:${r.enterpriseId ?? ''}:${r.regionCode}:${r.name}${extra}`;
}

/** The grade of a record: derived, or from its grade field. */
export function deriveRecord(def: RegistryDef, record: RecordForDerive, ctx: DeriveContext): Derivation {
  if (def.derive) return def.derive(record, ctx);
  const value = def.gradeField ? record.attrs[def.gradeField] : null;
  const grade = typeof value === 'string' && def.grades?.some((g) => g.key === value) ? value : null;
  return { derived: null, grade, problems: [] };
}

/** Whether a field's value can be a filter: enum, multi, bool and ref fields marked `filter`. */
export function filterFields(def: RegistryDef): ScalarField[] {
  return def.fields.filter(
    (f): f is ScalarField =>
      f.type !== 'rows' &&
      f.filter === true &&
      (f.type === 'enum' || f.type === 'multi' || f.type === 'bool' || f.type === 'ref'),
  );
}
