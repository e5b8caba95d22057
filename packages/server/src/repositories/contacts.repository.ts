import type { ContactDuty, ContactView, ListQuery, Scope } from '@ningan/domain';
import { and, count, eq, ilike, like, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { contacts } from '../db/schema/index.ts';
import { scopeWhere, sortBy } from './scope.ts';

export type ContactRow = typeof contacts.$inferSelect;

export function toContactView(r: ContactRow): ContactView {
  return {
    id: r.id,
    name: r.name,
    duty: r.duty as ContactDuty,
    phone: r.phone,
    officePhone: r.officePhone,
    title: r.title,
    regionCode: r.regionCode,
    orgUnitId: r.orgUnitId,
    bodyId: r.bodyId,
    note: r.note,
    isDemo: r.isDemo,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function getContactById(db: DbOrTx, id: string): Promise<ContactRow | null> {
  const [row] = await db.select().from(contacts).where(eq(contacts.id, id));
  return row ?? null;
}

export async function insertContact(db: DbOrTx, row: typeof contacts.$inferInsert): Promise<ContactRow> {
  const [inserted] = await db.insert(contacts).values(row).returning();
  return inserted!;
}

export async function updateContact(
  db: DbOrTx,
  id: string,
  patch: Partial<typeof contacts.$inferInsert>,
): Promise<ContactRow> {
  const [updated] = await db
    .update(contacts)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(contacts.id, id))
    .returning();
  return updated!;
}

export async function deleteContact(db: DbOrTx, id: string): Promise<void> {
  await db.delete(contacts).where(eq(contacts.id, id));
}

export async function findContacts(
  db: DbOrTx,
  scope: Scope,
  q: ListQuery & { regionCode?: string; duty?: ContactDuty },
): Promise<{ items: ContactRow[]; total: number }> {
  const conds: SQL[] = [scopeWhere(scope, contacts.regionCode, contacts.orgUnitId)];
  if (q.q) conds.push(or(ilike(contacts.name, `%${q.q}%`), ilike(contacts.phone, `%${q.q}%`))!);
  if (q.regionCode) conds.push(like(contacts.regionCode, `${q.regionCode}%`));
  if (q.duty) conds.push(eq(contacts.duty, q.duty));
  const where = and(...conds);
  const [total] = await db.select({ n: count() }).from(contacts).where(where);
  const items = await db
    .select()
    .from(contacts)
    .where(where)
    .orderBy(
      sortBy(
        q.sort,
        {
          name: contacts.name,
          regionCode: contacts.regionCode,
          duty: contacts.duty,
          updatedAt: contacts.updatedAt,
        },
        sql`${contacts.regionCode} asc, ${contacts.name} asc`,
      ),
    )
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items, total: total?.n ?? 0 };
}
