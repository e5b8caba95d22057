/** The 三委四部 directory (应急通讯录): bodies, their memberships (role, 责任清单) and the contacts they show. */
import { BODY_KINDS, type OrgUnitKind, type Scope } from '@ningan/domain';
import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { contacts, orgUnitMembers, orgUnits } from '../db/schema/index.ts';
import type { ContactRow } from './contacts.repository.ts';
import type { OrgUnitRow } from './org-units.repository.ts';
import { scopeWhere } from './scope.ts';

export type MembershipRow = typeof orgUnitMembers.$inferSelect;

/** A membership with the member unit's name and kind. */
export type MemberRow = MembershipRow & { unitName: string; unitKind: OrgUnitKind };

/** The committees and headquarters within `scope` (all, or the one with `bodyId`). */
export async function findBodies(db: DbOrTx, scope: Scope, bodyId?: string): Promise<OrgUnitRow[]> {
  const conds = [
    inArray(orgUnits.kind, [...BODY_KINDS]),
    scopeWhere(scope, orgUnits.regionCode, orgUnits.id),
  ];
  if (bodyId) conds.push(eq(orgUnits.id, bodyId));
  return db
    .select()
    .from(orgUnits)
    .where(and(...conds));
}

/** The memberships of `groupIds` with their member units. */
export async function findMembers(db: DbOrTx, groupIds: string[]): Promise<MemberRow[]> {
  if (!groupIds.length) return [];
  const rows = await db
    .select({ m: orgUnitMembers, unitName: orgUnits.name, unitKind: orgUnits.kind })
    .from(orgUnitMembers)
    .innerJoin(orgUnits, eq(orgUnits.id, orgUnitMembers.memberId))
    .where(inArray(orgUnitMembers.groupId, groupIds));
  return rows.map((r) => ({ ...r.m, unitName: r.unitName, unitKind: r.unitKind }));
}

/**
 * The contacts the directory shows for these bodies and member units, within `scope`: those of the
 * units themselves that serve no body in particular or one of `bodyIds`.
 */
export async function findDirectoryContacts(
  db: DbOrTx,
  scope: Scope,
  unitIds: string[],
  bodyIds: string[],
): Promise<ContactRow[]> {
  if (!unitIds.length) return [];
  return db
    .select()
    .from(contacts)
    .where(
      and(
        inArray(contacts.orgUnitId, unitIds),
        bodyIds.length
          ? or(isNull(contacts.bodyId), inArray(contacts.bodyId, bodyIds))
          : isNull(contacts.bodyId),
        scopeWhere(scope, contacts.regionCode, contacts.orgUnitId),
      ),
    );
}

export async function getMembership(
  db: DbOrTx,
  groupId: string,
  memberId: string,
): Promise<MembershipRow | null> {
  const [row] = await db
    .select()
    .from(orgUnitMembers)
    .where(and(eq(orgUnitMembers.groupId, groupId), eq(orgUnitMembers.memberId, memberId)));
  return row ?? null;
}

/** Locks the membership row for the rest of the transaction (two editors of one list queue up). */
export async function lockMembership(
  db: DbOrTx,
  groupId: string,
  memberId: string,
): Promise<MembershipRow | null> {
  const [row] = await db
    .select()
    .from(orgUnitMembers)
    .where(and(eq(orgUnitMembers.groupId, groupId), eq(orgUnitMembers.memberId, memberId)))
    .for('update');
  return row ?? null;
}

export async function insertMembership(
  db: DbOrTx,
  row: typeof orgUnitMembers.$inferInsert,
): Promise<MembershipRow> {
  const [inserted] = await db.insert(orgUnitMembers).values(row).returning();
  return inserted!;
}

export async function updateMembership(
  db: DbOrTx,
  groupId: string,
  memberId: string,
  patch: Partial<Pick<MembershipRow, 'role' | 'duties' | 'isDemo' | 'updatedAt'>>,
): Promise<MembershipRow> {
  const [updated] = await db
    .update(orgUnitMembers)
    .set(patch)
    .where(and(eq(orgUnitMembers.groupId, groupId), eq(orgUnitMembers.memberId, memberId)))
    .returning();
  return updated!;
}

export async function deleteMembership(db: DbOrTx, groupId: string, memberId: string): Promise<void> {
  await db
    .delete(orgUnitMembers)
    .where(and(eq(orgUnitMembers.groupId, groupId), eq(orgUnitMembers.memberId, memberId)));
}

/** The member unit's people named for this body only (分管领导/联络员 with `bodyId`). */
export async function findBodyOnlyContacts(
  db: DbOrTx,
  bodyId: string,
  memberId: string,
): Promise<ContactRow[]> {
  return db
    .select()
    .from(contacts)
    .where(and(eq(contacts.bodyId, bodyId), eq(contacts.orgUnitId, memberId)));
}

export async function deleteContactsByIds(db: DbOrTx, ids: string[]): Promise<void> {
  if (ids.length) await db.delete(contacts).where(inArray(contacts.id, ids));
}
