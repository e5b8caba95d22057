import type { EnterpriseView, Industry, ListQuery, Licence, Scope } from '@ningan/domain';
import { and, count, eq, ilike, like, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { enterprises } from '../db/schema/index.ts';
import { scopeWhere, sortBy } from './scope.ts';

export type EnterpriseRow = typeof enterprises.$inferSelect;
export type NewEnterpriseRow = typeof enterprises.$inferInsert;

export interface EnterpriseFilter {
  q?: string;
  industry?: Industry;
  scale?: string;
  regionCode?: string;
}

export function toEnterpriseView(r: EnterpriseRow): EnterpriseView {
  return {
    id: r.id,
    name: r.name,
    creditCode: r.creditCode,
    industry: r.industry as EnterpriseView['industry'],
    scale: r.scale as EnterpriseView['scale'],
    regionCode: r.regionCode,
    lon: r.lon,
    lat: r.lat,
    address: r.address,
    legalRepresentative: r.legalRepresentative,
    safetyManager: r.safetyManager,
    safetyManagerPhone: r.safetyManagerPhone,
    standardizationGrade: r.standardizationGrade as EnterpriseView['standardizationGrade'],
    insured: r.insured,
    insuranceExpiresOn: r.insuranceExpiresOn,
    licences: r.licences as Licence[],
    supervisingDepartmentId: r.supervisingDepartmentId,
    orgUnitId: r.orgUnitId,
    isDemo: r.isDemo,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** The record as the jurisdiction rule sees it: owned by its unit, supervised by its department. */
export function scopedEnterprise(r: EnterpriseRow) {
  return { ...r, orgUnitId: r.orgUnitId, supervisorId: r.supervisingDepartmentId };
}

function where(scope: Scope, f: EnterpriseFilter): SQL | undefined {
  const conds: SQL[] = [
    scopeWhere(scope, enterprises.regionCode, enterprises.orgUnitId, enterprises.supervisingDepartmentId),
  ];
  if (f.q) conds.push(or(ilike(enterprises.name, `%${f.q}%`), ilike(enterprises.creditCode, `%${f.q}%`))!);
  if (f.industry) conds.push(eq(enterprises.industry, f.industry));
  if (f.scale) conds.push(eq(enterprises.scale, f.scale));
  if (f.regionCode) conds.push(like(enterprises.regionCode, `${f.regionCode}%`));
  return and(...conds);
}

const SORTABLE = {
  name: enterprises.name,
  industry: enterprises.industry,
  regionCode: enterprises.regionCode,
  updatedAt: enterprises.updatedAt,
  creditCode: enterprises.creditCode,
};

export async function findEnterprises(
  db: DbOrTx,
  scope: Scope,
  q: ListQuery & EnterpriseFilter,
): Promise<{ items: EnterpriseRow[]; total: number }> {
  const w = where(scope, q);
  const [total] = await db.select({ n: count() }).from(enterprises).where(w);
  const items = await db
    .select()
    .from(enterprises)
    .where(w)
    .orderBy(
      sortBy(q.sort, SORTABLE, sql`${enterprises.regionCode} asc, ${enterprises.name} asc`),
      enterprises.id,
    )
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items, total: total?.n ?? 0 };
}

/** Every matching row, in batches (exports, map layers, expiry scans). */
export async function* streamEnterprises(
  db: DbOrTx,
  scope: Scope,
  f: EnterpriseFilter & { sort?: string },
  batch = 2000,
): AsyncGenerator<EnterpriseRow> {
  for (let offset = 0; ; offset += batch) {
    const rows = await db
      .select()
      .from(enterprises)
      .where(where(scope, f))
      .orderBy(
        sortBy(f.sort, SORTABLE, sql`${enterprises.regionCode} asc, ${enterprises.name} asc`),
        enterprises.id,
      )
      .limit(batch)
      .offset(offset);
    yield* rows;
    if (rows.length < batch) return;
  }
}

export async function getEnterpriseById(db: DbOrTx, id: string): Promise<EnterpriseRow | null> {
  const [row] = await db.select().from(enterprises).where(eq(enterprises.id, id));
  return row ?? null;
}

export async function getEnterpriseByCreditCode(
  db: DbOrTx,
  creditCode: string,
): Promise<EnterpriseRow | null> {
  const [row] = await db.select().from(enterprises).where(eq(enterprises.creditCode, creditCode));
  return row ?? null;
}

export async function insertEnterprise(db: DbOrTx, row: NewEnterpriseRow): Promise<EnterpriseRow> {
  const [inserted] = await db.insert(enterprises).values(row).returning();
  return inserted!;
}

export async function insertEnterprises(db: DbOrTx, rows: NewEnterpriseRow[]): Promise<void> {
  if (rows.length) await db.insert(enterprises).values(rows);
}

export async function updateEnterprise(
  db: DbOrTx,
  id: string,
  patch: Partial<NewEnterpriseRow>,
): Promise<EnterpriseRow> {
  const [updated] = await db
    .update(enterprises)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(enterprises.id, id))
    .returning();
  return updated!;
}
