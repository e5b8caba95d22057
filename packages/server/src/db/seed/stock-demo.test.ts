import { classifyExpiry, findSupply, isLowStock } from '@ningan/domain';
import { describe, expect, it } from 'vitest';
import { generateDemoStock, type DemoWarehouse } from './stock-demo.ts';

const TODAY = '2026-03-02';
const warehouses: DemoWarehouse[] = [
  { id: 'county', level: '县级' },
  ...Array.from({ length: 18 }, (_, i) => ({ id: `t${i}`, level: '乡镇级' })),
  ...Array.from({ length: 20 }, (_, i) => ({ id: `v${i}`, level: '村级' })),
];

describe('issue #3 demo stock generator', () => {
  const stock = generateDemoStock(warehouses, TODAY);

  it('is deterministic for the same warehouses, day and seed', () => {
    expect(generateDemoStock(warehouses, TODAY)).toEqual(stock);
    expect(generateDemoStock(warehouses, TODAY, 7)).not.toEqual(stock);
    expect(() => generateDemoStock(warehouses, '2026-3-2')).toThrow(RangeError);
  });

  it('stocks catalogue items in positive quantities, one row per (warehouse, item, batch)', () => {
    const keys = new Set<string>();
    for (const l of stock.lots) {
      expect(findSupply(l.itemCode), l.itemCode).toBeDefined();
      expect(l.quantity).toBeGreaterThan(0);
      const key = `${l.warehouseId} ${l.itemCode} ${l.batch}`;
      expect(keys.has(key), key).toBe(false);
      keys.add(key);
      if (!findSupply(l.itemCode)!.perishable) expect(l.expiresOn).toBeNull();
    }
  });

  it('gives the county warehouse much, townships less, villages little', () => {
    const itemsOf = (id: string) =>
      new Set(stock.lots.filter((l) => l.warehouseId === id).map((l) => l.itemCode));
    const quiltOf = (id: string) =>
      stock.lots
        .filter((l) => l.warehouseId === id && l.itemCode === 'quilt')
        .reduce((s, l) => s + l.quantity, 0);
    expect(itemsOf('county').size).toBeGreaterThan(35);
    expect(itemsOf('t0').size).toBeGreaterThan(15);
    for (let i = 0; i < 20; i += 1) expect(itemsOf(`v${i}`).size).toBeLessThanOrEqual(11);
    expect(quiltOf('county')).toBeGreaterThan(quiltOf('t0'));
  });

  it('has lots expiring within 30 days and items under their minimum, for the alert lists', () => {
    const expiring = stock.lots.filter((l) => classifyExpiry(l.expiresOn, TODAY, 30).expiry === 'expiring');
    expect(expiring.length).toBeGreaterThan(5);
    const low = stock.minimums.filter((m) =>
      isLowStock(
        stock.lots
          .filter((l) => l.warehouseId === m.warehouseId && l.itemCode === m.itemCode)
          .reduce((s, l) => s + l.quantity, 0),
        m.minQuantity,
      ),
    );
    expect(low.length).toBeGreaterThan(5);
    expect(low.length).toBeLessThan(stock.minimums.length / 2);
  });
});
