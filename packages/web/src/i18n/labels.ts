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
  type OrgUnitKind,
  type Permission,
  type Role,
  type ScopeLevel,
} from '@ningan/domain';
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
