/** SQL of the declarative ledger registries (table `ledger_records`). */
import type { LedgerRecordView, ListQuery, RegistryDef, Scope } from '@ningan/domain';
import { and, count, eq, getTableColumns, ilike, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { enterprises, ledgerRecords, regions } from '../db/schema/index.ts';
import { scopeWhere } from './scope.ts';

export type LedgerRow = typeof ledgerRecords.$inferSelect;
export type NewLedgerRow = typeof ledgerRecords.$inferInsert;
export type LedgerRowWithEnterprise = LedgerRow & { enterpriseName: string | null };

export interface LedgerFilter {
  q?: string;
  regionCode?: string;
  enterpriseId?: string;
  grade?: string;
  /** Field key → value: enum equality, multi membership, bool. */
  fields?: Record<string, string | boolean>;
}

export function toLedgerView(r: LedgerRowWithEnterprise): LedgerRecordView {
  return {
    id: r.id,
    registry: r.registry,
    name: r.name,
    regionCode: r.regionCode,
    lon: r.lon,
    lat: r.lat,
    geometry: r.geometry ?? null,
    enterpriseId: r.enterpriseId,
    enterpriseName: r.enterpriseName,
    supervisingDepartmentId: r.supervisingDepartmentId,
    orgUnitId: r.orgUnitId,
    attrs: r.attrs as Record<string, unknown>,
    derived: (r.derived as Record<string, unknown> | null) ?? null,
    grade: r.grade,
    isDemo: r.isDemo,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** The record as the jurisdiction rule sees it. */
export function scopedRecord<T extends LedgerRow>(r: T): T & { supervisorId: string | null } {
  return { ...r, supervisorId: r.supervisingDepartmentId };
}

const scoped = (scope: Scope) =>
  scopeWhere(scope, ledgerRecords.regionCode, ledgerRecords.orgUnitId, ledgerRecords.supervisingDepartmentId);

function where(def: RegistryDef, scope: Scope, f: LedgerFilter): SQL {
  const conds: SQL[] = [eq(ledgerRecords.registry, def.key), scoped(scope)];
  if (f.q) conds.push(ilike(ledgerRecords.searchText, `%${f.q.toLowerCase()}%`));
  if (f.regionCode) conds.push(like(ledgerRecords.regionCode, `${f.regionCode}%`));
  if (f.enterpriseId) conds.push(eq(ledgerRecords.enterpriseId, f.enterpriseId));
  if (f.grade) conds.push(eq(ledgerRecords.grade, f.grade));
  for (const [key, value] of Object.entries(f.fields ?? {})) {
    const field = def.fields.find((x) => x.key === key);
    if (!field) continue;
    if (field.type === 'multi')
      conds.push(sql`(${ledgerRecords.attrs} -> ${key}) @> jsonb_build_array(${String(value)}::text)`);
    else if (field.type === 'bool')
      conds.push(sql`coalesce((${ledgerRecords.attrs} ->> ${key})::boolean, false) = ${value === true}`);
    else conds.push(sql`${ledgerRecords.attrs} ->> ${key} = ${String(value)}`);
  }
  return and(...conds)!;
}

/** ORDER BY for `sort` (`name`, `-updatedAt`, or a field key); numbers sort as numbers. */
function orderBy(def: RegistryDef, sort: string | undefined): SQL[] {
  const fallback = [sql`${ledgerRecords.regionCode} asc`, sql`${ledgerRecords.name} asc`];
  if (!sort) return [...fallback, sql`${ledgerRecords.id}`];
  const desc = sort.startsWith('-');
  const key = desc ? sort.slice(1) : sort;
  const dir = desc ? sql`desc nulls last` : sql`asc nulls last`;
  const columns: Record<string, SQL> = {
    name: sql`${ledgerRecords.name}`,
    regionCode: sql`${ledgerRecords.regionCode}`,
    updatedAt: sql`${ledgerRecords.updatedAt}`,
    createdAt: sql`${ledgerRecords.createdAt}`,
    grade: sql`${ledgerRecords.grade}`,
  };
  let expr = columns[key];
  const field = def.fields.find((x) => x.key === key);
  if (!expr && field && field.type !== 'rows')
    expr =
      field.type === 'int' || field.type === 'number'
        ? sql`(${ledgerRecords.attrs} ->> ${key})::numeric`
        : sql`${ledgerRecords.attrs} ->> ${key}`;
  if (!expr) return [...fallback, sql`${ledgerRecords.id}`];
  return [sql`${expr} ${dir}`, sql`${ledgerRecords.id}`];
}

const withEnterprise = { ...getTableColumns(ledgerRecords), enterpriseName: enterprises.name };

export async function findLedgerRecords(
  db: DbOrTx,
  def: RegistryDef,
  scope: Scope,
  q: ListQuery & LedgerFilter,
): Promise<{ items: LedgerRowWithEnterprise[]; total: number }> {
  const w = where(def, scope, q);
  const [total] = await db.select({ n: count() }).from(ledgerRecords).where(w);
  const items = await db
    .select(withEnterprise)
    .from(ledgerRecords)
    .leftJoin(enterprises, eq(enterprises.id, ledgerRecords.enterpriseId))
    .where(w)
    .orderBy(...orderBy(def, q.sort))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items, total: total?.n ?? 0 };
}

/** Every matching record, in batches (exports, map layers). */
export async function* streamLedgerRecords(
  db: DbOrTx,
  def: RegistryDef,
  scope: Scope,
  f: LedgerFilter & { sort?: string },
  batch = 2000,
): AsyncGenerator<LedgerRowWithEnterprise> {
  for (let offset = 0; ; offset += batch) {
    const rows = await db
      .select(withEnterprise)
      .from(ledgerRecords)
      .leftJoin(enterprises, eq(enterprises.id, ledgerRecords.enterpriseId))
      .where(where(def, scope, f))
      .orderBy(...orderBy(def, f.sort))
      .limit(batch)
      .offset(offset);
    yield* rows;
    if (rows.length < batch) return;
  }
}

/** What a map layer needs, for every matching record. */
export async function findLedgerFeatures(db: DbOrTx, def: RegistryDef, scope: Scope, f: LedgerFilter) {
  return db
    .select({
      id: ledgerRecords.id,
      name: ledgerRecords.name,
      grade: ledgerRecords.grade,
      regionCode: ledgerRecords.regionCode,
      lon: ledgerRecords.lon,
      lat: ledgerRecords.lat,
      geometry: ledgerRecords.geometry,
      isDemo: ledgerRecords.isDemo,
    })
    .from(ledgerRecords)
    .where(where(def, scope, f))
    .orderBy(ledgerRecords.id);
}

export async function getLedgerRecordById(db: DbOrTx, id: string): Promise<LedgerRowWithEnterprise | null> {
  const [row] = await db
    .select(withEnterprise)
    .from(ledgerRecords)
    .leftJoin(enterprises, eq(enterprises.id, ledgerRecords.enterpriseId))
    .where(eq(ledgerRecords.id, id));
  return row ?? null;
}

export async function getLedgerRecordByKey(
  db: DbOrTx,
  registry: string,
  recordKey: string,
): Promise<LedgerRow | null> {
  const [row] = await db
    .select()
    .from(ledgerRecords)
    .where(and(eq(ledgerRecords.registry, registry), eq(ledgerRecords.recordKey, recordKey)));
  return row ?? null;
}

/** Every record of a registry (all jurisdictions): imports match rows against them. */
export async function listLedgerRecords(db: DbOrTx, registry: string): Promise<LedgerRow[]> {
  return db.select().from(ledgerRecords).where(eq(ledgerRecords.registry, registry));
}

/** id, name and registry of records, for resolving references. */
export async function findLedgerRefs(db: DbOrTx, ids: string[]) {
  if (!ids.length) return [];
  return db
    .select({
      id: ledgerRecords.id,
      registry: ledgerRecords.registry,
      name: ledgerRecords.name,
      regionCode: ledgerRecords.regionCode,
      orgUnitId: ledgerRecords.orgUnitId,
      supervisingDepartmentId: ledgerRecords.supervisingDepartmentId,
    })
    .from(ledgerRecords)
    .where(inArray(ledgerRecords.id, ids));
}

/** Records whose field `key` (a ref) points at `id`: what would dangle if it were deleted. */
export async function findReferrers(db: DbOrTx, refs: { registry: string; key: string }[], id: string) {
  if (!refs.length) return [];
  return db
    .select({ id: ledgerRecords.id, registry: ledgerRecords.registry, name: ledgerRecords.name })
    .from(ledgerRecords)
    .where(
      or(
        ...refs.map(
          (r) =>
            sql`(${ledgerRecords.registry} = ${r.registry} and ${ledgerRecords.attrs} ->> ${r.key} = ${id})`,
        ),
      ),
    )
    .limit(20);
}

export async function insertLedgerRecords(db: DbOrTx, rows: NewLedgerRow[]): Promise<LedgerRow[]> {
  if (!rows.length) return [];
  return db.insert(ledgerRecords).values(rows).returning();
}

export async function updateLedgerRecord(
  db: DbOrTx,
  id: string,
  patch: Partial<NewLedgerRow>,
  now: Date,
): Promise<LedgerRow> {
  const [row] = await db
    .update(ledgerRecords)
    .set({ ...patch, updatedAt: now })
    .where(eq(ledgerRecords.id, id))
    .returning();
  return row!;
}

export async function deleteLedgerRecord(db: DbOrTx, id: string): Promise<void> {
  await db.delete(ledgerRecords).where(eq(ledgerRecords.id, id));
}

/** Counts per registry and grade within a jurisdiction (the ledger home). */
export async function countLedgerByGrade(db: DbOrTx, scope: Scope) {
  return db
    .select({ registry: ledgerRecords.registry, grade: ledgerRecords.grade, n: count() })
    .from(ledgerRecords)
    .where(scoped(scope))
    .groupBy(ledgerRecords.registry, ledgerRecords.grade);
}

/** Counts per registry and grade of the records linked to one enterprise. */
export async function countLedgerOfEnterprise(db: DbOrTx, enterpriseId: string) {
  return db
    .select({ registry: ledgerRecords.registry, grade: ledgerRecords.grade, n: count() })
    .from(ledgerRecords)
    .where(eq(ledgerRecords.enterpriseId, enterpriseId))
    .groupBy(ledgerRecords.registry, ledgerRecords.grade);
}

/** Records whose name or searchable fields contain `q`, best (prefix) matches first. */
export async function searchLedgerRecords(db: DbOrTx, scope: Scope, q: string, limit: number) {
  const text = q.toLowerCase();
  return db
    .select({
      id: ledgerRecords.id,
      registry: ledgerRecords.registry,
      name: ledgerRecords.name,
      regionCode: ledgerRecords.regionCode,
      lon: ledgerRecords.lon,
      lat: ledgerRecords.lat,
    })
    .from(ledgerRecords)
    .where(and(scoped(scope), ilike(ledgerRecords.searchText, `%${text}%`)))
    .orderBy(sql`case when ${ledgerRecords.name} ilike ${`${q}%`} then 0 else 1 end`, ledgerRecords.name)
    .limit(limit);
}

export async function searchEnterprises(db: DbOrTx, scope: Scope, q: string, limit: number) {
  return db
    .select({
      id: enterprises.id,
      name: enterprises.name,
      creditCode: enterprises.creditCode,
      industry: enterprises.industry,
      regionCode: enterprises.regionCode,
      lon: enterprises.lon,
      lat: enterprises.lat,
    })
    .from(enterprises)
    .where(
      and(
        scopeWhere(scope, enterprises.regionCode, enterprises.orgUnitId, enterprises.supervisingDepartmentId),
        or(ilike(enterprises.name, `%${q}%`), ilike(enterprises.creditCode, `${q}%`)),
      ),
    )
    .orderBy(sql`case when ${enterprises.name} ilike ${`${q}%`} then 0 else 1 end`, enterprises.name)
    .limit(limit);
}

export async function searchRegions(db: DbOrTx, within: string, q: string, limit: number) {
  return db
    .select({
      code: regions.code,
      name: regions.name,
      level: regions.level,
      lon: regions.lon,
      lat: regions.lat,
    })
    .from(regions)
    .where(and(like(regions.code, `${within}%`), ilike(regions.name, `%${q}%`)))
    .orderBy(regions.code)
    .limit(limit);
}
