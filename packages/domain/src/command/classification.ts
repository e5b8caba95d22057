/**
 * Event classes and types (突发事件分类, issue #6 part 3): a closed catalogue the incident form, the grading and
 * the reporting clock share.
 *
 * Classes, 《突发事件应对法》 (STANDARDS.md §2.3, CONFIRMED): 自然灾害、事故灾难、公共卫生事件、社会安全事件; the
 * first three are graded 特别重大/重大/较大/一般. Types follow 《国家突发公共事件总体应急预案》(2006) 1.3 分类分级
 * ("自然灾害。主要包括水旱灾害，气象灾害，地震灾害，地质灾害，海洋灾害，生物灾害和森林草原火灾等。事故灾难。主要
 * 包括工矿商贸等企业的各类安全事故，交通运输事故，公共设施和设备事故，环境污染和生态破坏事件等。公共卫生事件。主要
 * 包括传染病疫情，群体性不明原因疾病，食品安全和职业危害，动物疫情…。社会安全事件。主要包括恐怖袭击事件，经济安全
 * 事件和涉外突发事件等。", quoted at https://m.wenke99.com/p-6728180.html); the natural-disaster sub-types are the
 * disaster types of the 自然灾害情况统计调查制度 (STANDARDS.md §9: 洪涝、干旱; 台风、风雹、低温冷冻、雪灾、沙尘暴;
 * 地震; 崩塌、滑坡、泥石流; 风暴潮、海啸; 森林草原火灾; 重大生物灾害), which counties report by sub-type.
 *
 * Each type names the grading rule and the reporting regime that apply:
 * - `accident_493`: 《生产安全事故报告和调查处理条例》(国务院令第493号) 第三条 — 工矿商贸 production-safety accidents,
 *   road-traffic and fire accidents (第十三条 names both, so the 条例 covers them) and special-equipment accidents;
 * - `forest_fire`: 《森林防火条例》 第四十条 (STANDARDS.md §5.1);
 * - `none`: no grading rule in STANDARDS.md (地质灾害, 突发环境事件, 公共卫生, 铁路… have their own plans' criteria,
 *   not implemented): the duty officer grades by the applicable plan and the grade is recorded, not computed.
 * Reporting: `accident` — 493号令 第九至十三条 (1 h / 2 h per level; 7-day casualty window for 道路交通 and 火灾);
 * `disaster` — 自然灾害情况统计调查制度 (初报 2 h, daily 续报, 干旱 every 10 days, 核报); `general` — none of the
 * statutory clocks implemented here applies (report under the plan for that type).
 */
import { z } from 'zod';

export const EVENT_CLASSES = [
  'natural_disaster',
  'accident_disaster',
  'public_health',
  'social_security',
] as const;
export type EventClass = (typeof EVENT_CLASSES)[number];
export const EventClassSchema = z.enum(EVENT_CLASSES);

export const EVENT_CLASS_LABELS: Record<EventClass, { zh: string; en: string }> = {
  natural_disaster: { zh: '自然灾害', en: 'Natural disaster' },
  accident_disaster: { zh: '事故灾难', en: 'Accident' },
  public_health: { zh: '公共卫生事件', en: 'Public health event' },
  social_security: { zh: '社会安全事件', en: 'Social security event' },
};

/** 《突发事件应对法》: only the first three classes are graded 特别重大/重大/较大/一般. */
export const GRADED_EVENT_CLASSES: readonly EventClass[] = [
  'natural_disaster',
  'accident_disaster',
  'public_health',
];

export const GRADING_RULES = ['accident_493', 'forest_fire', 'none'] as const;
export type GradingRule = (typeof GRADING_RULES)[number];
export const GRADING_RULE_LABELS: Record<GradingRule, string> = {
  accident_493: '《生产安全事故报告和调查处理条例》（国务院令第493号）第三条',
  forest_fire: '《森林防火条例》第四十条',
  none: '无计算规则，按相应预案研判',
};

export const REPORTING_REGIMES = ['accident', 'disaster', 'general'] as const;
export type ReportingRegime = (typeof REPORTING_REGIMES)[number];
export const REPORTING_REGIME_LABELS: Record<ReportingRegime, string> = {
  accident: '生产安全事故报告（国务院令第493号）',
  disaster: '自然灾害情况统计调查制度（应急〔2020〕19号）',
  general: '按相应预案报告',
};

/** The 493号令 第十三条 accident types with the 7-day casualty window (`isShortCasualtyWindow` knows both ids). */
export type ShortWindowAccidentType = 'road-traffic' | 'fire';

/** How a type is reported. `hazard` is the 统计制度 disaster type (干旱 switches 续报 to every 10 days). */
export type ReportingSpec =
  | { regime: 'accident'; accidentType?: ShortWindowAccidentType }
  | { regime: 'disaster'; hazard: string }
  | { regime: 'general' };

interface EventTypeDefinition {
  id: string;
  eventClass: EventClass;
  /** The type this one refines; null for a first-level type of its class. */
  parent: string | null;
  zh: string;
  en: string;
  grading: GradingRule;
  reporting: ReportingSpec;
}

const ACCIDENT: ReportingSpec = { regime: 'accident' };
const GENERAL: ReportingSpec = { regime: 'general' };

type Options = { grading?: GradingRule; reporting?: ReportingSpec };
const entry =
  (eventClass: EventClass, defaults: (zh: string) => { grading: GradingRule; reporting: ReportingSpec }) =>
  <const I extends string, const P extends string | null>(
    id: I,
    parent: P,
    zh: string,
    en: string,
    o: Options = {},
  ) => ({
    id,
    eventClass,
    parent,
    zh,
    en,
    ...defaults(zh),
    ...o,
  });
/** 自然灾害: no grading rule by default; reported under the 统计制度 as the disaster type `hazard`. */
const nat = (hazard?: string) =>
  entry('natural_disaster', (zh) => ({
    grading: 'none',
    reporting: { regime: 'disaster', hazard: hazard ?? zh },
  }));
const N = nat();
const acc = entry('accident_disaster', () => ({ grading: 'accident_493', reporting: ACCIDENT }));
const other = entry('accident_disaster', () => ({ grading: 'none', reporting: GENERAL }));
const health = entry('public_health', () => ({ grading: 'none', reporting: GENERAL }));
const social = entry('social_security', () => ({ grading: 'none', reporting: GENERAL }));

export const EVENT_TYPES = [
  // ---- 自然灾害
  N('flood_drought', null, '水旱灾害', 'Flood and drought'),
  N('flood', 'flood_drought', '洪涝', 'Flood'),
  N('drought', 'flood_drought', '干旱', 'Drought'),
  N('meteorological', null, '气象灾害', 'Meteorological disaster'),
  N('typhoon', 'meteorological', '台风', 'Typhoon'),
  N('wind_hail', 'meteorological', '风雹', 'Wind and hail'),
  N('low_temperature', 'meteorological', '低温冷冻', 'Low temperature and freezing'),
  N('snow', 'meteorological', '雪灾', 'Snow disaster'),
  N('sandstorm', 'meteorological', '沙尘暴', 'Sandstorm'),
  nat('地震')('earthquake', null, '地震灾害', 'Earthquake'),
  N('geological', null, '地质灾害', 'Geological disaster'),
  N('collapse', 'geological', '崩塌', 'Rockfall / collapse'),
  N('landslide', 'geological', '滑坡', 'Landslide'),
  N('debris_flow', 'geological', '泥石流', 'Debris flow'),
  N('marine', null, '海洋灾害', 'Marine disaster'),
  N('storm_surge', 'marine', '风暴潮', 'Storm surge'),
  N('tsunami', 'marine', '海啸', 'Tsunami'),
  nat('重大生物灾害')('biological', null, '生物灾害', 'Biological disaster'),
  N('forest_grassland_fire', null, '森林草原火灾', 'Forest and grassland fire', { grading: 'forest_fire' }),
  nat('森林草原火灾')('forest_fire', 'forest_grassland_fire', '森林火灾', 'Forest fire', {
    grading: 'forest_fire',
  }),
  // 《草原防火条例》 grades grassland fires by its own criteria, not in STANDARDS.md: recorded, not computed.
  nat('森林草原火灾')('grassland_fire', 'forest_grassland_fire', '草原火灾', 'Grassland fire'),
  // ---- 事故灾难
  acc('work_safety', null, '工矿商贸生产安全事故', 'Industrial, mining and commercial accident'),
  acc('coal_mine', 'work_safety', '煤矿', 'Coal mine'),
  acc('non_coal_mine', 'work_safety', '非煤矿山', 'Non-coal mine'),
  acc('hazardous_chemicals', 'work_safety', '危险化学品', 'Hazardous chemicals'),
  acc('fireworks', 'work_safety', '烟花爆竹', 'Fireworks'),
  acc('oil_gas', 'work_safety', '石油天然气开采和管道', 'Oil and gas wells and pipelines'),
  acc('construction', 'work_safety', '建筑施工', 'Construction'),
  acc('industry_trade', 'work_safety', '工贸（冶金有色建材机械轻工纺织烟草商贸）', 'Industry and trade'),
  acc('transport', null, '交通运输事故', 'Transport accident'),
  acc('road_traffic', 'transport', '道路交通事故', 'Road traffic accident', {
    reporting: { regime: 'accident', accidentType: 'road-traffic' },
  }),
  // 《铁路交通事故应急救援和调查处理条例》 has its own grades and reporting (493号令 第四十五条): not implemented.
  other('railway', 'transport', '铁路交通事故', 'Railway accident'),
  acc('fire_accident', null, '火灾事故', 'Fire accident', {
    reporting: { regime: 'accident', accidentType: 'fire' },
  }),
  other('public_facility', null, '公共设施和设备事故', 'Public facility and equipment accident'),
  // Graded by 493号令's casualty and loss thresholds; 特种设备安全监察条例's extra equipment criteria are not computed.
  acc('special_equipment', 'public_facility', '特种设备事故', 'Special equipment accident'),
  other('utility', 'public_facility', '供水供电供气等城市生命线事故', 'Utility (water, power, gas) accident'),
  other('environment', null, '环境污染和生态破坏事件', 'Environmental pollution and ecological damage'),
  // ---- 公共卫生事件
  health('infectious_disease', null, '传染病疫情', 'Infectious disease outbreak'),
  health('unexplained_illness', null, '群体性不明原因疾病', 'Cluster of unexplained illness'),
  health('food_safety', null, '食品安全事件', 'Food safety event'),
  health('occupational_hazard', null, '职业危害', 'Occupational hazard'),
  health('animal_epidemic', null, '动物疫情', 'Animal epidemic'),
  // ---- 社会安全事件
  social('terrorist_attack', null, '恐怖袭击事件', 'Terrorist attack'),
  social('economic_security', null, '经济安全事件', 'Economic security event'),
  social('foreign_related', null, '涉外突发事件', 'Foreign-related emergency'),
  social('mass_incident', null, '群体性事件', 'Mass incident'),
] as const satisfies readonly EventTypeDefinition[];

export type EventTypeId = (typeof EVENT_TYPES)[number]['id'];
export const EVENT_TYPE_IDS = EVENT_TYPES.map((t) => t.id) as [EventTypeId, ...EventTypeId[]];
export const EventTypeIdSchema = z.enum(EVENT_TYPE_IDS, { error: '不是已知的事件类型' });

export interface EventType extends EventTypeDefinition {
  id: EventTypeId;
  parent: EventTypeId | null;
}

const BY_ID = new Map<string, EventType>(EVENT_TYPES.map((t) => [t.id, t as EventType]));

export function isEventTypeId(value: string): value is EventTypeId {
  return BY_ID.has(value);
}

/** The catalogue entry of `type`. */
export function getEventType(type: EventTypeId): EventType {
  const t = BY_ID.get(type);
  if (!t) throw new Error(`unknown event type ${type}`); // unreachable for an EventTypeId
  return t;
}

export function eventClassOf(type: EventTypeId): EventClass {
  return getEventType(type).eventClass;
}

/** The first-level types of a class, or the sub-types of a type, in catalogue order. */
export function listEventTypes(parent: EventClass | EventTypeId): EventType[] {
  const isClass = (EVENT_CLASSES as readonly string[]).includes(parent);
  return EVENT_TYPES.filter((t) =>
    isClass ? t.eventClass === parent && t.parent === null : t.parent === parent,
  );
}

/** `type` and its ancestors, nearest first (`landslide` → [`landslide`, `geological`]). */
export function eventTypeLineage(type: EventTypeId): EventTypeId[] {
  const out: EventTypeId[] = [];
  for (let t: EventTypeId | null = type; t !== null; t = getEventType(t).parent) out.push(t);
  return out;
}

/** `滑坡（地质灾害·自然灾害）`-style label: the type, then its ancestors and class. */
export function describeEventType(type: EventTypeId): string {
  const [self, ...up] = eventTypeLineage(type).map((t) => getEventType(t).zh);
  return `${self}（${[...up, EVENT_CLASS_LABELS[eventClassOf(type)].zh].join('·')}）`;
}

/** Which grading rule applies to `type`. */
export function gradingRuleOf(type: EventTypeId): GradingRule {
  return getEventType(type).grading;
}

/** Which reporting regime applies to `type` (and, for accidents, the short-window accident type). */
export function reportingRegimeOf(type: EventTypeId): ReportingSpec {
  return getEventType(type).reporting;
}

/** Are events of `type` graded 特别重大/重大/较大/一般 at all (《突发事件应对法》: not 社会安全事件)? */
export function isGradedClass(type: EventTypeId): boolean {
  return GRADED_EVENT_CLASSES.includes(eventClassOf(type));
}
