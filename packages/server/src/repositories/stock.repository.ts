/** SQL of warehouse stock (issue #3): lots, the movement ledger and minimums; jurisdiction via the warehouse record. */
import type { Scope } from '@ningan/domain';
import { and, asc, count, desc, eq, gt, inArray, isNotNull, lte, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { ledgerRecords, stockLots, stockMinimums, stockMovements } from '../db/schema/index.ts';
import { scopeWhere } from './scope.ts';

export type StockLotRow = typeof stockLots.$inferSelect;
export type NewStockLotRow = typeof stockLots.$inferInsert;
export type StockMovementRow = typeof stockMovements.$inferSelect;
export type NewStockMovementRow = typeof stockMovements.$inferInsert;
export type StockMinimumRow = typeof stockMinimums.$inferSelect;

const WAREHOUSES = 'warehouses';

const scopedWarehouses = (scope: Scope): SQL =>
  and(
    eq(ledgerRecords.registry, WAREHOUSES),
    scopeWhere(
      scope,
      ledgerRecords.regionCode,
      ledgerRecords.orgUnitId,
      ledgerRecords.supervisingDepartmentId,
    ),
  )!;

/**
 * The lots of one item in a warehouse (one batch when named), locked `FOR UPDATE` until the transaction
 * ends: a concurrent movement of the same item waits, then reads the quantities this one leaves.
 * Locked in id order, so two transactions never lock the same rows in opposite orders.
 */
export async function lockLots(
  tx: DbOrTx,
  warehouseId: string,
  itemCode: string,
  batch: string | null = null,
): Promise<StockLotRow[]> {
  const conds = [eq(stockLots.warehouseId, warehouseId), eq(stockLots.itemCode, itemCode)];
  if (batch !== null) conds.push(eq(stockLots.batch, batch));
  return tx
    .select()
    .from(stockLots)
    .where(and(...conds))
    .orderBy(asc(stockLots.id))
    .for('update');
}

/**
 * Adds a new batch; when a concurrent transaction created the same batch first, adds to it instead
 * (keeping its expiry unless it had none).
 */
export async function insertOrAddLot(tx: DbOrTx, row: NewStockLotRow): Promise<StockLotRow> {
  const [lot] = await tx
    .insert(stockLots)
    .values(row)
    .onConflictDoUpdate({
      target: [stockLots.warehouseId, stockLots.itemCode, stockLots.batch],
      set: {
        quantity: sql`round((${stockLots.quantity} + excluded.quantity)::numeric, 3)::double precision`,
        expiresOn: sql`coalesce(${stockLots.expiresOn}, excluded.expires_on)`,
        updatedAt: sql`excluded.updated_at`,
      },
    })
    .returning();
  return lot!;
}

export async function updateLot(
  tx: DbOrTx,
  id: string,
  set: { quantity: number; expiresOn?: string | null },
  at: Date,
): Promise<void> {
  await tx
    .update(stockLots)
    .set({ ...set, updatedAt: at })
    .where(eq(stockLots.id, id));
}

export async function insertLots(tx: DbOrTx, rows: NewStockLotRow[], chunk = 500): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) await tx.insert(stockLots).values(rows.slice(i, i + chunk));
}

export async function insertMovements(
  tx: DbOrTx,
  rows: NewStockMovementRow[],
  chunk = 500,
): Promise<StockMovementRow[]> {
  const out: StockMovementRow[] = [];
  for (let i = 0; i < rows.length; i += chunk)
    out.push(
      ...(await tx
        .insert(stockMovements)
        .values(rows.slice(i, i + chunk))
        .returning()),
    );
  return out;
}

/** Every lot of a warehouse (of one item when given), empty ones included. */
export async function findLots(
  db: DbOrTx,
  warehouseId: string,
  itemCode: string | null = null,
): Promise<StockLotRow[]> {
  const conds = [eq(stockLots.warehouseId, warehouseId)];
  if (itemCode !== null) conds.push(eq(stockLots.itemCode, itemCode));
  return db
    .select()
    .from(stockLots)
    .where(and(...conds))
    .orderBy(asc(stockLots.itemCode), asc(stockLots.batch));
}

/** Warehouses among `ids` that hold any lot. */
export async function warehousesWithLots(db: DbOrTx, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db
    .selectDistinct({ id: stockLots.warehouseId })
    .from(stockLots)
    .where(inArray(stockLots.warehouseId, ids));
  return new Set(rows.map((r) => r.id));
}

export async function findMinimums(
  db: DbOrTx,
  warehouseId: string,
  itemCode: string | null = null,
): Promise<StockMinimumRow[]> {
  const conds = [eq(stockMinimums.warehouseId, warehouseId)];
  if (itemCode !== null) conds.push(eq(stockMinimums.itemCode, itemCode));
  return db
    .select()
    .from(stockMinimums)
    .where(and(...conds));
}

export async function upsertMinimum(
  tx: DbOrTx,
  row: { warehouseId: string; itemCode: string; minQuantity: number },
  at: Date,
): Promise<void> {
  await tx
    .insert(stockMinimums)
    .values({ ...row, updatedAt: at })
    .onConflictDoUpdate({
      target: [stockMinimums.warehouseId, stockMinimums.itemCode],
      set: { minQuantity: row.minQuantity, updatedAt: at },
    });
}

export async function insertMinimums(
  tx: DbOrTx,
  rows: { warehouseId: string; itemCode: string; minQuantity: number; updatedAt: Date }[],
  chunk = 500,
): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk)
    await tx
      .insert(stockMinimums)
      .values(rows.slice(i, i + chunk))
      .onConflictDoNothing();
}

/** The movement ledger of a warehouse, newest first. */
export async function findMovements(
  db: DbOrTx,
  warehouseId: string,
  q: { page: number; pageSize: number; itemCode?: string | undefined },
): Promise<{ items: StockMovementRow[]; total: number }> {
  const conds = [eq(stockMovements.warehouseId, warehouseId)];
  if (q.itemCode) conds.push(eq(stockMovements.itemCode, q.itemCode));
  const where = and(...conds);
  const [total] = await db.select({ n: count() }).from(stockMovements).where(where);
  const items = await db
    .select()
    .from(stockMovements)
    .where(where)
    .orderBy(desc(stockMovements.seq))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items, total: total?.n ?? 0 };
}

const warehouseColumns = {
  warehouseId: ledgerRecords.id,
  warehouseName: ledgerRecords.name,
  regionCode: ledgerRecords.regionCode,
  level: sql<string | null>`${ledgerRecords.attrs} ->> 'level'`,
};

/**
 * Minimums (> 0) of the warehouses in `scope` whose item total is under them. Totals are rounded to
 * the domain's three decimals before comparing.
 */
export async function findLowStock(db: DbOrTx, scope: Scope) {
  const total = sql<number>`round(coalesce(sum(${stockLots.quantity}), 0)::numeric, 3)::double precision`;
  return db
    .select({
      ...warehouseColumns,
      itemCode: stockMinimums.itemCode,
      minQuantity: stockMinimums.minQuantity,
      total,
    })
    .from(stockMinimums)
    .innerJoin(ledgerRecords, eq(ledgerRecords.id, stockMinimums.warehouseId))
    .leftJoin(
      stockLots,
      and(
        eq(stockLots.warehouseId, stockMinimums.warehouseId),
        eq(stockLots.itemCode, stockMinimums.itemCode),
      ),
    )
    .where(and(scopedWarehouses(scope), gt(stockMinimums.minQuantity, 0)))
    .groupBy(stockMinimums.warehouseId, stockMinimums.itemCode, ledgerRecords.id)
    .having(sql`${total} < ${stockMinimums.minQuantity}`)
    .orderBy(asc(ledgerRecords.regionCode), asc(ledgerRecords.name), asc(stockMinimums.itemCode));
}

/** Lots holding stock in the warehouses of `scope` that expire on or before `until` (expired ones too). */
export async function findExpiringLots(db: DbOrTx, scope: Scope, until: string) {
  return db
    .select({
      ...warehouseColumns,
      itemCode: stockLots.itemCode,
      batch: stockLots.batch,
      expiresOn: stockLots.expiresOn,
      quantity: stockLots.quantity,
    })
    .from(stockLots)
    .innerJoin(ledgerRecords, eq(ledgerRecords.id, stockLots.warehouseId))
    .where(
      and(
        scopedWarehouses(scope),
        gt(stockLots.quantity, 0),
        isNotNull(stockLots.expiresOn),
        lte(stockLots.expiresOn, until),
      ),
    )
    .orderBy(
      asc(stockLots.expiresOn),
      asc(ledgerRecords.regionCode),
      asc(ledgerRecords.name),
      asc(stockLots.itemCode),
      asc(stockLots.batch),
    );
}

/** Warehouses (ledger records), optionally only demo ones: what the demo stock generator needs. */
export async function listWarehouses(db: DbOrTx, options: { demoOnly: boolean }) {
  const conds = [eq(ledgerRecords.registry, WAREHOUSES)];
  if (options.demoOnly) conds.push(eq(ledgerRecords.isDemo, true));
  return db
    .select({
      id: ledgerRecords.id,
      name: ledgerRecords.name,
      regionCode: ledgerRecords.regionCode,
      level: sql<string | null>`${ledgerRecords.attrs} ->> 'level'`,
    })
    .from(ledgerRecords)
    .where(and(...conds))
    .orderBy(asc(ledgerRecords.regionCode), asc(ledgerRecords.name), asc(ledgerRecords.id));
}

/**
 * Whether a warehouse has any stock rows (lots, movements or minimums): such a warehouse cannot be
 * deleted (the rows refer to it, and the movement ledger is evidence).
 */
export async function hasStockRecords(db: DbOrTx, warehouseId: string): Promise<boolean> {
  const one = { one: sql<number>`1` };
  const lots = await db.select(one).from(stockLots).where(eq(stockLots.warehouseId, warehouseId)).limit(1);
  if (lots.length) return true;
  const moves = await db
    .select(one)
    .from(stockMovements)
    .where(eq(stockMovements.warehouseId, warehouseId))
    .limit(1);
  if (moves.length) return true;
  const mins = await db
    .select(one)
    .from(stockMinimums)
    .where(eq(stockMinimums.warehouseId, warehouseId))
    .limit(1);
  return mins.length > 0;
}
