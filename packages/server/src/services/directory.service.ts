/**
 * 应急通讯录 of the 三委四部: each committee/headquarters with its leadership and office, and every
 * member unit with its role (牵头/成员), its 责任清单 and its 分管领导/联络员 — read, searched, exported
 * to Excel, and the memberships edited (authorised by jurisdiction, audited in the same transaction).
 * The people themselves are contacts (contacts.service.ts) tied to the body or the member unit.
 */
import {
  AppError,
  bodyRank,
  bodyShortName,
  compareByPosition,
  compareMembers,
  dutyListProblems,
  filterDirectory,
  isBodyKind,
  isBodyPosition,
  isInScope,
  MEMBER_POSITIONS,
  MEMBER_ROLE_LABELS,
  MEMBER_UNIT_KINDS,
  normaliseDuties,
  notFound,
  ORG_UNIT_KIND_LABELS,
  positionLabel,
  type Actor,
  type AddMemberRequest,
  type BodyKind,
  type ContactView,
  type DirectoryBody,
  type DirectoryMember,
  type DirectoryQuery,
  type DirectoryView,
  type ErrorDetail,
  type Scope,
  type UpdateMemberRequest,
} from '@ningan/domain';
import type { DbOrTx } from '../db/client.ts';
import { writeXlsxBook, type XlsxColumn } from '../lib/xlsx.ts';
import { toContactView } from '../repositories/contacts.repository.ts';
import {
  deleteContactsByIds,
  deleteMembership,
  findBodies,
  findBodyOnlyContacts,
  findDirectoryContacts,
  findMembers,
  getMembership,
  insertMembership,
  lockMembership,
  updateMembership,
} from '../repositories/directory.repository.ts';
import { getOrgUnitById, scopedOrgUnit, type OrgUnitRow } from '../repositories/org-units.repository.ts';
import { audit, diff, rejectIfAny, requirePermission, type ServiceDeps } from './context.ts';

/** One row of the exported sheet: a person (or a member unit without one) of a body. */
interface SheetRow {
  no: number | null;
  unit: string;
  role: string;
  position: string;
  person: ContactView | null;
  duties: string[] | null;
}

const SHEET_COLUMNS: XlsxColumn<SheetRow>[] = [
  { header: '序号', width: 6, value: (r) => r.no },
  { header: '单位', width: 30, value: (r) => r.unit },
  { header: '角色', width: 8, value: (r) => r.role || null },
  { header: '职务类别', width: 12, value: (r) => r.position || null },
  { header: '姓名', width: 16, value: (r) => r.person?.name ?? null },
  { header: '职务', width: 24, value: (r) => r.person?.title ?? null },
  { header: '办公电话', width: 15, value: (r) => r.person?.officePhone ?? null },
  { header: '手机', width: 14, value: (r) => r.person?.phone ?? null },
  {
    header: '责任清单',
    width: 70,
    wrap: true,
    value: (r) => (r.duties?.length ? r.duties.map((d, i) => `${i + 1}. ${d}`).join('\n') : null),
  },
];

/** A body's sheet: its leadership and office first, then each member unit with its people and duties. */
export function directorySheetRows(body: DirectoryBody): SheetRow[] {
  const rows: SheetRow[] = body.leadership.map((person) => ({
    no: null,
    unit: body.name,
    role: '',
    position: positionLabel(person.duty, body.kind),
    person,
    duties: null,
  }));
  body.members.forEach((m, i) => {
    const people: (ContactView | null)[] = m.contacts.length ? m.contacts : [null];
    people.forEach((person, j) =>
      rows.push({
        no: j === 0 ? i + 1 : null,
        unit: m.unitName,
        role: MEMBER_ROLE_LABELS[m.role],
        position: person ? positionLabel(person.duty, body.kind) : '',
        person,
        duties: j === 0 ? m.duties : null,
      }),
    );
  });
  return rows;
}

export function createDirectoryService(deps: ServiceDeps) {
  const { db, clock, config } = deps;

  /**
   * Whose directory an actor reads: the 三委四部 are the county's, and every government user — a township
   * office calling the flood HQ's liaison at night, a department checking its duties — reads all of it.
   * Enterprise accounts do not (these are officials' personal numbers). Editing stays within jurisdiction.
   */
  function readScope(actor: Actor): Scope {
    requirePermission(actor, 'directory:read');
    if (actor.scope.level === 'enterprise') throw new AppError('forbidden', '企业用户不能查看应急通讯录');
    return { level: 'county', regionCode: config.regionCode, orgUnitId: null };
  }

  /** The county's bodies (or the one asked for), assembled and ordered. */
  async function load(dbx: DbOrTx, actor: Actor, bodyId?: string): Promise<DirectoryBody[]> {
    const scope = readScope(actor);
    const bodies = await findBodies(dbx, scope, bodyId);
    const bodyIds = bodies.map((b) => b.id);
    const members = await findMembers(dbx, bodyIds);
    const unitIds = [...new Set([...bodyIds, ...members.map((m) => m.memberId)])];
    const people = (await findDirectoryContacts(dbx, scope, unitIds, bodyIds)).map(toContactView);

    // A member unit's people for one body: those named for the body, else (per position) the unit-wide ones.
    const peopleOf = (bodyId: string, unitId: string): ContactView[] =>
      MEMBER_POSITIONS.flatMap((duty) => {
        const mine = people.filter((c) => c.orgUnitId === unitId && c.duty === duty);
        const named = mine.filter((c) => c.bodyId === bodyId);
        return named.length ? named : mine.filter((c) => c.bodyId === null);
      }).sort(compareByPosition);

    return bodies
      .filter((b): b is OrgUnitRow & { kind: BodyKind } => isBodyKind(b.kind))
      .sort((a, b) => bodyRank(a.name) - bodyRank(b.name) || a.name.localeCompare(b.name, 'zh-Hans-CN'))
      .map((body) => ({
        id: body.id,
        name: body.name,
        shortName: bodyShortName(body.name),
        kind: body.kind,
        regionCode: body.regionCode,
        leadership: people
          .filter((c) => c.orgUnitId === body.id && c.bodyId === null && isBodyPosition(c.duty))
          .sort(compareByPosition),
        members: members
          .filter((m) => m.groupId === body.id)
          .map((m): DirectoryMember => ({
            unitId: m.memberId,
            unitName: m.unitName,
            unitKind: m.unitKind,
            role: m.role,
            duties: m.duties,
            isDemo: m.isDemo,
            updatedAt: m.updatedAt.toISOString(),
            contacts: peopleOf(body.id, m.memberId),
          }))
          .sort(compareMembers),
      }));
  }

  /**
   * The body by id (any other kind of unit is "not found"); for an edit, the body must also be within the
   * actor's own jurisdiction (a township office reads the county's bodies but does not rewrite them).
   */
  async function loadBody(
    dbx: DbOrTx,
    actor: Actor,
    bodyId: string,
    purpose: 'read' | 'write' = 'read',
  ): Promise<OrgUnitRow> {
    const body = await getOrgUnitById(dbx, bodyId);
    if (!body || !isBodyKind(body.kind) || !isInScope(readScope(actor), scopedOrgUnit(body)))
      throw notFound('委员会或指挥部');
    if (purpose === 'write' && !isInScope(actor.scope, scopedOrgUnit(body)))
      throw new AppError('forbidden', `${body.name}不在本人管辖范围内，不能修改`);
    return body;
  }

  async function memberView(
    tx: DbOrTx,
    actor: Actor,
    bodyId: string,
    memberId: string,
  ): Promise<DirectoryMember> {
    const [body] = await load(tx, actor, bodyId);
    return body!.members.find((m) => m.unitId === memberId)!;
  }

  return {
    /** The directory within the actor's jurisdiction, optionally one body, filtered by `q`. @throws forbidden | not_found */
    async getDirectory(actor: Actor, q: DirectoryQuery): Promise<DirectoryView> {
      requirePermission(actor, 'directory:read');
      if (q.bodyId) await loadBody(db, actor, q.bodyId);
      return { bodies: filterDirectory(await load(db, actor, q.bodyId), q.q) };
    },

    /**
     * The directory (one body or all, filtered as `getDirectory`) as .xlsx, a sheet per body; the export
     * of these phone numbers is recorded in the audit trail. @throws forbidden | not_found
     */
    async exportDirectory(
      actor: Actor,
      q: DirectoryQuery,
    ): Promise<{ buffer: Buffer; bodies: DirectoryBody[] }> {
      requirePermission(actor, 'directory:read');
      const body = q.bodyId ? await loadBody(db, actor, q.bodyId) : null;
      const bodies = filterDirectory(await load(db, actor, q.bodyId), q.q);
      const sheets = bodies.map((b) => ({
        name: b.shortName,
        columns: SHEET_COLUMNS,
        rows: directorySheetRows(b),
      }));
      const buffer = await writeXlsxBook(sheets);
      const now = clock();
      await db.transaction(async (tx) => {
        await audit(
          tx,
          actor,
          {
            action: 'directory.export',
            entityType: 'org_unit',
            entityId: body?.id ?? null,
            regionCode: body?.regionCode ?? config.regionCode,
            details: {
              q: q.q ?? null,
              bodies: bodies.map((b) => b.name),
              rows: sheets.reduce((n, s) => n + s.rows.length, 0),
            },
          },
          now,
        );
      });
      return { buffer, bodies };
    },

    /**
     * Adds a member unit to a body with its role and 责任清单.
     * @throws forbidden | not_found (the body) | validation_failed (every problem of the unit and the list)
     */
    async addMember(
      actor: Actor,
      bodyId: string,
      input: AddMemberRequest,
      options: { isDemo?: boolean } = {},
    ): Promise<DirectoryMember> {
      requirePermission(actor, 'contact:write');
      const body = await loadBody(db, actor, bodyId, 'write');
      const duties = normaliseDuties(input.duties);
      const now = clock();
      return db.transaction(async (tx) => {
        const problems: ErrorDetail[] = [];
        const unit = await getOrgUnitById(tx, input.memberId);
        if (!unit || !isInScope(actor.scope, scopedOrgUnit(unit)))
          problems.push({ path: 'memberId', message: '单位不存在' });
        else if (!MEMBER_UNIT_KINDS.includes(unit.kind))
          problems.push({ path: 'memberId', message: `${ORG_UNIT_KIND_LABELS[unit.kind]}不能作为成员单位` });
        else if (await getMembership(tx, body.id, unit.id))
          problems.push({ path: 'memberId', message: `${unit.name}已是${body.name}的成员单位` });
        problems.push(...dutyListProblems(duties));
        rejectIfAny(problems);
        await insertMembership(tx, {
          groupId: body.id,
          memberId: unit!.id,
          role: input.role,
          duties,
          isDemo: options.isDemo ?? false,
          updatedAt: now,
        });
        await audit(
          tx,
          actor,
          {
            action: 'org_unit.add_member',
            entityType: 'org_unit',
            entityId: body.id,
            regionCode: body.regionCode,
            details: { memberId: unit!.id, memberName: unit!.name, role: input.role, duties },
          },
          now,
        );
        return memberView(tx, actor, body.id, unit!.id);
      });
    },

    /**
     * Changes a member unit's role or 责任清单 in a body (the list is replaced whole, in its order).
     * An edit makes the list the county's own: it is no longer marked 演示数据.
     * @throws forbidden | not_found (the body, or a unit that is not its member) | validation_failed
     */
    async updateMember(
      actor: Actor,
      bodyId: string,
      memberId: string,
      input: UpdateMemberRequest,
      options: { isDemo?: boolean } = {},
    ): Promise<DirectoryMember> {
      requirePermission(actor, 'contact:write');
      const body = await loadBody(db, actor, bodyId, 'write');
      const now = clock();
      return db.transaction(async (tx) => {
        const before = await lockMembership(tx, body.id, memberId);
        if (!before) throw notFound('成员单位');
        const patch = {
          role: input.role,
          duties: input.duties === undefined ? undefined : normaliseDuties(input.duties),
        };
        rejectIfAny(patch.duties ? dutyListProblems(patch.duties) : []);
        const changes = diff({ role: before.role, duties: before.duties }, patch);
        if (Object.keys(changes).length === 0) return memberView(tx, actor, body.id, memberId);
        await updateMembership(tx, body.id, memberId, {
          ...(patch.role ? { role: patch.role } : {}),
          ...(patch.duties ? { duties: patch.duties } : {}),
          isDemo: options.isDemo ?? false,
          updatedAt: now,
        });
        const unit = await getOrgUnitById(tx, memberId);
        await audit(
          tx,
          actor,
          {
            action: 'org_unit.update_member',
            entityType: 'org_unit',
            entityId: body.id,
            regionCode: body.regionCode,
            details: { memberId, memberName: unit?.name ?? null, changes },
          },
          now,
        );
        return memberView(tx, actor, body.id, memberId);
      });
    },

    /**
     * Removes a member unit from a body, with its 责任清单 and the people it named for this body only
     * (kept in the audit record). @throws forbidden | not_found
     */
    async removeMember(actor: Actor, bodyId: string, memberId: string): Promise<void> {
      requirePermission(actor, 'contact:write');
      const body = await loadBody(db, actor, bodyId, 'write');
      const now = clock();
      await db.transaction(async (tx) => {
        const before = await lockMembership(tx, body.id, memberId);
        if (!before) throw notFound('成员单位');
        const people = await findBodyOnlyContacts(tx, body.id, memberId);
        await deleteContactsByIds(
          tx,
          people.map((p) => p.id),
        );
        await deleteMembership(tx, body.id, memberId);
        const unit = await getOrgUnitById(tx, memberId);
        await audit(
          tx,
          actor,
          {
            action: 'org_unit.remove_member',
            entityType: 'org_unit',
            entityId: body.id,
            regionCode: body.regionCode,
            details: {
              memberId,
              memberName: unit?.name ?? null,
              role: before.role,
              duties: before.duties,
              removedContacts: people.map(toContactView),
            },
          },
          now,
        );
      });
    },
  };
}

export type DirectoryService = ReturnType<typeof createDirectoryService>;
