/**
 * Warehouse stock (储备物资, issue #3): the stock of a warehouse (a `warehouses` ledger record) by item
 * and batch, stock-in / stock-out / stock-take as movements, minimums, and the low-stock and expiring
 * lists across the actor's jurisdiction.
 *
 * Invariants: a lot's quantity never goes below zero (the domain allocation refuses, the lots are
 * locked `FOR UPDATE` so concurrent movements see each other's results, and a CHECK backs both); every
 * change of a lot is a movement row; the lot change, its movement rows and the audit row commit
 * together or not at all. Jurisdiction follows the warehouse record: outside it, the warehouse is
 * "not found".
 */
import { randomUUID } from 'node:crypto';
import {
  allocateOut,
  AppError,
  classifyExpiry,
  findSupply,
  fromMilli,
  isLowStock,
  summariseStock,
  SUPPLY_CATALOGUE,
  SUPPLY_CATEGORIES,
  takeDelta,
  toMilli,
  type Actor,
  type ErrorDetail,
  type ExpiringLot,
  type LowStockItem,
  type Page,
  type StockItemView,
  type StockMinimumView,
  type StockMovementKind,
  type StockMovementRequest,
  type StockMovementResult,
  type StockMovementView,
  type SupplyItem,
  type WarehouseStockView,
} from '@ningan/domain';
import type { DbOrTx } from '../db/client.ts';
import type { DemoStock } from '../db/seed/stock-demo.ts';
import { appendAuditBatch, type AuditEntry } from '../repositories/audit.repository.ts';
import { getLedgerRecordById, scopedRecord } from '../repositories/ledger.repository.ts';
import {
  findExpiringLots,
  findLots,
  findLowStock,
  findMinimums,
  findMovements,
  insertLots,
  insertMinimums,
  insertMovements,
  insertOrAddLot,
  listWarehouses,
  lockLots,
  updateLot,
  upsertMinimum,
  warehousesWithLots,
  type NewStockMovementRow,
  type StockMovementRow,
} from '../repositories/stock.repository.ts';
import {
  audit,
  beijingDate,
  ensureVisible,
  rejectIfAny,
  requirePermission,
  type ServiceDeps,
} from './context.ts';

const WAREHOUSES = 'warehouses';
const DEMO_REASON = '演示数据初始入库';

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The actor as stored on a movement row: system and CLI actions name no user id (as the audit trail). */
function actorColumns(actor: Actor): { actorId: string | null; actorName: string } {
  return {
    actorId: actor.via === 'system' || actor.via === 'cli' ? null : actor.userId,
    actorName: actor.username,
  };
}

/** The warehouse's 级别 (县级 / 乡镇级 / 村级) from its registry fields. */
function levelOf(attrs: unknown): string | null {
  const level = (attrs as Record<string, unknown> | null)?.level;
  return typeof level === 'string' ? level : null;
}

function toMovementView(r: StockMovementRow): StockMovementView {
  const supply = findSupply(r.itemCode);
  return {
    id: r.id,
    voucher: r.voucher,
    kind: r.kind,
    itemCode: r.itemCode,
    itemName: supply?.name ?? r.itemCode,
    unit: supply?.unit ?? '',
    batch: r.batch,
    delta: r.delta,
    quantityAfter: r.quantityAfter,
    reason: r.reason,
    destination: r.destination,
    actorName: r.actorName,
    at: r.at.toISOString(),
  };
}

/** One lot change a movement makes, before it is a row. */
interface Line {
  batch: string;
  delta: number;
  after: number;
}

export function createStockService(deps: ServiceDeps) {
  const { db, clock, config } = deps;
  const today = () => beijingDate(clock());
  const withinDays = () => config.ledger.expiringWithinDays;

  /** The warehouse record, if the actor may see it. @throws not_found */
  async function loadWarehouse(actor: Actor, id: string) {
    const row = await getLedgerRecordById(db, id);
    return ensureVisible(actor, row && row.registry === WAREHOUSES ? scopedRecord(row) : null, '物资储备库');
  }

  async function itemView(tx: DbOrTx, warehouseId: string, supply: SupplyItem): Promise<StockItemView> {
    const lots = await findLots(tx, warehouseId, supply.code);
    const minimums = await findMinimums(tx, warehouseId, supply.code);
    return (
      summariseStock(lots, minimums, today(), withinDays())[0] ?? {
        itemCode: supply.code,
        name: supply.name,
        category: supply.category,
        unit: supply.unit,
        total: 0,
        minQuantity: null,
        low: false,
        lots: [],
        expiringLots: 0,
        expiredLots: 0,
      }
    );
  }

  /** The lot changes of one movement, made under the lots' row locks. @throws conflict | validation_failed */
  async function applyMovement(
    tx: DbOrTx,
    warehouseId: string,
    input: StockMovementRequest,
    supply: SupplyItem,
    now: Date,
  ): Promise<{ lines: Line[]; details: Record<string, unknown> }> {
    switch (input.kind) {
      case 'in': {
        const [lot] = await lockLots(tx, warehouseId, input.itemCode, input.batch);
        if (lot && input.expiresOn && lot.expiresOn && lot.expiresOn !== input.expiresOn)
          rejectIfAny([
            {
              path: 'expiresOn',
              message: `批次 ${input.batch} 已登记有效期 ${lot.expiresOn}，与本次填写的不一致；不同有效期请用新批次号`,
            },
          ]);
        let after: number;
        if (lot) {
          after = fromMilli(toMilli(lot.quantity) + toMilli(input.quantity));
          await updateLot(tx, lot.id, { quantity: after, expiresOn: lot.expiresOn ?? input.expiresOn }, now);
        } else {
          const created = await insertOrAddLot(tx, {
            warehouseId,
            itemCode: input.itemCode,
            batch: input.batch,
            expiresOn: input.expiresOn,
            quantity: input.quantity,
            createdAt: now,
            updatedAt: now,
          });
          after = created.quantity;
        }
        return {
          lines: [{ batch: input.batch, delta: input.quantity, after }],
          details: { quantity: input.quantity, expiresOn: input.expiresOn },
        };
      }
      case 'out': {
        const lots = await lockLots(tx, warehouseId, input.itemCode, input.batch);
        const allocation = allocateOut(lots, input.quantity, { batch: input.batch, unit: supply.unit });
        if (!allocation.ok)
          throw new AppError('conflict', `${supply.name}库存不足，未出库`, { details: allocation.problems });
        for (const a of allocation.allocations) {
          const lot = lots.find((l) => l.batch === a.batch)!;
          await updateLot(tx, lot.id, { quantity: a.after }, now);
        }
        return {
          lines: allocation.allocations.map((a) => ({
            batch: a.batch,
            delta: -a.quantity,
            after: a.after,
          })),
          details: { quantity: input.quantity, destination: input.destination, fifo: input.batch === null },
        };
      }
      case 'take': {
        const [lot] = await lockLots(tx, warehouseId, input.itemCode, input.batch);
        if (!lot && toMilli(input.countedQuantity) === 0)
          rejectIfAny([{ path: 'batch', message: `${supply.name}没有批次 ${input.batch} 的库存记录` }]);
        const booked = lot?.quantity ?? 0;
        const delta = takeDelta(booked, input.countedQuantity);
        const expiresOn = input.expiresOn ?? lot?.expiresOn ?? null;
        if (lot) await updateLot(tx, lot.id, { quantity: input.countedQuantity, expiresOn }, now);
        else
          await insertOrAddLot(tx, {
            warehouseId,
            itemCode: input.itemCode,
            batch: input.batch,
            expiresOn,
            quantity: input.countedQuantity,
            createdAt: now,
            updatedAt: now,
          });
        return {
          lines: [{ batch: input.batch, delta, after: input.countedQuantity }],
          details: {
            booked,
            counted: input.countedQuantity,
            ...(lot && expiresOn !== lot.expiresOn ? { expiresOn: [lot.expiresOn, expiresOn] } : {}),
            newBatch: !lot,
          },
        };
      }
    }
  }

  return {
    /** The supplies catalogue and its categories. */
    catalogue() {
      return { categories: [...SUPPLY_CATEGORIES], items: [...SUPPLY_CATALOGUE] };
    },

    /** A warehouse's stock by item with lots, minimums, low and expiry flags. @throws forbidden | not_found */
    async getStock(actor: Actor, warehouseId: string): Promise<WarehouseStockView> {
      requirePermission(actor, 'ledger:read');
      const w = await loadWarehouse(actor, warehouseId);
      const lots = await findLots(db, w.id);
      const minimums = await findMinimums(db, w.id);
      return {
        warehouseId: w.id,
        warehouseName: w.name,
        regionCode: w.regionCode,
        level: levelOf(w.attrs),
        expiringWithinDays: withinDays(),
        items: summariseStock(lots, minimums, today(), withinDays()),
      };
    },

    /**
     * Records one stock-in, stock-out (FIFO over the batches when none is named) or stock-take: the lot
     * changes, one movement row per lot changed and the audit row, in one transaction.
     * @throws forbidden | not_found | validation_failed (expired stock-in, conflicting expiry, unknown
     * batch counted as 0) | conflict (stock-out beyond the stock: details name the available quantity)
     */
    async recordMovement(
      actor: Actor,
      warehouseId: string,
      input: StockMovementRequest,
    ): Promise<StockMovementResult> {
      requirePermission(actor, 'ledger:write');
      const w = await loadWarehouse(actor, warehouseId);
      const supply = findSupply(input.itemCode);
      if (!supply) throw new AppError('validation_failed', '物资目录中没有该物资');
      const now = clock();
      const problems: ErrorDetail[] = [];
      if (input.kind === 'in' && input.expiresOn && input.expiresOn < beijingDate(now))
        problems.push({ path: 'expiresOn', message: `有效期 ${input.expiresOn} 已过，不能入库` });
      rejectIfAny(problems);
      const voucher = randomUUID();
      return db.transaction(async (tx) => {
        const { lines, details } = await applyMovement(tx, w.id, input, supply, now);
        const rows = await insertMovements(
          tx,
          lines.map((l): NewStockMovementRow => ({
            voucher,
            warehouseId: w.id,
            itemCode: input.itemCode,
            batch: l.batch,
            kind: input.kind,
            delta: l.delta,
            quantityAfter: l.after,
            reason: input.reason,
            destination: input.kind === 'out' ? input.destination : null,
            ...actorColumns(actor),
            at: now,
            regionCode: w.regionCode,
          })),
        );
        await audit(
          tx,
          actor,
          {
            action: `stock.${input.kind}`,
            entityType: 'warehouse',
            entityId: w.id,
            regionCode: w.regionCode,
            details: {
              voucher,
              itemCode: supply.code,
              item: supply.name,
              unit: supply.unit,
              reason: input.reason,
              ...details,
              lines,
            },
          },
          now,
        );
        return {
          voucher,
          kind: input.kind,
          lines: rows.map(toMovementView),
          item: await itemView(tx, w.id, supply),
        };
      });
    },

    /** The movement ledger of a warehouse, newest first. @throws forbidden | not_found */
    async listMovements(
      actor: Actor,
      warehouseId: string,
      q: { page: number; pageSize: number; itemCode?: string | undefined },
    ): Promise<Page<StockMovementView>> {
      requirePermission(actor, 'ledger:read');
      const w = await loadWarehouse(actor, warehouseId);
      const { items, total } = await findMovements(db, w.id, q);
      return { items: items.map(toMovementView), total, page: q.page, pageSize: q.pageSize };
    },

    /** Sets (0: clears) the minimum of an item in a warehouse, audited; unchanged → no write. @throws forbidden | not_found */
    async setMinimum(
      actor: Actor,
      warehouseId: string,
      itemCode: string,
      minQuantity: number,
    ): Promise<StockMinimumView> {
      requirePermission(actor, 'ledger:write');
      const w = await loadWarehouse(actor, warehouseId);
      const supply = findSupply(itemCode);
      if (!supply)
        throw new AppError('validation_failed', '物资目录中没有该物资', {
          details: [{ path: 'itemCode', message: '物资目录中没有该物资' }],
        });
      const now = clock();
      return db.transaction(async (tx) => {
        const [before] = await findMinimums(tx, w.id, itemCode);
        const previous = before?.minQuantity ?? 0;
        if (toMilli(previous) !== toMilli(minQuantity)) {
          await upsertMinimum(tx, { warehouseId: w.id, itemCode, minQuantity }, now);
          await audit(
            tx,
            actor,
            {
              action: 'stock.set_minimum',
              entityType: 'warehouse',
              entityId: w.id,
              regionCode: w.regionCode,
              details: {
                itemCode,
                item: supply.name,
                unit: supply.unit,
                minQuantity: [before ? previous : null, minQuantity],
              },
            },
            now,
          );
        }
        const lots = await findLots(tx, w.id, itemCode);
        const total = fromMilli(lots.reduce((s, l) => s + toMilli(l.quantity), 0));
        return { warehouseId: w.id, itemCode, minQuantity, total, low: isLowStock(total, minQuantity) };
      });
    },

    /** Items under their minimum in the warehouses of the actor's jurisdiction. */
    async lowStock(actor: Actor): Promise<{ items: LowStockItem[] }> {
      requirePermission(actor, 'ledger:read');
      const rows = await findLowStock(db, actor.scope);
      return {
        items: rows
          .filter((r) => isLowStock(r.total, r.minQuantity))
          .map((r) => {
            const supply = findSupply(r.itemCode);
            return {
              warehouseId: r.warehouseId,
              warehouseName: r.warehouseName,
              regionCode: r.regionCode,
              level: r.level,
              itemCode: r.itemCode,
              itemName: supply?.name ?? r.itemCode,
              unit: supply?.unit ?? '',
              total: r.total,
              minQuantity: r.minQuantity,
              shortage: fromMilli(toMilli(r.minQuantity) - toMilli(r.total)),
            };
          }),
      };
    },

    /** Lots expiring within `days` (or already expired) in the actor's jurisdiction, soonest first. */
    async expiring(actor: Actor, days: number): Promise<{ days: number; items: ExpiringLot[] }> {
      requirePermission(actor, 'ledger:read');
      const day = today();
      const rows = await findExpiringLots(db, actor.scope, addDays(day, days));
      return {
        days,
        items: rows.map((r) => {
          const supply = findSupply(r.itemCode);
          return {
            warehouseId: r.warehouseId,
            warehouseName: r.warehouseName,
            regionCode: r.regionCode,
            level: r.level,
            itemCode: r.itemCode,
            itemName: supply?.name ?? r.itemCode,
            unit: supply?.unit ?? '',
            batch: r.batch,
            expiresOn: r.expiresOn!,
            quantity: r.quantity,
            daysLeft: classifyExpiry(r.expiresOn, day, days).daysLeft!,
          };
        }),
      };
    },

    /** The demo warehouses (id and 级别), for `generateDemoStock`. */
    async demoWarehouses(): Promise<{ id: string; level: string | null }[]> {
      return (await listWarehouses(db, { demoOnly: true })).map((w) => ({ id: w.id, level: w.level }));
    },

    /**
     * Stores generated demo stock (db/seed/stock-demo.ts) as if it had been received: each lot with a
     * stock-in movement (演示数据初始入库) and a `stock.in` audit row, each minimum with a
     * `stock.set_minimum` audit row, in bulk and in one transaction. Warehouses that already hold lots are
     * skipped, so a second call changes nothing.
     * @throws Error when the generated stock names an unknown item or warehouse (a generator bug)
     */
    async seedDemoStock(
      actor: Actor,
      generated: DemoStock,
    ): Promise<{ lots: number; movements: number; minimums: number }> {
      const now = clock();
      const warehouses = new Map((await listWarehouses(db, { demoOnly: false })).map((w) => [w.id, w]));
      for (const x of [...generated.lots, ...generated.minimums]) {
        if (!findSupply(x.itemCode)) throw new Error(`demo stock: unknown item ${x.itemCode}`);
        if (!warehouses.has(x.warehouseId)) throw new Error(`demo stock: unknown warehouse ${x.warehouseId}`);
      }
      for (const l of generated.lots)
        if (!(toMilli(l.quantity) > 0))
          throw new Error(`demo stock: quantity ${l.quantity} of ${l.itemCode}`);
      const stocked = await warehousesWithLots(db, [...warehouses.keys()]);
      const lots = generated.lots.filter((l) => !stocked.has(l.warehouseId));
      const minimums = generated.minimums.filter((m) => !stocked.has(m.warehouseId));
      if (!lots.length && !minimums.length) return { lots: 0, movements: 0, minimums: 0 };
      const who = actorColumns(actor);
      const entry = (e: Omit<AuditEntry, 'actorId' | 'actorName' | 'ip' | 'outcome'>): AuditEntry => ({
        ...who,
        ip: null,
        outcome: 'success',
        ...e,
      });
      const movements: NewStockMovementRow[] = [];
      const audits: AuditEntry[] = [];
      for (const l of lots) {
        const w = warehouses.get(l.warehouseId)!;
        const supply = findSupply(l.itemCode)!;
        const voucher = randomUUID();
        const kind: StockMovementKind = 'in';
        movements.push({
          voucher,
          warehouseId: w.id,
          itemCode: l.itemCode,
          batch: l.batch,
          kind,
          delta: l.quantity,
          quantityAfter: l.quantity,
          reason: DEMO_REASON,
          destination: null,
          ...who,
          at: now,
          regionCode: w.regionCode,
        });
        audits.push(
          entry({
            action: 'stock.in',
            entityType: 'warehouse',
            entityId: w.id,
            regionCode: w.regionCode,
            details: {
              voucher,
              itemCode: l.itemCode,
              item: supply.name,
              unit: supply.unit,
              reason: DEMO_REASON,
              quantity: l.quantity,
              expiresOn: l.expiresOn,
              lines: [{ batch: l.batch, delta: l.quantity, after: l.quantity }],
              source: 'demo',
            },
          }),
        );
      }
      for (const m of minimums) {
        const w = warehouses.get(m.warehouseId)!;
        const supply = findSupply(m.itemCode)!;
        audits.push(
          entry({
            action: 'stock.set_minimum',
            entityType: 'warehouse',
            entityId: w.id,
            regionCode: w.regionCode,
            details: {
              itemCode: m.itemCode,
              item: supply.name,
              unit: supply.unit,
              minQuantity: [null, m.minQuantity],
              source: 'demo',
            },
          }),
        );
      }
      await db.transaction(async (tx) => {
        await insertLots(
          tx,
          lots.map((l) => ({ ...l, createdAt: now, updatedAt: now })),
        );
        await insertMinimums(
          tx,
          minimums.map((m) => ({ ...m, updatedAt: now })),
        );
        await insertMovements(tx, movements);
        await appendAuditBatch(tx, audits, now);
      });
      return { lots: lots.length, movements: movements.length, minimums: minimums.length };
    },
  };
}

export type StockService = ReturnType<typeof createStockService>;
