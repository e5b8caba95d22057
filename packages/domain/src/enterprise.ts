/**
 * Enterprises (企业), the first registry of the county ledger (一张表, issue #3). Each record carries
 * its township or village code (jurisdiction) and its own org unit (what enterprise users are scoped to).
 */
import { z } from 'zod';
import { Phone } from './api.ts';
import type { RiskColor } from './calc/lec.ts';
import { isValidCreditCode } from './calc/credit-code.ts';

export const INDUSTRIES = [
  '危险化学品生产',
  '危险化学品经营',
  '危险化学品使用',
  '煤矿',
  '非煤矿山',
  '石油天然气开采',
  '油田技术服务',
  '烟花爆竹',
  '工贸',
  '建筑施工',
  '交通运输',
  '商贸',
  '其他',
] as const;
export type Industry = (typeof INDUSTRIES)[number];

/** How the map colours industries: 危险化学品 (hazchem), 矿山 (mining), 油气 (oilgas), everything else. */
export type IndustryGroup = 'hazchem' | 'mining' | 'oilgas' | 'other';

/**
 * The enterprise map layer as vector tiles (GET /enterprises/tiles/{z}/{x}/{y}): clustered by the server
 * within `clusterRadius` pixels of 512-pixel tiles up to `clusterMaxZoom`; above it every enterprise is
 * a point; tiles exist up to `maxZoom` (the map enlarges those beyond).
 */
export const ENTERPRISE_TILES = {
  layer: 'enterprises',
  tileSize: 512,
  clusterRadius: 48,
  clusterMaxZoom: 13,
  maxZoom: 14,
} as const;

export function industryGroup(industry: string): IndustryGroup {
  if (industry.startsWith('危险化学品')) return 'hazchem';
  if (industry === '煤矿' || industry === '非煤矿山') return 'mining';
  if (industry === '石油天然气开采' || industry === '油田技术服务') return 'oilgas';
  return 'other';
}

export const ENTERPRISE_SCALES = ['规上', '规下'] as const;
/** 安全生产标准化 grade. */
export const STANDARDIZATION_GRADES = ['一级', '二级', '三级', '未评级'] as const;

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

export const Licence = z
  .object({
    name: z.string().trim().min(1, '请填写许可证名称').max(60),
    number: z.string().trim().min(1, '请填写证号').max(60),
    expiresOn: IsoDate,
  })
  .strict();
export type Licence = z.infer<typeof Licence>;

const EnterpriseFields = {
  name: z.string().trim().min(2, '企业名称至少 2 个字').max(100),
  creditCode: z
    .string()
    .trim()
    .toUpperCase()
    .refine(isValidCreditCode, { message: '统一社会信用代码无效（GB 32100-2015 校验不通过）' }),
  industry: z.enum(INDUSTRIES),
  scale: z.enum(ENTERPRISE_SCALES),
  regionCode: z.string().regex(/^\d{9}$|^\d{12}$/, '所在乡镇/村应为 9 或 12 位区划代码'),
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  address: z.string().trim().max(200).nullable(),
  legalRepresentative: z.string().trim().max(50).nullable(),
  safetyManager: z.string().trim().max(50).nullable(),
  safetyManagerPhone: Phone.nullable(),
  standardizationGrade: z.enum(STANDARDIZATION_GRADES),
  insured: z.boolean(),
  insuranceExpiresOn: IsoDate.nullable(),
  licences: z.array(Licence).max(50),
  supervisingDepartmentId: z.string().uuid().nullable(),
};

export const CreateEnterpriseRequest = z
  .object({
    ...EnterpriseFields,
    address: EnterpriseFields.address.default(null),
    legalRepresentative: EnterpriseFields.legalRepresentative.default(null),
    safetyManager: EnterpriseFields.safetyManager.default(null),
    safetyManagerPhone: EnterpriseFields.safetyManagerPhone.default(null),
    standardizationGrade: EnterpriseFields.standardizationGrade.default('未评级'),
    insured: EnterpriseFields.insured.default(false),
    insuranceExpiresOn: EnterpriseFields.insuranceExpiresOn.default(null),
    licences: EnterpriseFields.licences.default([]),
    supervisingDepartmentId: EnterpriseFields.supervisingDepartmentId.default(null),
  })
  .superRefine((e, ctx) => {
    if (e.insured && !e.insuranceExpiresOn)
      ctx.addIssue({ code: 'custom', path: ['insuranceExpiresOn'], message: '已投保时须填写保险到期日' });
  });
export type CreateEnterpriseRequest = z.infer<typeof CreateEnterpriseRequest>;
// Built from the fields without defaults, so an omitted field is left as it is (zod keeps defaults in .partial()).
export const UpdateEnterpriseRequest = z.object(EnterpriseFields).partial();
export type UpdateEnterpriseRequest = z.infer<typeof UpdateEnterpriseRequest>;

export const EnterpriseView = z.object({
  id: z.string(),
  name: z.string(),
  creditCode: z.string(),
  industry: z.enum(INDUSTRIES),
  scale: z.enum(ENTERPRISE_SCALES),
  regionCode: z.string(),
  lon: z.number(),
  lat: z.number(),
  address: z.string().nullable(),
  legalRepresentative: z.string().nullable(),
  safetyManager: z.string().nullable(),
  safetyManagerPhone: z.string().nullable(),
  standardizationGrade: z.enum(STANDARDIZATION_GRADES),
  insured: z.boolean(),
  insuranceExpiresOn: z.string().nullable(),
  licences: z.array(Licence),
  supervisingDepartmentId: z.string().nullable(),
  orgUnitId: z.string(),
  isDemo: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type EnterpriseView = z.infer<typeof EnterpriseView>;

/**
 * The four-colour risk levels of 安全风险分级管控 (STANDARDS.md §4.2), worst first: an enterprise's overall
 * colour is that of its worst 风险点.
 */
export const RISK_COLORS = ['red', 'orange', 'yellow', 'blue'] as const satisfies readonly RiskColor[];

/** The worst of `colours` (unknown values ignored); null when there is none. */
export function worstRiskColor(colours: readonly (string | null)[]): RiskColor | null {
  return RISK_COLORS.find((c) => colours.includes(c)) ?? null;
}

/** A row of the enterprise list: the record and its overall risk colour (null: no risk point registered). */
export const EnterpriseListItem = EnterpriseView.extend({ riskColor: z.enum(RISK_COLORS).nullable() });
export type EnterpriseListItem = z.infer<typeof EnterpriseListItem>;

/** The list's risk filter: a colour, or `none` for enterprises without any risk point. */
export const RISK_COLOR_FILTERS = [...RISK_COLORS, 'none'] as const;
export type RiskColorFilter = (typeof RISK_COLOR_FILTERS)[number];

/** Something about an enterprise that expires (licence or safety-liability insurance). */
export const ExpiryItem = z.object({
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  regionCode: z.string(),
  kind: z.enum(['licence', 'insurance']),
  name: z.string(),
  number: z.string().nullable(),
  expiresOn: z.string(),
  /** Negative when already expired. */
  daysLeft: z.number().int(),
});
export type ExpiryItem = z.infer<typeof ExpiryItem>;

/** Whole days from `today` to `date` (both YYYY-MM-DD, calendar days, no time zone involved). */
export function daysUntil(date: string, today: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** Licences and insurance of `e` that expire within `withinDays` of `today` (or have expired). */
export function expiringItems(e: EnterpriseView, today: string, withinDays: number): ExpiryItem[] {
  const items: ExpiryItem[] = [];
  const base = { enterpriseId: e.id, enterpriseName: e.name, regionCode: e.regionCode };
  for (const l of e.licences) {
    const daysLeft = daysUntil(l.expiresOn, today);
    if (daysLeft <= withinDays)
      items.push({
        ...base,
        kind: 'licence',
        name: l.name,
        number: l.number,
        expiresOn: l.expiresOn,
        daysLeft,
      });
  }
  if (e.insured && e.insuranceExpiresOn) {
    const daysLeft = daysUntil(e.insuranceExpiresOn, today);
    if (daysLeft <= withinDays)
      items.push({
        ...base,
        kind: 'insurance',
        name: '安全生产责任保险',
        number: null,
        expiresOn: e.insuranceExpiresOn,
        daysLeft,
      });
  }
  return items;
}
