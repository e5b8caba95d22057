/**
 * Labels for the closed sets defined in @ningan/domain. Chinese comes from the domain package (one
 * source of truth, shared with the server); English lives here.
 */
import {
  CONTACT_DUTY_LABELS,
  PERMISSIONS,
  ORG_UNIT_KIND_LABELS,
  ROLE_LABELS,
  SCOPE_LEVEL_LABELS,
  type ContactDuty,
  type Industry,
  type OrgUnitKind,
  type Permission,
  type Role,
  type ScopeLevel,
} from '@ningan/domain';
import type { EnterpriseScale, StandardizationGrade } from '../api/types.ts';
import type { Lang, Translate } from './i18n.tsx';

const SCOPE_LEVEL_EN: Record<ScopeLevel, string> = {
  county: 'Whole county',
  township: 'Township',
  village: 'Village',
  department: 'Department',
  enterprise: 'Enterprise',
};

const ORG_UNIT_KIND_EN: Record<OrgUnitKind, string> = {
  bureau: 'Emergency bureau',
  bureau_office: 'Bureau section',
  committee: 'Committee',
  headquarters: 'Headquarters',
  department: 'Department',
  township_office: 'Township emergency office',
  village_post: 'Village post',
  enterprise: 'Enterprise',
};

const CONTACT_DUTY_EN: Record<ContactDuty, string> = {
  township_leader: 'Township head',
  township_emergency: 'Township emergency office head',
  village_secretary: 'Village party secretary',
  village_director: 'Village committee director',
  disaster_info_officer: 'Disaster information officer',
  grid_officer: 'Grid officer',
  hazard_monitor: 'Hazard-point monitor',
  unit_contact: 'Unit contact',
  body_director: 'Director / commander-in-chief',
  body_deputy: 'Deputy director / deputy commander',
  office_director: 'Office director',
  office_duty: 'Office duty line',
  unit_leader: 'Leader in charge',
  liaison: 'Liaison officer',
};

export function roleLabel(role: Role, lang: Lang): string {
  return ROLE_LABELS[role][lang];
}

export function scopeLevelLabel(level: ScopeLevel, lang: Lang): string {
  return lang === 'en' ? SCOPE_LEVEL_EN[level] : SCOPE_LEVEL_LABELS[level];
}

export function orgUnitKindLabel(kind: OrgUnitKind, lang: Lang): string {
  return lang === 'en' ? ORG_UNIT_KIND_EN[kind] : ORG_UNIT_KIND_LABELS[kind];
}

export function contactDutyLabel(duty: ContactDuty, lang: Lang): string {
  return lang === 'en' ? CONTACT_DUTY_EN[duty] : CONTACT_DUTY_LABELS[duty];
}

/** Permission strings arrive from the server; unknown ones are shown as they are. */
export function permissionLabel(permission: string, t: Translate): string {
  return isPermission(permission) ? t(`perm.${permission}`) : permission;
}

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

const INDUSTRY_EN: Record<Industry, string> = {
  危险化学品生产: 'Hazardous chemicals — production',
  危险化学品经营: 'Hazardous chemicals — trading',
  危险化学品使用: 'Hazardous chemicals — use',
  煤矿: 'Coal mine',
  非煤矿山: 'Non-coal mine',
  石油天然气开采: 'Oil and gas extraction',
  油田技术服务: 'Oilfield services',
  烟花爆竹: 'Fireworks',
  工贸: 'Industry and trade (工贸)',
  建筑施工: 'Construction',
  交通运输: 'Transport',
  商贸: 'Commerce',
  其他: 'Other',
};

const SCALE_EN: Record<EnterpriseScale, string> = {
  规上: 'Above designated size',
  规下: 'Below designated size',
};

const GRADE_EN: Record<StandardizationGrade, string> = {
  一级: 'Grade 1',
  二级: 'Grade 2',
  三级: 'Grade 3',
  未评级: 'Not graded',
};

/** The industries are Chinese terms of art; English is a gloss. */
export function industryLabel(industry: Industry, lang: Lang): string {
  return lang === 'en' ? INDUSTRY_EN[industry] : industry;
}

export function scaleLabel(scale: EnterpriseScale, lang: Lang): string {
  return lang === 'en' ? SCALE_EN[scale] : scale;
}

export function standardizationGradeLabel(grade: StandardizationGrade, lang: Lang): string {
  return lang === 'en' ? GRADE_EN[grade] : grade;
}
