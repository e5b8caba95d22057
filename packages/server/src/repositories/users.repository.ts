import type { ListQuery, Role, Scope, UserView } from '@ningan/domain';
import { and, count, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { users } from '../db/schema/index.ts';
import { scopeWhere, sortBy } from './scope.ts';

export type UserRow = typeof users.$inferSelect;
export type NewUserRow = typeof users.$inferInsert;

export function toUserView(u: UserRow, now: Date): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    phone: u.phone,
    roles: u.roles as Role[],
    scope: { level: u.scopeLevel, regionCode: u.scopeRegionCode, orgUnitId: u.scopeOrgUnitId },
    orgUnitId: u.orgUnitId,
    disabled: u.disabled,
    locked: u.lockedUntil !== null && u.lockedUntil > now,
    isDemo: u.isDemo,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}

export function scopeOfUser(u: UserRow): Scope {
  return { level: u.scopeLevel, regionCode: u.scopeRegionCode, orgUnitId: u.scopeOrgUnitId };
}

export async function getUserById(db: DbOrTx, id: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row ?? null;
}

export async function getUserByUsername(db: DbOrTx, username: string): Promise<UserRow | null> {
  const [row] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.username}) = lower(${username})`);
  return row ?? null;
}

export async function insertUser(db: DbOrTx, row: NewUserRow): Promise<UserRow> {
  const [inserted] = await db.insert(users).values(row).returning();
  return inserted!;
}

export async function updateUser(db: DbOrTx, id: string, patch: Partial<NewUserRow>): Promise<UserRow> {
  const [updated] = await db
    .update(users)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(users.id, id))
    .returning();
  return updated!;
}

export async function findUsers(
  db: DbOrTx,
  scope: Scope,
  q: ListQuery,
): Promise<{ items: UserRow[]; total: number }> {
  const conds: SQL[] = [scopeWhere(scope, users.regionCode, users.orgUnitId)];
  if (q.q) conds.push(or(ilike(users.username, `%${q.q}%`), ilike(users.displayName, `%${q.q}%`))!);
  const where = and(...conds);
  const [total] = await db.select({ n: count() }).from(users).where(where);
  const items = await db
    .select()
    .from(users)
    .where(where)
    .orderBy(
      sortBy(
        q.sort,
        { username: users.username, displayName: users.displayName, createdAt: users.createdAt },
        sql`${users.username} asc`,
      ),
    )
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items, total: total?.n ?? 0 };
}
