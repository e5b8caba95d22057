/**
 * 应急通讯录 of the 三委四部 (the county's standing committees and headquarters, DOMAIN.md §1): each
 * body's leadership and office, and every member unit (成员单位) with its role in the body (牵头/成员),
 * its 责任清单 (an ordered list of short responsibility items) and its 分管领导 and 联络员.
 * Pure: schemas shared by the API and the web screen, the rules of a duty list, ordering and search.
 */
import { z } from 'zod';
import { ContactView, ORG_UNIT_KINDS, type ContactDuty, type OrgUnitKind } from './api.ts';
import type { ErrorDetail } from './errors.ts';

export const MEMBER_ROLES = ['lead', 'member'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];
export const MEMBER_ROLE_LABELS: Record<MemberRole, string> = { lead: '牵头', member: '成员' };

/** The kinds of org unit that are a body of the 三委四部 and have member units. */
export const BODY_KINDS = ['committee', 'headquarters'] as const;
export type BodyKind = (typeof BODY_KINDS)[number];

export function isBodyKind(kind: OrgUnitKind): kind is BodyKind {
  return (BODY_KINDS as readonly string[]).includes(kind);
}

/** Units that may be a member of a body: the bureau and its sections, departments, township offices. */
export const MEMBER_UNIT_KINDS: readonly OrgUnitKind[] = [
  'bureau',
  'bureau_office',
  'department',
  'township_office',
];

/** Contact duties held in a body itself (the contact's orgUnitId is the body), in listing order. */
export const BODY_POSITIONS: readonly ContactDuty[] = [
  'body_director',
  'body_deputy',
  'office_director',
  'office_duty',
];
/** Contact duties a member unit holds for a body (orgUnitId = member unit, bodyId = body or null). */
export const MEMBER_POSITIONS: readonly ContactDuty[] = ['unit_leader', 'liaison'];

export function isBodyPosition(duty: ContactDuty): boolean {
  return BODY_POSITIONS.includes(duty);
}
export function isMemberPosition(duty: ContactDuty): boolean {
  return MEMBER_POSITIONS.includes(duty);
}

/** A committee has a 主任; a headquarters a 总指挥. */
export function positionLabel(duty: ContactDuty, bodyKind: BodyKind): string {
  const committee = bodyKind === 'committee';
  switch (duty) {
    case 'body_director':
      return committee ? '主任' : '总指挥';
    case 'body_deputy':
      return committee ? '副主任' : '副总指挥';
    case 'office_director':
      return '办公室主任';
    case 'office_duty':
      return '办公室值班室';
    case 'unit_leader':
      return '分管领导';
    case 'liaison':
      return '联络员';
    case 'township_leader':
    case 'township_emergency':
    case 'village_secretary':
    case 'village_director':
    case 'disaster_info_officer':
    case 'grid_officer':
    case 'hazard_monitor':
    case 'unit_contact':
      return '联系人';
  }
}

/** The 三委四部 in the plan's order (宁县"十四五"应急管理规划, 三委四部) with their usual short names. */
export const BODY_NAMES: readonly { full: string; short: string }[] = [
  { full: '安全生产委员会', short: '安委会' },
  { full: '减灾委员会', short: '减灾委' },
  { full: '消防安全委员会', short: '消安委' },
  { full: '防汛抗旱指挥部', short: '防汛抗旱' },
  { full: '森林草原防灭火指挥部', short: '森林防灭火' },
  { full: '抗震救灾指挥部', short: '抗震救灾' },
  { full: '地质灾害应急指挥部', short: '地质灾害' },
];

/** "宁县防汛抗旱指挥部" → "防汛抗旱"; a body of another name keeps its name. */
export function bodyShortName(name: string): string {
  return BODY_NAMES.find((b) => name.endsWith(b.full))?.short ?? name;
}

/** The body's place in the plan's order; other bodies after the seven, by name. */
export function bodyRank(name: string): number {
  const i = BODY_NAMES.findIndex((b) => name.endsWith(b.full));
  return i < 0 ? BODY_NAMES.length : i;
}

/** Limits of one 责任清单: short items, a list that fits on a phone screen. */
export const DUTY_LIST_LIMITS = { items: 30, itemLength: 200 } as const;

/** Items as stored: trimmed, in the given order. */
export function normaliseDuties(items: readonly string[]): string[] {
  return items.map((item) => item.trim());
}

/** Every problem of a (normalised) duty list, one per item, with paths `duties.N` (0-based). */
export function dutyListProblems(items: readonly string[]): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (items.length > DUTY_LIST_LIMITS.items)
    problems.push({
      path: 'duties',
      message: `责任清单最多 ${DUTY_LIST_LIMITS.items} 条，现有 ${items.length} 条`,
    });
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const path = `duties.${i}`;
    if (!item) problems.push({ path, message: `第 ${i + 1} 条为空` });
    else if (item.length > DUTY_LIST_LIMITS.itemLength)
      problems.push({ path, message: `第 ${i + 1} 条超过 ${DUTY_LIST_LIMITS.itemLength} 字` });
    const first = seen.get(item);
    if (item && first !== undefined)
      problems.push({ path, message: `第 ${i + 1} 条与第 ${first + 1} 条重复` });
    else seen.set(item, i);
  });
  return problems;
}

// The route checks only the shape; the service lists every content problem (dutyListProblems) together
// with the reference problems, so one answer names them all.
const DutyItems = z.array(z.string().max(1000)).max(200);

export const AddMemberRequest = z.object({
  memberId: z.string().uuid(),
  role: z.enum(MEMBER_ROLES).default('member'),
  duties: DutyItems.default([]),
});
export type AddMemberRequest = z.infer<typeof AddMemberRequest>;

export const UpdateMemberRequest = z.object({
  role: z.enum(MEMBER_ROLES).optional(),
  duties: DutyItems.optional(),
});
export type UpdateMemberRequest = z.infer<typeof UpdateMemberRequest>;

export const DirectoryMember = z.object({
  unitId: z.string(),
  unitName: z.string(),
  unitKind: z.enum(ORG_UNIT_KINDS),
  role: z.enum(MEMBER_ROLES),
  duties: z.array(z.string()),
  /** Role and duties are demo data (演示数据) until someone edits them. */
  isDemo: z.boolean(),
  updatedAt: z.string(),
  /** 分管领导 then 联络员: those named for this body, else the unit-wide ones. */
  contacts: z.array(ContactView),
});
export type DirectoryMember = z.infer<typeof DirectoryMember>;

export const DirectoryBody = z.object({
  id: z.string(),
  name: z.string(),
  shortName: z.string(),
  kind: z.enum(BODY_KINDS),
  regionCode: z.string(),
  /** 主任/总指挥, 副主任/副总指挥, 办公室主任, 办公室值班室, in that order. */
  leadership: z.array(ContactView),
  /** 牵头 units first, then the members by name. */
  members: z.array(DirectoryMember),
});
export type DirectoryBody = z.infer<typeof DirectoryBody>;

export const DirectoryView = z.object({ bodies: z.array(DirectoryBody) });
export type DirectoryView = z.infer<typeof DirectoryView>;

export const DirectoryQuery = z.object({
  bodyId: z.string().uuid().optional(),
  q: z.string().trim().max(100).optional(),
});
export type DirectoryQuery = z.infer<typeof DirectoryQuery>;

const POSITION_ORDER: readonly ContactDuty[] = [...BODY_POSITIONS, ...MEMBER_POSITIONS];

/**
 * Contacts by position (主任 before 副主任 … 分管领导 before 联络员), then in the order they were entered
 * (the order of the appointment document: 常务副县长 before the other 副县长).
 */
export function compareByPosition(a: ContactView, b: ContactView): number {
  const rank = (c: ContactView) => {
    const i = POSITION_ORDER.indexOf(c.duty);
    return i < 0 ? POSITION_ORDER.length : i;
  };
  return rank(a) - rank(b) || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

/** 牵头 first, then by unit name. */
export function compareMembers(a: DirectoryMember, b: DirectoryMember): number {
  const rank = (m: DirectoryMember) => (m.role === 'lead' ? 0 : 1);
  return rank(a) - rank(b) || a.unitName.localeCompare(b.unitName, 'zh-Hans-CN');
}

/**
 * The part of the directory that matches `q` (a unit, a person's name, title or phone). A body whose
 * name matches is kept whole; otherwise a body keeps the leaders and the member units that match (a
 * member unit with all its people), and disappears when nothing does.
 */
export function filterDirectory(bodies: readonly DirectoryBody[], q: string | undefined): DirectoryBody[] {
  const needle = (q ?? '').trim().toLowerCase();
  if (!needle) return [...bodies];
  const digits = /^[\d-]+$/.test(needle) ? needle.replace(/-/g, '') : null;
  const hit = (text: string | null) => text !== null && text.toLowerCase().includes(needle);
  const phoneHit = (phone: string | null) =>
    phone !== null && digits !== null && digits.length > 0 && phone.replace(/-/g, '').includes(digits);
  const personHit = (c: ContactView) =>
    hit(c.name) || hit(c.title) || phoneHit(c.phone) || phoneHit(c.officePhone);
  return bodies.flatMap((body) => {
    if (hit(body.name) || hit(body.shortName)) return [body];
    const leadership = body.leadership.filter(personHit);
    const members = body.members.filter((m) => hit(m.unitName) || m.contacts.some(personHit));
    return leadership.length + members.length > 0 ? [{ ...body, leadership, members }] : [];
  });
}
