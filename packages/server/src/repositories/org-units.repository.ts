import type { ListQuery, OrgUnitKind, OrgUnitView, Scope, ScopedRecord } from '@ningan/domain';
import { and, count, eq, ilike, inArray, like, notInArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { orgUnitMembers, orgUnits } from '../db/schema/index.ts';
import { insertUnnest, isoTime, type BulkColumn } from './bulk.ts';
import { scopeWhere, sortBy } from './scope.ts';

export type OrgUnitRow = typeof orgUnits.$inferSelect;

/**
 * An org unit as a record for the jurisdiction check: it is owned by itself (the row has no
 * `orgUnitId`), as in the SQL rule `scopeWhere(scope, orgUnits.regionCode, orgUnits.id)`.
 */
export function scopedOrgUnit(r: OrgUnitRow): ScopedRecord {
  return { regionCode: r.regionCode, orgUnitId: r.id };
}

export async function toOrgUnitViews(db: DbOrTx, rows: OrgUnitRow[]): Promise<OrgUnitView[]> {
  const ids = rows.map((r) => r.id);
  const members = ids.length
    ? await db.select().from(orgUnitMembers).where(inArray(orgUnitMembers.groupId, ids))
    : [];
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    parentId: r.parentId,
    regionCode: r.regionCode,
    memberIds: members.filter((m) => m.groupId === r.id).map((m) => m.memberId),
    isDemo: r.isDemo,
    createdAt: r.createdAt.toISOString(),
  }));
}

export async function getOrgUnitById(db: DbOrTx, id: string): Promise<OrgUnitRow | null> {
  const [row] = await db.select().from(orgUnits).where(eq(orgUnits.id, id));
  return row ?? null;
}

export async function getOrgUnitsByIds(db: DbOrTx, ids: string[]): Promise<OrgUnitRow[]> {
  if (!ids.length) return [];
  return db.select().from(orgUnits).where(inArray(orgUnits.id, ids));
}

export async function insertOrgUnit(db: DbOrTx, row: typeof orgUnits.$inferInsert): Promise<OrgUnitRow> {
  const [inserted] = await db.insert(orgUnits).values(row).returning();
  return inserted!;
}

export async function insertOrgUnits(
  db: DbOrTx,
  rows: (typeof orgUnits.$inferInsert)[],
): Promise<OrgUnitRow[]> {
  return rows.length ? db.insert(orgUnits).values(rows).returning() : [];
}

const ORG_UNIT_BULK: BulkColumn<typeof orgUnits.$inferInsert & { id: string }>[] = [
  { column: orgUnits.id, type: 'uuid', value: (r) => r.id },
  { column: orgUnits.name, type: 'text', value: (r) => r.name },
  { column: orgUnits.kind, type: 'text', value: (r) => r.kind },
  { column: orgUnits.parentId, type: 'uuid', value: (r) => r.parentId ?? null },
  { column: orgUnits.regionCode, type: 'text', value: (r) => r.regionCode },
  { column: orgUnits.isDemo, type: 'bool', value: (r) => r.isDemo ?? false },
  {
    column: orgUnits.createdAt,
    type: 'timestamptz',
    value: (r) => isoTime(r.createdAt),
    defaultSql: sql`now()`,
  },
  {
    column: orgUnits.updatedAt,
    type: 'timestamptz',
    value: (r) => isoTime(r.updatedAt),
    defaultSql: sql`now()`,
  },
];

/** Many units whose ids the caller chose, in one statement (bulk.ts: an import's enterprise units). */
export async function insertOrgUnitRows(
  db: DbOrTx,
  rows: (typeof orgUnits.$inferInsert & { id: string })[],
): Promise<void> {
  await insertUnnest(db, orgUnits, ORG_UNIT_BULK, rows);
}

export async function updateOrgUnit(
  db: DbOrTx,
  id: string,
  patch: Partial<typeof orgUnits.$inferInsert>,
): Promise<OrgUnitRow> {
  const [updated] = await db
    .update(orgUnits)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(orgUnits.id, id))
    .returning();
  return updated!;
}

/**
 * Makes `memberIds` the members of `groupId`: removes the others and adds the new ones, keeping the
 * rows of members that stay (their role and 责任清单).
 */
export async function setOrgUnitMembers(db: DbOrTx, groupId: string, memberIds: string[]): Promise<void> {
  await db
    .delete(orgUnitMembers)
    .where(
      memberIds.length
        ? and(eq(orgUnitMembers.groupId, groupId), notInArray(orgUnitMembers.memberId, memberIds))
        : eq(orgUnitMembers.groupId, groupId),
    );
  if (memberIds.length)
    await db
      .insert(orgUnitMembers)
      .values([...new Set(memberIds)].map((memberId) => ({ groupId, memberId })))
      .onConflictDoNothing();
}

export async function findOrgUnits(
  db: DbOrTx,
  scope: Scope,
  q: ListQuery & { kind?: OrgUnitKind; regionCode?: string },
): Promise<{ items: OrgUnitRow[]; total: number }> {
  const conds: SQL[] = [scopeWhere(scope, orgUnits.regionCode, orgUnits.id)];
  if (q.q) conds.push(ilike(orgUnits.name, `%${q.q}%`));
  if (q.kind) conds.push(eq(orgUnits.kind, q.kind));
  if (q.regionCode) conds.push(like(orgUnits.regionCode, `${q.regionCode}%`));
  const where = and(...conds);
  const [total] = await db.select({ n: count() }).from(orgUnits).where(where);
  const items = await db
    .select()
    .from(orgUnits)
    .where(where)
    .orderBy(
      sortBy(
        q.sort,
        {
          name: orgUnits.name,
          kind: orgUnits.kind,
          regionCode: orgUnits.regionCode,
          createdAt: orgUnits.createdAt,
        },
        sql`${orgUnits.regionCode} asc, ${orgUnits.kind} asc, ${orgUnits.name} asc`,
      ),
    )
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items, total: total?.n ?? 0 };
}

/** Departments and bureau offices (the units that may supervise records), all of them. */
export async function listDepartments(db: DbOrTx): Promise<OrgUnitRow[]> {
  return db
    .select()
    .from(orgUnits)
    .where(inArray(orgUnits.kind, ['department', 'bureau_office', 'bureau']));
}

/**
 * Units with any of these names, as (id, name, region): what an enterprise import checks its new and
 * renamed units against (one unit name per region, `org_units_name_region_uq`).
 */
export async function findOrgUnitsByNames(
  db: DbOrTx,
  names: string[],
): Promise<Pick<OrgUnitRow, 'id' | 'name' | 'regionCode'>[]> {
  const unique = [...new Set(names)];
  const found: Pick<OrgUnitRow, 'id' | 'name' | 'regionCode'>[] = [];
  for (let i = 0; i < unique.length; i += 5000)
    found.push(
      ...(await db
        .select({ id: orgUnits.id, name: orgUnits.name, regionCode: orgUnits.regionCode })
        .from(orgUnits)
        .where(inArray(orgUnits.name, unique.slice(i, i + 5000)))),
    );
  return found;
}

/** The unit called `name` in region `regionCode`, if any (names are unique per region). */
export async function getOrgUnitByNameAndRegion(
  db: DbOrTx,
  name: string,
  regionCode: string,
): Promise<OrgUnitRow | null> {
  const [row] = await db
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.name, name), eq(orgUnits.regionCode, regionCode)));
  return row ?? null;
}
