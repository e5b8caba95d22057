import {
  RISK_COLORS,
  worstRiskColor,
  type EnterpriseView,
  type Industry,
  type ListQuery,
  type Licence,
  type RiskColor,
  type RiskColorFilter,
  type Scope,
} from '@ningan/domain';
import { and, asc, count, desc, eq, getTableColumns, ilike, or, sql, type SQL } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { DbOrTx } from '../db/client.ts';
import { enterprises, ledgerRecords } from '../db/schema/index.ts';
import { insertUnnest, isoTime, type BulkColumn } from './bulk.ts';
import { getMeta, setMeta } from './meta.repository.ts';
import { codePrefix, scopeWhere } from './scope.ts';

// Every column but the search grams (an index key, never read back).
const { searchGrams: _searchGrams, ...COLUMNS } = getTableColumns(enterprises);

export type EnterpriseRow = Omit<typeof enterprises.$inferSelect, 'searchGrams'>;
export type NewEnterpriseRow = typeof enterprises.$inferInsert;

export interface EnterpriseFilter {
  q?: string;
  industry?: Industry;
  scale?: string;
  regionCode?: string;
  /** The overall risk colour (worst 风险点), or `none`: no risk point registered. */
  riskColor?: RiskColorFilter;
}

/** Risk points of the enterprise row being filtered whose colour is one of `colours` (any colour if omitted). */
function riskPointsOf(colours?: readonly RiskColor[]): SQL {
  return sql`exists (select 1 from ${ledgerRecords} where ${ledgerRecords.registry} = 'risk-points'
    and ${ledgerRecords.enterpriseId} = ${enterprises.id}${
      colours ? sql` and ${ledgerRecords.grade} = any(${sql.param([...colours])}::text[])` : sql``
    })`;
}

/** The condition "the enterprise's worst risk point is `colour`" (or it has none). */
function riskColorWhere(colour: RiskColorFilter): SQL {
  if (colour === 'none') return sql`not ${riskPointsOf()}`;
  const worse = RISK_COLORS.slice(0, RISK_COLORS.indexOf(colour));
  return worse.length
    ? and(riskPointsOf([colour]), sql`not ${riskPointsOf(worse)}`)!
    : riskPointsOf([colour]);
}

/** The overall risk colour (worst 风险点) of each of `ids` that has risk points. */
export async function riskColorsOf(db: DbOrTx, ids: string[]): Promise<Map<string, RiskColor>> {
  if (!ids.length) return new Map();
  const rows = await db
    .select({ id: ledgerRecords.enterpriseId, grade: ledgerRecords.grade })
    .from(ledgerRecords)
    .where(
      and(
        eq(ledgerRecords.registry, 'risk-points'),
        sql`${ledgerRecords.enterpriseId} = any(${sql.param(ids)}::uuid[])`,
      ),
    )
    .groupBy(ledgerRecords.enterpriseId, ledgerRecords.grade);
  const colours = new Map<string, RiskColor>();
  for (const id of new Set(rows.map((r) => r.id))) {
    const worst = worstRiskColor(rows.filter((r) => r.id === id).map((r) => r.grade));
    if (id && worst) colours.set(id, worst);
  }
  return colours;
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

/** `q` as a literal piece of an ILIKE pattern (its % and _ are not wildcards). */
function escapeLike(q: string): string {
  return q.replace(/[\\%_]/g, '\\$&');
}

function where(scope: Scope, f: EnterpriseFilter): SQL | undefined {
  const conds: SQL[] = [
    scopeWhere(scope, enterprises.regionCode, enterprises.orgUnitId, enterprises.supervisingDepartmentId),
  ];
  if (f.q) {
    const pattern = `%${escapeLike(f.q)}%`;
    const contains = or(ilike(enterprises.name, pattern), ilike(enterprises.creditCode, pattern))!;
    // Two characters or more: the candidates come from the bigram index (a single character scans).
    conds.push(
      [...f.q].length >= 2
        ? and(sql`${enterprises.searchGrams} @> ningan_bigrams(${f.q})`, contains)!
        : contains,
    );
  }
  if (f.industry) conds.push(eq(enterprises.industry, f.industry));
  if (f.scale) conds.push(eq(enterprises.scale, f.scale));
  if (f.regionCode) conds.push(codePrefix(enterprises.regionCode, f.regionCode));
  if (f.riskColor) conds.push(riskColorWhere(f.riskColor));
  return and(...conds);
}

const SORTABLE = {
  name: enterprises.name,
  industry: enterprises.industry,
  regionCode: enterprises.regionCode,
  updatedAt: enterprises.updatedAt,
  creditCode: enterprises.creditCode,
};

/**
 * `ORDER BY` for a `sort` value (`name`, `-updatedAt`…; unknown or none: by township/village, then
 * name). Ties go by id in the same direction, so one index (column, id) serves both directions.
 */
function orderOf(sort: string | undefined): SQL[] {
  const descending = sort?.startsWith('-') ?? false;
  const key = descending ? sort!.slice(1) : sort;
  const column = key && Object.hasOwn(SORTABLE, key) ? SORTABLE[key as keyof typeof SORTABLE] : null;
  if (!column) return [asc(enterprises.regionCode), asc(enterprises.name), asc(enterprises.id)];
  return descending ? [desc(column), desc(enterprises.id)] : [asc(column), asc(enterprises.id)];
}

/** Rows by id, in the order of `ids` (missing ones left out). */
async function rowsInOrder(db: DbOrTx, ids: string[]): Promise<EnterpriseRow[]> {
  if (!ids.length) return [];
  const rows = await db
    .select(COLUMNS)
    .from(enterprises)
    .where(sql`${enterprises.id} = any(${sql.param(ids)}::uuid[])`);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * One page and the number of matches. The page's ids are read first — from an index alone when the
 * table's visibility map allows, so a deep page skips index entries, not rows — then their rows; the
 * count runs alongside (on its own connection on a PostgreSQL server).
 */
export async function findEnterprises(
  db: DbOrTx,
  scope: Scope,
  q: ListQuery & EnterpriseFilter,
): Promise<{ items: EnterpriseRow[]; total: number }> {
  const w = where(scope, q);
  const [[total], page] = await Promise.all([
    db.select({ n: count() }).from(enterprises).where(w),
    db
      .select({ id: enterprises.id })
      .from(enterprises)
      .where(w)
      .orderBy(...orderOf(q.sort))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
  ]);
  const items = await rowsInOrder(
    db,
    page.map((r) => r.id),
  );
  return { items, total: total?.n ?? 0 };
}

/**
 * Every matching row, in order, in batches (exports, expiry scans, lookups): the ordered ids in one
 * query, then their rows `batch` at a time — no OFFSET, so the cost grows with the rows, not their square.
 */
export async function* streamEnterprises(
  db: DbOrTx,
  scope: Scope,
  f: EnterpriseFilter & { sort?: string },
  batch = 2000,
): AsyncGenerator<EnterpriseRow> {
  const ids = (
    await db
      .select({ id: enterprises.id })
      .from(enterprises)
      .where(where(scope, f))
      .orderBy(...orderOf(f.sort))
  ).map((r) => r.id);
  for (let i = 0; i < ids.length; i += batch) yield* await rowsInOrder(db, ids.slice(i, i + batch));
}

/** What a map point shows, for every matching enterprise in the list's default order (the map layer). */
export async function findEnterprisePoints(db: DbOrTx, scope: Scope, f: EnterpriseFilter) {
  return db
    .select({
      id: enterprises.id,
      industry: enterprises.industry,
      lon: enterprises.lon,
      lat: enterprises.lat,
    })
    .from(enterprises)
    .where(where(scope, f))
    .orderBy(...orderOf(undefined));
}

export async function getEnterpriseById(db: DbOrTx, id: string): Promise<EnterpriseRow | null> {
  const [row] = await db.select(COLUMNS).from(enterprises).where(eq(enterprises.id, id));
  return row ?? null;
}

export async function getEnterpriseByCreditCode(
  db: DbOrTx,
  creditCode: string,
): Promise<EnterpriseRow | null> {
  const [row] = await db.select(COLUMNS).from(enterprises).where(eq(enterprises.creditCode, creditCode));
  return row ?? null;
}

/** The enterprises holding any of these credit codes (an import's matches), in no particular order. */
export async function findEnterprisesByCreditCodes(db: DbOrTx, codes: string[]): Promise<EnterpriseRow[]> {
  if (!codes.length) return [];
  return db
    .select(COLUMNS)
    .from(enterprises)
    .where(sql`${enterprises.creditCode} = any(${sql.param(codes)}::text[])`);
}

const VERSION_KEY = 'enterprises_version';

/**
 * A token that changes with every write to the table (each write below stamps a new one in the write's
 * transaction): what caches of derived data (the map layer) compare, across processes too.
 */
export async function getEnterprisesVersion(db: DbOrTx): Promise<string | null> {
  return getMeta<string>(db, VERSION_KEY);
}

async function stampVersion(db: DbOrTx): Promise<void> {
  await setMeta(db, VERSION_KEY, randomUUID());
}

export async function insertEnterprise(db: DbOrTx, row: NewEnterpriseRow): Promise<EnterpriseRow> {
  await stampVersion(db);
  const [inserted] = await db.insert(enterprises).values(row).returning(COLUMNS);
  return inserted!;
}

const e = enterprises;
const ENTERPRISE_BULK: BulkColumn<NewEnterpriseRow>[] = [
  { column: e.id, type: 'uuid', value: (r) => r.id ?? null, defaultSql: sql`gen_random_uuid()` },
  { column: e.orgUnitId, type: 'uuid', value: (r) => r.orgUnitId },
  { column: e.name, type: 'text', value: (r) => r.name },
  { column: e.creditCode, type: 'text', value: (r) => r.creditCode },
  { column: e.industry, type: 'text', value: (r) => r.industry },
  { column: e.scale, type: 'text', value: (r) => r.scale },
  { column: e.regionCode, type: 'text', value: (r) => r.regionCode },
  { column: e.lon, type: 'float8', value: (r) => r.lon },
  { column: e.lat, type: 'float8', value: (r) => r.lat },
  { column: e.address, type: 'text', value: (r) => r.address ?? null },
  { column: e.legalRepresentative, type: 'text', value: (r) => r.legalRepresentative ?? null },
  { column: e.safetyManager, type: 'text', value: (r) => r.safetyManager ?? null },
  { column: e.safetyManagerPhone, type: 'text', value: (r) => r.safetyManagerPhone ?? null },
  { column: e.standardizationGrade, type: 'text', value: (r) => r.standardizationGrade },
  { column: e.insured, type: 'bool', value: (r) => r.insured ?? false },
  { column: e.insuranceExpiresOn, type: 'date', value: (r) => r.insuranceExpiresOn ?? null },
  { column: e.licences, type: 'jsonb', value: (r) => JSON.stringify(r.licences ?? []) },
  { column: e.supervisingDepartmentId, type: 'uuid', value: (r) => r.supervisingDepartmentId ?? null },
  { column: e.isDemo, type: 'bool', value: (r) => r.isDemo ?? false },
  { column: e.createdAt, type: 'timestamptz', value: (r) => isoTime(r.createdAt), defaultSql: sql`now()` },
  { column: e.updatedAt, type: 'timestamptz', value: (r) => isoTime(r.updatedAt), defaultSql: sql`now()` },
];

/** Many rows in one statement (see bulk.ts); what a row leaves out takes the table's default. */
export async function insertEnterprises(db: DbOrTx, rows: NewEnterpriseRow[]): Promise<void> {
  if (!rows.length) return;
  await stampVersion(db);
  await insertUnnest(db, enterprises, ENTERPRISE_BULK, rows);
}

export async function updateEnterprise(
  db: DbOrTx,
  id: string,
  patch: Partial<NewEnterpriseRow>,
): Promise<EnterpriseRow> {
  await stampVersion(db);
  const [updated] = await db
    .update(enterprises)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(enterprises.id, id))
    .returning(COLUMNS);
  return updated!;
}

/**
 * Refreshes the planner's statistics and the visibility map after a bulk write (an import): PGlite has
 * no autovacuum, and without it counts and deep pages cannot be answered from the indexes alone.
 * Outside any transaction.
 */
export async function vacuumEnterprises(db: DbOrTx): Promise<void> {
  await db.execute(sql`vacuum (analyze) enterprises, org_units`);
}
