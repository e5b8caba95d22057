import { describe, expect, it } from 'vitest';
import {
  addQuantities,
  allocateOut,
  classifyExpiry,
  compareFifo,
  findSupply,
  isLowStock,
  SetMinimumRequest,
  StockMovementRequest,
  summariseStock,
  SUPPLY_CATALOGUE,
  SUPPLY_CATEGORIES,
  takeDelta,
  type Lot,
} from './stock.ts';

describe('issue #3 supplies catalogue', () => {
  it('has unique lower-case codes, a known category and a unit for every item', () => {
    expect(new Set(SUPPLY_CATALOGUE.map((s) => s.code)).size).toBe(SUPPLY_CATALOGUE.length);
    expect(new Set(SUPPLY_CATALOGUE.map((s) => s.name)).size).toBe(SUPPLY_CATALOGUE.length);
    for (const s of SUPPLY_CATALOGUE) {
      expect(s.code).toMatch(/^[a-z][a-z0-9-]+$/);
      expect(SUPPLY_CATEGORIES).toContain(s.category);
      expect(s.unit.length).toBeGreaterThan(0);
    }
    expect(SUPPLY_CATALOGUE.length).toBeGreaterThanOrEqual(40);
  });

  it('names the common relief and flood-fighting items', () => {
    const names = SUPPLY_CATALOGUE.map((s) => s.name);
    for (const n of ['救灾帐篷', '折叠床', '棉被', '棉大衣', '救生衣', '冲锋舟', '沙袋', '编织袋', '发电机'])
      expect(names).toContain(n);
    expect(findSupply('drinking-water')).toMatchObject({ unit: '箱', perishable: true });
    expect(findSupply('no-such-thing')).toBeUndefined();
  });
});

describe('issue #3 movement requests', () => {
  it('accepts a stock-in and fills the optional expiry with null', () => {
    const r = StockMovementRequest.parse({
      kind: 'in',
      itemCode: 'tent',
      quantity: 20,
      batch: ' 20260302 ',
      reason: '采购入库',
    });
    expect(r).toEqual({
      kind: 'in',
      itemCode: 'tent',
      quantity: 20,
      batch: '20260302',
      expiresOn: null,
      reason: '采购入库',
    });
  });

  it('rejects every problem at once: unknown item, zero or negative quantity, four decimals, no reason', () => {
    const r = StockMovementRequest.safeParse({
      kind: 'in',
      itemCode: 'unicorn',
      quantity: 0,
      batch: '',
      expiresOn: '2026-02-30x',
      reason: ' ',
    });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['itemCode', 'quantity', 'batch', 'expiresOn', 'reason']));
    expect(
      StockMovementRequest.safeParse({
        kind: 'in',
        itemCode: 'geotextile',
        quantity: 1.2345,
        batch: 'A',
        reason: 'x',
      }).success,
    ).toBe(false);
    expect(
      StockMovementRequest.safeParse({
        kind: 'in',
        itemCode: 'geotextile',
        quantity: 1.234,
        batch: 'A',
        reason: 'x',
      }).success,
    ).toBe(true);
  });

  it('a stock-out needs a destination; its batch is optional (FIFO)', () => {
    const ok = StockMovementRequest.parse({
      kind: 'out',
      itemCode: 'quilt',
      quantity: 5,
      reason: '救灾发放',
      destination: '早胜镇',
    });
    expect(ok).toMatchObject({ batch: null });
    const bad = StockMovementRequest.safeParse({ kind: 'out', itemCode: 'quilt', quantity: 5, reason: 'x' });
    expect(bad.error!.issues.map((i) => i.path.join('.'))).toEqual(['destination']);
  });

  it('a stock-take accepts a count of zero but not below', () => {
    const base = { kind: 'take', itemCode: 'quilt', batch: 'B1', reason: '定期盘点' };
    expect(StockMovementRequest.safeParse({ ...base, countedQuantity: 0 }).success).toBe(true);
    expect(StockMovementRequest.safeParse({ ...base, countedQuantity: -1 }).success).toBe(false);
    expect(StockMovementRequest.safeParse({ ...base, kind: 'move', countedQuantity: 1 }).success).toBe(false);
    expect(SetMinimumRequest.safeParse({ minQuantity: -1 }).success).toBe(false);
  });
});

describe('issue #3 FIFO allocation of a stock-out', () => {
  const lots: Lot[] = [
    { batch: 'B', expiresOn: '2026-09-01', quantity: 10 },
    { batch: 'C', expiresOn: null, quantity: 100 },
    { batch: 'A', expiresOn: '2026-09-01', quantity: 4 },
    { batch: 'Z', expiresOn: '2026-05-01', quantity: 3 },
    { batch: 'E', expiresOn: '2026-01-01', quantity: 0 },
  ];

  it('orders by expiry, then batch; undated lots last', () => {
    expect([...lots].sort(compareFifo).map((l) => l.batch)).toEqual(['E', 'Z', 'A', 'B', 'C']);
  });

  it('takes the first-expiring lots first and skips empty ones', () => {
    const r = allocateOut(lots, 10);
    expect(r).toEqual({
      ok: true,
      allocations: [
        { batch: 'Z', quantity: 3, after: 0 },
        { batch: 'A', quantity: 4, after: 0 },
        { batch: 'B', quantity: 3, after: 7 },
      ],
    });
  });

  it('takes from the named batch only', () => {
    expect(allocateOut(lots, 2, { batch: 'C' })).toEqual({
      ok: true,
      allocations: [{ batch: 'C', quantity: 2, after: 98 }],
    });
  });

  it('refuses more than the stock, allocating nothing and naming what is available', () => {
    const r = allocateOut(lots, 118, { unit: '床' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.available).toBe(117);
    expect(r.problems).toEqual([
      { path: 'quantity', message: '库存不足：可用 117床（Z 3床、A 4床、B 10床、C 100床），申请 118床' },
    ]);
    const one = allocateOut(lots, 5, { batch: 'Z', unit: '床' });
    expect(one.ok ? null : one.problems[0]!.message).toBe('库存不足：批次 Z 可用 3床，申请 5床');
    expect(allocateOut(lots, 1, { batch: 'nope' })).toMatchObject({ ok: false, available: 0 });
  });

  it('computes in thousandths: no floating-point drift', () => {
    const r = allocateOut(
      [
        { batch: 'a', expiresOn: null, quantity: 0.1 },
        { batch: 'b', expiresOn: null, quantity: 0.2 },
      ],
      0.3,
    );
    expect(r).toEqual({
      ok: true,
      allocations: [
        { batch: 'a', quantity: 0.1, after: 0 },
        { batch: 'b', quantity: 0.2, after: 0 },
      ],
    });
    expect(addQuantities(0.1, 0.2)).toBe(0.3);
    expect(takeDelta(10.3, 10.1)).toBe(-0.2);
    expect(takeDelta(5, 8)).toBe(3);
  });
});

describe('issue #3 low-stock and expiring-soon classification', () => {
  it('classifies expiry against today and the window (both ends inclusive)', () => {
    const today = '2026-03-02';
    expect(classifyExpiry(null, today, 30)).toEqual({ daysLeft: null, expiry: null });
    expect(classifyExpiry('2026-03-01', today, 30)).toEqual({ daysLeft: -1, expiry: 'expired' });
    expect(classifyExpiry('2026-03-02', today, 30)).toEqual({ daysLeft: 0, expiry: 'expiring' });
    expect(classifyExpiry('2026-04-01', today, 30)).toEqual({ daysLeft: 30, expiry: 'expiring' });
    expect(classifyExpiry('2026-04-02', today, 30)).toEqual({ daysLeft: 31, expiry: 'ok' });
  });

  it('is low when under a minimum above zero', () => {
    expect(isLowStock(9, 10)).toBe(true);
    expect(isLowStock(10, 10)).toBe(false);
    expect(isLowStock(0, 0)).toBe(false);
    expect(isLowStock(0, null)).toBe(false);
  });

  it('summarises by item in catalogue order, including an item with a minimum and no stock', () => {
    const items = summariseStock(
      [
        { itemCode: 'quilt', batch: 'B2', expiresOn: null, quantity: 5 },
        { itemCode: 'tent', batch: 'T1', expiresOn: null, quantity: 2 },
        { itemCode: 'quilt', batch: 'B1', expiresOn: '2026-03-20', quantity: 3 },
        { itemCode: 'quilt', batch: 'B0', expiresOn: '2026-01-01', quantity: 0 },
        { itemCode: 'drinking-water', batch: 'W', expiresOn: '2026-02-01', quantity: 10 },
      ],
      [
        { itemCode: 'quilt', minQuantity: 10 },
        { itemCode: 'life-jacket', minQuantity: 50 },
        { itemCode: 'tent', minQuantity: 0 },
      ],
      '2026-03-02',
      30,
    );
    expect(items.map((i) => [i.itemCode, i.total, i.minQuantity, i.low])).toEqual([
      ['tent', 2, null, false],
      ['quilt', 8, 10, true],
      ['drinking-water', 10, null, false],
      ['life-jacket', 0, 50, true],
    ]);
    const quilt = items.find((i) => i.itemCode === 'quilt')!;
    expect(quilt.lots.map((l) => [l.batch, l.expiry])).toEqual([
      ['B1', 'expiring'],
      ['B2', null],
    ]);
    expect(quilt).toMatchObject({ unit: '床', expiringLots: 1, expiredLots: 0 });
    expect(items.find((i) => i.itemCode === 'drinking-water')).toMatchObject({ expiredLots: 1 });
  });
});
