/**
 * Plan activation (启动预案, issue #6 part 5), pure: which plans fit an incident (by its event type → the plans'
 * 适用灾种, then the plan type, 专项 first), the HQ members called at a level, and the level's 响应措施 text cut
 * into a task checklist with an owner unit when a line names one.
 */
import { HAZARD_TYPES, type PLAN_LEVELS } from '../ledger/registries.ts';
import { eventTypeLineage, type EventTypeId } from './classification.ts';
import { INCIDENT_GRADES, RESPONSE_LEVELS, type IncidentGrade, type ResponseLevel } from './grading.ts';

export type PlanHazardType = (typeof HAZARD_TYPES)[number];
export type PlanLevel = (typeof PLAN_LEVELS)[number];

/** 适用灾种 of the plans that fit an event type (nearest type first; its ancestors' too). */
const HAZARDS_OF: Partial<Record<EventTypeId, PlanHazardType[]>> = {
  flood_drought: ['洪涝', '干旱'],
  flood: ['洪涝'],
  drought: ['干旱'],
  meteorological: ['气象灾害'],
  wind_hail: ['风雹', '气象灾害'],
  earthquake: ['地震'],
  geological: ['地质灾害'],
  forest_grassland_fire: ['森林草原火灾'],
  coal_mine: ['矿山'],
  non_coal_mine: ['矿山'],
  hazardous_chemicals: ['危险化学品'],
  fireworks: ['危险化学品', '火灾'],
  oil_gas: ['油气'],
  construction: ['建筑施工'],
  road_traffic: ['道路交通'],
  transport: ['道路交通'],
  fire_accident: ['火灾'],
  special_equipment: ['特种设备'],
  utility: ['油气'],
  infectious_disease: ['公共卫生'],
  unexplained_illness: ['公共卫生'],
  food_safety: ['公共卫生'],
  occupational_hazard: ['公共卫生'],
  animal_epidemic: ['公共卫生'],
  terrorist_attack: ['社会安全'],
  economic_security: ['社会安全'],
  foreign_related: ['社会安全'],
  mass_incident: ['社会安全'],
};

/** The plans' hazard types an event type calls for (empty: only general plans fit). */
export function planHazardTypesOf(type: EventTypeId): PlanHazardType[] {
  const out: PlanHazardType[] = [];
  for (const t of eventTypeLineage(type))
    for (const h of HAZARDS_OF[t] ?? []) if (!out.includes(h)) out.push(h);
  return out;
}

/** 专项 first, then 总体, 部门, 企业, 现场处置. */
const TYPE_RANK: Record<string, number> = { 专项: 5, 总体: 4, 部门: 3, 企业: 2, 现场处置: 1 };

export interface PlanCandidate {
  id: string;
  type: string;
  hazardTypes: readonly string[];
  /** An enterprise's plan (企业 / 现场处置): offered only when `nearby`. */
  enterprise: boolean;
  /** The plan's unit is in the incident's township. */
  nearby: boolean;
}

export interface PlanRanking {
  id: string;
  score: number;
  why: string;
}

/**
 * Plans that fit, best first: a plan whose 适用灾种 contains one of the event's hazard types (matched) beats a
 * general one (综合 / 总体); within each, by plan type (专项 first). Enterprise plans only when nearby.
 * Without an event type only general plans are offered.
 */
export function rankPlans(plans: readonly PlanCandidate[], type: EventTypeId | null): PlanRanking[] {
  const wanted = type ? planHazardTypesOf(type) : [];
  const out: PlanRanking[] = [];
  for (const p of plans) {
    if (p.enterprise && !p.nearby) continue;
    const matched = wanted.filter((h) => p.hazardTypes.includes(h));
    const general = p.type === '总体' || p.hazardTypes.includes('综合');
    if (matched.length === 0 && !general) continue;
    const typeRank = TYPE_RANK[p.type] ?? 0;
    const score = (matched.length > 0 ? 100 + 10 * matched.length : 0) + typeRank;
    const why =
      matched.length > 0
        ? `适用灾种含${matched.join('、')}（${p.type}预案）`
        : `综合性预案（${p.type}），无更对口的灾种时适用`;
    out.push({ id: p.id, score, why });
  }
  return out.sort((a, b) => b.score - a.score);
}

/** `Ⅰ级` → `Ⅰ`. */
export function responseLevelOfPlanLevel(level: string): ResponseLevel | null {
  const l = level.replace(/级$/, '');
  return (RESPONSE_LEVELS as readonly string[]).includes(l) ? (l as ResponseLevel) : null;
}

/**
 * A level to consider for a grade (特别重大 → Ⅰ … 一般 → Ⅳ): a hint shown with the suggestions; the level itself
 * is the commander's decision.
 */
export function levelHintOfGrade(grade: IncidentGrade | null): ResponseLevel | null {
  return grade === null ? null : RESPONSE_LEVELS[INCIDENT_GRADES.indexOf(grade)]!;
}

export interface HqMemberRow {
  role: string;
  name: string;
  unit: string;
  phone: string;
  levels: readonly string[];
}

/** The HQ members called at `level` (their `levels` contain `Ⅱ级` for Ⅱ), in plan order. */
export function hqMembersAt<M extends HqMemberRow>(hq: readonly M[], level: ResponseLevel): M[] {
  return hq.filter((m) => m.levels.includes(`${level}级`));
}

/**
 * The level's 响应措施 as checklist items: one per line, sentence (。！), clause after ；/; or numbered item
 * (1. / 1、/ （1）/ ①), numbering stripped, empties dropped.
 */
export function splitPlanActions(text: string): string[] {
  return text
    .replace(/[（(]\d{1,2}[）)]|[①②③④⑤⑥⑦⑧⑨⑩]|(?<![\d.])\d{1,2}[、．.](?!\d)/gu, '\n')
    .split(/[\n。！；;]/u)
    .map((s) => s.replace(/^[，,、\s]+|[，,、\s]+$/gu, ''))
    .filter((s) => s.length > 0);
}

/** `宁县自然资源局` → `自然资源`: the part a plan's text uses for a county department. */
function shortUnitName(unit: string): string {
  return unit
    .replace(/^(宁县|庆阳市|国网宁县)/u, '')
    .replace(/[（(].*$/u, '')
    .replace(/(局|大队|委员会|办公室|指挥部|分局|公司|中心)$/u, '');
}

/**
 * The first of `units` a checklist line names (by full name, or the short form of at least two characters:
 * 「县自然资源、应急管理部门…」 names 宁县自然资源局 and 宁县应急管理局 — the first named wins), or null.
 */
export function unitNamedIn(line: string, units: readonly string[]): string | null {
  let best: { unit: string; at: number } | null = null;
  for (const unit of units) {
    const short = shortUnitName(unit);
    const at = [line.indexOf(unit), short.length >= 2 ? line.indexOf(short) : -1]
      .filter((i) => i >= 0)
      .reduce((a, b) => Math.min(a, b), Infinity);
    if (at !== Infinity && (best === null || at < best.at)) best = { unit, at };
  }
  return best?.unit ?? null;
}
