/**
 * Issue #3, warehouse stock (储备物资) over HTTP: stock-in, FIFO stock-out, stock-take, quantities that
 * never go negative (also under concurrent stock-outs, on both drivers), jurisdiction by the warehouse's
 * region, low-stock and expiring lists, every movement a ledger row and an audit row, demo stock.
 */
import type {
  ExpiringLot,
  LowStockItem,
  StockMovementResult,
  StockMovementView,
  WarehouseStockView,
} from '@ningan/domain';
import { beforeAll, expect, it } from 'vitest';
import { generateDemoStock } from '../db/seed/stock-demo.ts';
import { hasStockRecords } from '../repositories/stock.repository.ts';
import { forEachDriver } from '../test/db.ts';
import { townshipScope, useTestContext, XINNING, ZAOSHENG, type Session } from '../test/context.ts';

interface Envelope {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
}
interface Page<T> {
  items: T[];
  total: number;
}

const warehouse = (name: string, regionCode: string, lon: number, lat: number, level = '乡镇级') => ({
  name,
  regionCode,
  lon,
  lat,
  attrs: { level, keeper: '李保管', keeperPhone: '13900000002' },
});

forEachDriver('issue #3 warehouse stock', (driver) => {
  const ctx = useTestContext(driver);
  let duty: Session;
  let xinning: string; // a 乡镇级 warehouse in 新宁镇
  let zaosheng: string; // one in 早胜镇

  const call = async (s: Session, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    (await ctx.app()).inject({ method, url, headers: s.bearer, payload: payload as never });
  const stockOf = async (s: Session, id: string) =>
    (await call(s, 'GET', `/api/v1/ledger/warehouses/${id}/stock`)).json<WarehouseStockView>();
  const move = (s: Session, id: string, body: Record<string, unknown>) =>
    call(s, 'POST', `/api/v1/ledger/warehouses/${id}/stock/movements`, body);
  const movementsOf = async (s: Session, id: string, query = 'pageSize=200') =>
    (await call(s, 'GET', `/api/v1/ledger/warehouses/${id}/stock/movements?${query}`)).json<
      Page<StockMovementView>
    >();

  beforeAll(async () => {
    duty = await ctx.loginAs({ roles: ['duty_officer'] });
    const a = await call(
      duty,
      'POST',
      '/api/v1/ledger/warehouses',
      warehouse('新宁镇应急物资储备点', XINNING, 107.925, 35.5),
    );
    expect(a.statusCode).toBe(201);
    xinning = a.json<{ id: string }>().id;
    const b = await call(
      duty,
      'POST',
      '/api/v1/ledger/warehouses',
      warehouse('早胜镇应急物资储备点', ZAOSHENG, 108.0, 35.405),
    );
    expect(b.statusCode).toBe(201);
    zaosheng = b.json<{ id: string }>().id;
  });

  it('issue #3: stock-in → FIFO stock-out over two batches → stock-take records the difference', async () => {
    const audits = await ctx.auditCount();
    // The clock is 2026-03-02 (Beijing): B1 expires first, so it is issued first.
    const in2 = await move(duty, xinning, {
      kind: 'in',
      itemCode: 'quilt',
      quantity: 10,
      batch: 'B2',
      expiresOn: '2026-12-01',
      reason: '采购入库',
    });
    expect(in2.statusCode).toBe(201);
    expect(in2.json<StockMovementResult>()).toMatchObject({
      kind: 'in',
      lines: [{ kind: 'in', batch: 'B2', delta: 10, quantityAfter: 10, itemName: '棉被', unit: '床' }],
      item: { itemCode: 'quilt', total: 10 },
    });
    const in1 = await move(duty, xinning, {
      kind: 'in',
      itemCode: 'quilt',
      quantity: 5,
      batch: 'B1',
      expiresOn: '2026-03-20',
      reason: '上级调拨入库',
    });
    expect(in1.statusCode).toBe(201);

    const out = await move(duty, xinning, {
      kind: 'out',
      itemCode: 'quilt',
      quantity: 8,
      reason: '救灾发放',
      destination: '新宁镇东城居委会',
    });
    expect(out.statusCode).toBe(201);
    const issued = out.json<StockMovementResult>();
    expect(issued.lines.map((l) => [l.batch, l.delta, l.quantityAfter])).toEqual([
      ['B1', -5, 0],
      ['B2', -3, 7],
    ]);
    expect(new Set(issued.lines.map((l) => l.voucher))).toEqual(new Set([issued.voucher]));
    expect(issued.lines[0]!.destination).toBe('新宁镇东城居委会');
    expect(issued.item).toMatchObject({ total: 7, lots: [{ batch: 'B2', quantity: 7 }] });

    const take = await move(duty, xinning, {
      kind: 'take',
      itemCode: 'quilt',
      batch: 'B2',
      countedQuantity: 6,
      reason: '定期盘点',
    });
    expect(take.statusCode).toBe(201);
    expect(take.json<StockMovementResult>().lines).toMatchObject([
      { kind: 'take', batch: 'B2', delta: -1, quantityAfter: 6 },
    ]);

    const stock = await stockOf(duty, xinning);
    expect(stock).toMatchObject({ warehouseName: '新宁镇应急物资储备点', level: '乡镇级' });
    expect(stock.items).toEqual([
      expect.objectContaining({
        itemCode: 'quilt',
        total: 6,
        lots: [{ batch: 'B2', expiresOn: '2026-12-01', quantity: 6, daysLeft: 274, expiry: 'ok' }],
      }),
    ]);
    const ledger = await movementsOf(duty, xinning);
    expect(ledger.items.map((m) => [m.kind, m.batch, m.delta, m.quantityAfter])).toEqual([
      ['take', 'B2', -1, 6],
      ['out', 'B2', -3, 7],
      ['out', 'B1', -5, 0],
      ['in', 'B1', 5, 5],
      ['in', 'B2', 10, 10],
    ]);
    // One audit row per movement request, in the warehouse's history.
    expect(await ctx.auditCount()).toBe(audits + 4);
    const history = await call(duty, 'GET', `/api/v1/ledger/warehouses/${xinning}/history`);
    expect(history.json<Page<{ action: string }>>().items.map((i) => i.action)).toEqual([
      'stock.take',
      'stock.out',
      'stock.in',
      'stock.in',
      'ledger.create',
    ]);
  });

  it('issue #3: a stock-out beyond the stock is refused with the available quantity, nothing written', async () => {
    const audits = await ctx.auditCount();
    const before = await movementsOf(duty, xinning);
    const res = await move(duty, xinning, {
      kind: 'out',
      itemCode: 'quilt',
      quantity: 7,
      reason: '救灾发放',
      destination: '早胜镇',
    });
    expect(res.statusCode).toBe(409);
    const body = res.json<Envelope>();
    expect(body.error.code).toBe('conflict');
    expect(body.error.details).toEqual([
      { path: 'quantity', message: '库存不足：可用 6床（B2 6床），申请 7床' },
    ]);
    const named = await move(duty, xinning, {
      kind: 'out',
      itemCode: 'quilt',
      quantity: 1,
      batch: 'B1',
      reason: '救灾发放',
      destination: '早胜镇',
    });
    expect(named.statusCode).toBe(409);
    expect(named.json<Envelope>().error.details![0]!.message).toContain('批次 B1 可用 0床');
    // Bad input: every problem listed, nothing written.
    const bad = await move(duty, xinning, {
      kind: 'in',
      itemCode: 'unicorn',
      quantity: -1,
      batch: '',
      reason: '',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<Envelope>().error.details!.map((d) => d.path)).toEqual(
      expect.arrayContaining(['itemCode', 'quantity', 'batch', 'reason']),
    );
    const expired = await move(duty, xinning, {
      kind: 'in',
      itemCode: 'drinking-water',
      quantity: 5,
      batch: 'W0',
      expiresOn: '2026-03-01',
      reason: '采购入库',
    });
    expect(expired.statusCode).toBe(400);
    expect(expired.json<Envelope>().error.details![0]!.path).toBe('expiresOn');
    const otherExpiry = await move(duty, xinning, {
      kind: 'in',
      itemCode: 'quilt',
      quantity: 1,
      batch: 'B2',
      expiresOn: '2027-01-01',
      reason: '采购入库',
    });
    expect(otherExpiry.statusCode).toBe(400);

    expect(await ctx.auditCount()).toBe(audits);
    expect((await movementsOf(duty, xinning)).total).toBe(before.total);
    expect((await stockOf(duty, xinning)).items[0]).toMatchObject({ itemCode: 'quilt', total: 6 });
  });

  it(`issue #3: two concurrent stock-outs that together exceed the stock — exactly one succeeds [${driver.name}]`, async () => {
    expect(
      (
        await move(duty, xinning, {
          kind: 'in',
          itemCode: 'drinking-water',
          quantity: 10,
          batch: 'W1',
          expiresOn: '2026-09-01',
          reason: '采购入库',
        })
      ).statusCode,
    ).toBe(201);
    const out = () =>
      move(duty, xinning, {
        kind: 'out',
        itemCode: 'drinking-water',
        quantity: 6,
        reason: '救灾发放',
        destination: '安置点',
      });
    const results = await Promise.all([out(), out()]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json<Envelope>().error.details![0]!.message).toContain(
      '可用 4箱',
    );
    // A larger race: five outs of 3 over the remaining 4 — one succeeds, the stock ends at 1, never below 0.
    const more = await Promise.all(
      Array.from({ length: 5 }, () =>
        move(duty, xinning, {
          kind: 'out',
          itemCode: 'drinking-water',
          quantity: 3,
          reason: '救灾发放',
          destination: '安置点',
        }),
      ),
    );
    expect(more.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(more.filter((r) => r.statusCode === 409)).toHaveLength(4);
    const water = (await stockOf(duty, xinning)).items.find((i) => i.itemCode === 'drinking-water')!;
    expect(water.total).toBe(1);
    const outs = (await movementsOf(duty, xinning, 'itemCode=drinking-water')).items.filter(
      (m) => m.kind === 'out',
    );
    expect(outs.map((m) => m.quantityAfter)).toEqual([1, 4]);
  });

  it('issue #3: a township officer manages the warehouses of the township only (others are not found)', async () => {
    const zs = await ctx.loginAs({ roles: ['township_officer'], scope: townshipScope(ZAOSHENG) });
    const audits = await ctx.auditCount();
    expect((await call(zs, 'GET', `/api/v1/ledger/warehouses/${xinning}/stock`)).statusCode).toBe(404);
    expect((await call(zs, 'GET', `/api/v1/ledger/warehouses/${xinning}/stock/movements`)).statusCode).toBe(
      404,
    );
    const foreign = await move(zs, xinning, {
      kind: 'out',
      itemCode: 'quilt',
      quantity: 1,
      reason: '救灾发放',
      destination: '早胜镇',
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json<Envelope>().error.code).toBe('not_found');
    expect(
      (
        await call(zs, 'PUT', `/api/v1/ledger/warehouses/${xinning}/stock/minimums/quilt`, {
          minQuantity: 100,
        })
      ).statusCode,
    ).toBe(404);
    expect(await ctx.auditCount()).toBe(audits);

    // Its own township's warehouse: allowed.
    const own = await move(zs, zaosheng, {
      kind: 'in',
      itemCode: 'tent',
      quantity: 4,
      batch: 'T1',
      reason: '采购入库',
    });
    expect(own.statusCode).toBe(201);
    // A read-only viewer may read but not move stock.
    const viewer = await ctx.loginAs({ roles: ['viewer'] });
    expect((await call(viewer, 'GET', `/api/v1/ledger/warehouses/${zaosheng}/stock`)).statusCode).toBe(200);
    const denied = await move(viewer, zaosheng, {
      kind: 'out',
      itemCode: 'tent',
      quantity: 1,
      reason: '救灾发放',
      destination: '早胜镇',
    });
    expect(denied.statusCode).toBe(403);
    // A record of another registry is not a warehouse.
    const team = await call(duty, 'POST', '/api/v1/ledger/rescue-teams', {
      name: '新宁镇抢险队',
      regionCode: XINNING,
      lon: 107.925,
      lat: 35.5,
      attrs: {
        kind: '专业',
        specialties: ['防汛抗旱'],
        headcount: 20,
        readiness: '待命',
        leader: '王队长',
        leaderPhone: '13900000001',
      },
    });
    expect(team.statusCode).toBe(201);
    expect(
      (await call(duty, 'GET', `/api/v1/ledger/warehouses/${team.json<{ id: string }>().id}/stock`))
        .statusCode,
    ).toBe(404);
    // The registry's own routes under /ledger/warehouses still answer.
    expect((await call(duty, 'GET', `/api/v1/ledger/warehouses/${xinning}`)).statusCode).toBe(200);
    expect((await call(duty, 'GET', '/api/v1/ledger/warehouses/features')).statusCode).toBe(200);
  });

  it('issue #3: minimums drive the low-stock list, by jurisdiction', async () => {
    const audits = await ctx.auditCount();
    const set = await call(duty, 'PUT', `/api/v1/ledger/warehouses/${xinning}/stock/minimums/quilt`, {
      minQuantity: 10,
    });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toEqual({
      warehouseId: xinning,
      itemCode: 'quilt',
      minQuantity: 10,
      total: 6,
      low: true,
    });
    // The same value again changes nothing and is not audited again.
    await call(duty, 'PUT', `/api/v1/ledger/warehouses/${xinning}/stock/minimums/quilt`, { minQuantity: 10 });
    // A minimum with no stock at all is the most urgent case.
    await call(duty, 'PUT', `/api/v1/ledger/warehouses/${zaosheng}/stock/minimums/life-jacket`, {
      minQuantity: 20,
    });
    await call(duty, 'PUT', `/api/v1/ledger/warehouses/${zaosheng}/stock/minimums/tent`, { minQuantity: 2 });
    expect(await ctx.auditCount()).toBe(audits + 3);
    const rows = await ctx.auditRows();
    expect(rows.at(-3)).toMatchObject({
      action: 'stock.set_minimum',
      entityType: 'warehouse',
      entityId: xinning,
      regionCode: XINNING,
      details: { itemCode: 'quilt', minQuantity: [null, 10] },
    });

    const low = (await call(duty, 'GET', '/api/v1/stock/low')).json<{ items: LowStockItem[] }>().items;
    expect(low.map((i) => [i.warehouseName, i.itemName, i.total, i.minQuantity, i.shortage])).toEqual(
      expect.arrayContaining([
        ['新宁镇应急物资储备点', '棉被', 6, 10, 4],
        ['早胜镇应急物资储备点', '救生衣', 0, 20, 20],
      ]),
    );
    expect(low.some((i) => i.itemCode === 'tent')).toBe(false); // 4 ≥ 2
    const stock = await stockOf(duty, zaosheng);
    expect(stock.items.map((i) => [i.itemCode, i.total, i.low])).toEqual([
      ['tent', 4, false],
      ['life-jacket', 0, true],
    ]);

    const zs = await ctx.loginAs({ roles: ['township_officer'], scope: townshipScope(ZAOSHENG) });
    const mine = (await call(zs, 'GET', '/api/v1/stock/low')).json<{ items: LowStockItem[] }>().items;
    expect(mine.map((i) => i.warehouseId)).toEqual([zaosheng]);

    await call(duty, 'PUT', `/api/v1/ledger/warehouses/${xinning}/stock/minimums/quilt`, { minQuantity: 0 });
    const after = (await call(duty, 'GET', '/api/v1/stock/low')).json<{ items: LowStockItem[] }>().items;
    expect(after.some((i) => i.warehouseId === xinning && i.itemCode === 'quilt')).toBe(false);
  });

  it('issue #3: the expiring list shows lots within the window and expired ones, soonest first', async () => {
    for (const [batch, expiresOn] of [
      ['K1', '2026-03-20'],
      ['K2', '2026-06-01'],
    ] as const)
      expect(
        (
          await move(duty, zaosheng, {
            kind: 'in',
            itemCode: 'first-aid-kit',
            quantity: 3,
            batch,
            expiresOn,
            reason: '采购入库',
          })
        ).statusCode,
      ).toBe(201);
    const within = async (s: Session, days: number) =>
      (await call(s, 'GET', `/api/v1/stock/expiring?days=${days}`)).json<{ items: ExpiringLot[] }>().items;
    expect((await within(duty, 30)).map((l) => [l.warehouseName, l.itemName, l.batch, l.daysLeft])).toEqual([
      ['早胜镇应急物资储备点', '急救包', 'K1', 18],
    ]);
    expect((await within(duty, 300)).map((l) => l.batch)).toEqual(['K1', 'K2', 'W1', 'B2']);
    const xn = await ctx.loginAs({ roles: ['township_officer'], scope: townshipScope(XINNING) });
    expect((await within(xn, 300)).map((l) => l.batch)).toEqual(['W1', 'B2']);
    const kit = (await stockOf(duty, zaosheng)).items.find((i) => i.itemCode === 'first-aid-kit')!;
    expect(kit).toMatchObject({ expiringLots: 1, expiredLots: 0 });

    // Three weeks on, K1 has expired: still listed (negative days), flagged expired in the stock view.
    ctx.clock.advance(21 * 86_400_000);
    duty = await ctx.loginAs({ roles: ['duty_officer'] }); // the old session has timed out meanwhile
    expect((await within(duty, 30)).map((l) => [l.batch, l.daysLeft])).toEqual([['K1', -3]]);
    const later = (await stockOf(duty, zaosheng)).items.find((i) => i.itemCode === 'first-aid-kit')!;
    expect(later.lots.map((l) => [l.batch, l.expiry])).toEqual([
      ['K1', 'expired'],
      ['K2', 'ok'],
    ]);
  });

  it('issue #3: every movement is a ledger row and every request one audit row with its lines', async () => {
    const rows = await ctx.auditRows();
    for (const id of [xinning, zaosheng]) {
      const ledger = await movementsOf(duty, id);
      const audited = rows.filter(
        (r) => r.entityId === id && ['stock.in', 'stock.out', 'stock.take'].includes(r.action),
      );
      const byVoucher = new Map<string, StockMovementView[]>();
      for (const m of ledger.items) byVoucher.set(m.voucher, [...(byVoucher.get(m.voucher) ?? []), m]);
      expect(audited).toHaveLength(byVoucher.size);
      for (const a of audited) {
        const d = a.details as { voucher: string; lines: { batch: string; delta: number; after: number }[] };
        const lines = byVoucher.get(d.voucher)!;
        expect(a.action).toBe(`stock.${lines[0]!.kind}`);
        expect(d.lines.map((l) => [l.batch, l.delta, l.after]).sort()).toEqual(
          lines.map((l) => [l.batch, l.delta, l.quantityAfter]).sort(),
        );
      }
    }
    expect((await ctx.services.audit.verifyChain()).ok).toBe(true);
  });

  it('issue #3: demo stock is stored with its stock-in movements and audit rows, once', async () => {
    const county = await call(
      duty,
      'POST',
      '/api/v1/ledger/warehouses',
      warehouse('宁县应急物资储备库（测试）', XINNING, 107.93, 35.51, '县级'),
    );
    expect(county.statusCode).toBe(201);
    const id = county.json<{ id: string }>().id;
    expect(await hasStockRecords(ctx.db, id)).toBe(false);
    const generated = generateDemoStock([{ id, level: '县级' }], '2026-03-23');
    const audits = await ctx.auditCount();
    const actor = ctx.actor(await ctx.newUser({ roles: ['duty_officer'] }));
    const result = await ctx.services.stock.seedDemoStock(actor, generated);
    expect(result).toEqual({
      lots: generated.lots.length,
      movements: generated.lots.length,
      minimums: generated.minimums.length,
    });
    expect(await ctx.auditCount()).toBe(audits + generated.lots.length + generated.minimums.length);
    const ledger = await movementsOf(duty, id);
    expect(ledger.total).toBe(generated.lots.length);
    expect(new Set(ledger.items.map((m) => m.reason))).toEqual(new Set(['演示数据初始入库']));
    const stock = await stockOf(duty, id);
    expect(stock.items.length).toBeGreaterThan(30);
    expect(stock.items.some((i) => i.low)).toBe(true);
    expect(stock.items.some((i) => i.expiringLots + i.expiredLots > 0)).toBe(true);
    expect(await hasStockRecords(ctx.db, id)).toBe(true);
    // The movement ledger is evidence: a warehouse with stock rows is never deleted with them.
    const removed = await ctx
      .app()
      .then((app) =>
        app.inject({ method: 'DELETE', url: `/api/v1/ledger/warehouses/${id}`, headers: duty.bearer }),
      );
    expect(removed.statusCode).not.toBe(204);
    expect((await movementsOf(duty, id)).total).toBe(generated.lots.length);
    // Once: the warehouse now holds stock, so a second call changes nothing.
    expect(await ctx.services.stock.seedDemoStock(actor, generated)).toEqual({
      lots: 0,
      movements: 0,
      minimums: 0,
    });
  });
});
