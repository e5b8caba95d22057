/**
 * Warehouse stock (储备物资, issue #3): the supplies catalogue, the requests of a stock movement
 * (入库 / 出库 / 盘点), the views, and the pure rules behind them — FIFO allocation of a stock-out over
 * the lots of an item (earliest expiry first), low-stock and expiring-soon classification.
 *
 * Quantities are decimal with at most three places (㎡ of geotextile, cases of water); the rules compute
 * in thousandths as integers, so repeated movements never drift by floating-point error, and no rule
 * ever lets a lot go below zero (the database repeats that as a CHECK).
 */
import { z } from 'zod';
import type { ErrorDetail } from './errors.ts';

// ---------------------------------------------------------------------------------------------------------
// Supplies catalogue (物资目录)
// ---------------------------------------------------------------------------------------------------------

/**
 * Categories after the widely used 13-class 应急物资分类 (防护用品、生命救助、生命支持、救援运载、临时食宿、
 * 污染清理、动力燃料、工程设备、器材工具、照明设备、通讯广播、交通运输、工程材料), followed loosely: the
 * catalogue only needs a grouping its users recognise, not a national code.
 */
export const SUPPLY_CATEGORIES = [
  '临时食宿',
  '生命救助',
  '生命支持',
  '防护用品',
  '救援运载',
  '污染清理',
  '动力燃料',
  '工程设备',
  '器材工具',
  '照明设备',
  '通讯广播',
  '交通运输',
  '工程材料',
] as const;
export type SupplyCategory = (typeof SUPPLY_CATEGORIES)[number];

export const SupplyItem = z.object({
  /** Stable identifier used in requests and stored rows (lower-case ASCII). */
  code: z.string(),
  name: z.string(),
  category: z.enum(SUPPLY_CATEGORIES),
  /** Counting unit (计量单位) as a keeper writes it. */
  unit: z.string(),
  /** Usually carries a use-by date (food, water, medicine, disinfectant), so stock-in asks for it. */
  perishable: z.boolean(),
});
export type SupplyItem = z.infer<typeof SupplyItem>;

const item = (
  code: string,
  name: string,
  category: SupplyCategory,
  unit: string,
  perishable = false,
): SupplyItem => ({ code, name, category, unit, perishable });

/** Common county/township/village relief and rescue supplies (救灾物资、防汛抢险物资). */
export const SUPPLY_CATALOGUE: readonly SupplyItem[] = [
  item('tent', '救灾帐篷', '临时食宿', '顶'),
  item('folding-bed', '折叠床', '临时食宿', '张'),
  item('quilt', '棉被', '临时食宿', '床'),
  item('cotton-coat', '棉大衣', '临时食宿', '件'),
  item('blanket', '毛毯', '临时食宿', '条'),
  item('sleeping-bag', '睡袋', '临时食宿', '个'),
  item('instant-food', '方便食品', '临时食宿', '箱', true),
  item('drinking-water', '饮用水', '临时食宿', '箱', true),
  item('mobile-toilet', '移动厕所', '临时食宿', '座'),
  item('life-jacket', '救生衣', '生命救助', '件'),
  item('lifebuoy', '救生圈', '生命救助', '个'),
  item('rescue-rope', '救援绳', '生命救助', '根'),
  item('stretcher', '担架', '生命救助', '副'),
  item('first-aid-kit', '急救包', '生命支持', '个', true),
  item('medicine-kit', '常用药品箱', '生命支持', '箱', true),
  item('raincoat', '雨衣', '防护用品', '件'),
  item('rain-boots', '雨靴', '防护用品', '双'),
  item('helmet', '安全帽', '防护用品', '顶'),
  item('work-gloves', '防护手套', '防护用品', '副'),
  item('reflective-vest', '反光背心', '防护用品', '件'),
  item('medical-mask', '医用口罩', '防护用品', '只', true),
  item('assault-boat', '冲锋舟', '救援运载', '艘'),
  item('rubber-boat', '橡皮艇', '救援运载', '艘'),
  item('outboard-motor', '船外机', '救援运载', '台'),
  item('disinfectant', '消毒液', '污染清理', '桶', true),
  item('sprayer', '消毒喷雾器', '污染清理', '台'),
  item('generator', '发电机', '动力燃料', '台'),
  item('water-pump', '抽水泵', '工程设备', '台'),
  item('chainsaw', '油锯', '工程设备', '台'),
  item('demolition-kit', '破拆工具组', '工程设备', '套'),
  item('shovel', '铁锹', '器材工具', '把'),
  item('pickaxe', '洋镐', '器材工具', '把'),
  item('emergency-light', '应急照明灯', '照明设备', '台'),
  item('light-tower', '移动照明灯塔', '照明设备', '台'),
  item('flashlight', '强光手电', '照明设备', '只'),
  item('satellite-phone', '卫星电话', '通讯广播', '部'),
  item('walkie-talkie', '对讲机', '通讯广播', '部'),
  item('megaphone', '手持扩音器', '通讯广播', '个'),
  item('hand-siren', '手摇报警器', '通讯广播', '台'),
  item('gong', '铜锣', '通讯广播', '面'),
  item('tricycle', '电动三轮车', '交通运输', '辆'),
  item('sandbag', '沙袋', '工程材料', '条'),
  item('woven-bag', '编织袋', '工程材料', '条'),
  item('geotextile', '土工布', '工程材料', '㎡'),
  item('tarpaulin', '彩条布', '工程材料', '卷'),
  item('timber-stake', '木桩', '工程材料', '根'),
];

const BY_CODE = new Map(SUPPLY_CATALOGUE.map((s) => [s.code, s]));
const ORDER = new Map(SUPPLY_CATALOGUE.map((s, i) => [s.code, i]));

export function findSupply(code: string): SupplyItem | undefined {
  return BY_CODE.get(code);
}

// ---------------------------------------------------------------------------------------------------------
// Quantities
// ---------------------------------------------------------------------------------------------------------

/** Thousandths: the integer every rule computes with. */
export function toMilli(quantity: number): number {
  return Math.round(quantity * 1000);
}
export function fromMilli(milli: number): number {
  return milli / 1000;
}
/** `a + b` without floating-point drift (three decimal places). */
export function addQuantities(a: number, b: number): number {
  return fromMilli(toMilli(a) + toMilli(b));
}

const MAX_QUANTITY = 1_000_000_000;
const hasThreeDecimals = (q: number) => Math.abs(q * 1000 - Math.round(q * 1000)) < 1e-6;

const Quantity = z
  .number({ error: '请填写数量' })
  .finite()
  .max(MAX_QUANTITY, '数量过大')
  .refine(hasThreeDecimals, { message: '数量最多保留三位小数' });
const PositiveQuantity = Quantity.refine((q) => q > 0, { message: '数量应大于 0' });
const NonNegativeQuantity = Quantity.refine((q) => q >= 0, { message: '数量不能为负' });

const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), { message: '无效的日期' });

export const SupplyCode = z.enum(SUPPLY_CATALOGUE.map((s) => s.code) as [string, ...string[]], {
  error: '物资目录中没有该物资',
});
/** 批次号: as printed on the goods or chosen at stock-in (e.g. 20260302). */
export const BatchCode = z
  .string()
  .trim()
  .min(1, '请填写批次号')
  .max(40, '批次号最多 40 个字符')
  .regex(/^[^\s/\\]+$/, '批次号不能含空格或斜杠');
const Reason = z.string().trim().min(1, '请填写事由').max(200);

// ---------------------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------------------

export const STOCK_MOVEMENT_KINDS = ['in', 'out', 'take'] as const;
export type StockMovementKind = (typeof STOCK_MOVEMENT_KINDS)[number];
export const STOCK_MOVEMENT_KIND_LABELS: Record<StockMovementKind, string> = {
  in: '入库',
  out: '出库',
  take: '盘点',
};

/** Suggested reasons for the forms (free text is accepted). */
export const STOCK_REASONS: Record<StockMovementKind, readonly string[]> = {
  in: ['采购入库', '上级调拨入库', '社会捐赠入库', '使用后归还'],
  out: ['救灾发放', '抢险救援使用', '调拨出库', '演练使用', '过期报废'],
  take: ['定期盘点', '汛前检查盘点', '交接盘点'],
};

/** 入库: a quantity of one item arrives as (or adds to) one batch. */
export const StockInRequest = z
  .object({
    kind: z.literal('in'),
    itemCode: SupplyCode,
    quantity: PositiveQuantity,
    batch: BatchCode,
    expiresOn: IsoDate.nullable().default(null),
    reason: Reason,
  })
  .strict();
export type StockInRequest = z.infer<typeof StockInRequest>;

/** 出库: from the named batch, or first-expiring first (FIFO) over the item's lots when none is named. */
export const StockOutRequest = z
  .object({
    kind: z.literal('out'),
    itemCode: SupplyCode,
    quantity: PositiveQuantity,
    batch: BatchCode.nullable().default(null),
    reason: Reason,
    destination: z.string().trim().min(1, '请填写去向（领用单位或地点）').max(100),
  })
  .strict();
export type StockOutRequest = z.infer<typeof StockOutRequest>;

/**
 * 盘点: the counted quantity of one batch replaces the book quantity; the difference is recorded.
 * `expiresOn` is only used when the count finds a batch not on the books (盘盈).
 */
export const StockTakeRequest = z
  .object({
    kind: z.literal('take'),
    itemCode: SupplyCode,
    batch: BatchCode,
    countedQuantity: NonNegativeQuantity,
    expiresOn: IsoDate.nullable().default(null),
    reason: Reason,
  })
  .strict();
export type StockTakeRequest = z.infer<typeof StockTakeRequest>;

export const StockMovementRequest = z.discriminatedUnion('kind', [
  StockInRequest,
  StockOutRequest,
  StockTakeRequest,
]);
export type StockMovementRequest = z.infer<typeof StockMovementRequest>;

/** 最低库存 of one item in one warehouse; 0 means none. */
export const SetMinimumRequest = z.object({ minQuantity: NonNegativeQuantity }).strict();
export type SetMinimumRequest = z.infer<typeof SetMinimumRequest>;

// ---------------------------------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------------------------------

export const EXPIRY_STATES = ['expired', 'expiring', 'ok'] as const;
export type ExpiryState = (typeof EXPIRY_STATES)[number];

export const StockLotView = z.object({
  batch: z.string(),
  expiresOn: z.string().nullable(),
  quantity: z.number(),
  /** Days from today to `expiresOn` (negative: expired); null without a date. */
  daysLeft: z.number().int().nullable(),
  expiry: z.enum(EXPIRY_STATES).nullable(),
});
export type StockLotView = z.infer<typeof StockLotView>;

export const StockItemView = z.object({
  itemCode: z.string(),
  name: z.string(),
  category: z.enum(SUPPLY_CATEGORIES),
  unit: z.string(),
  total: z.number(),
  minQuantity: z.number().nullable(),
  /** Below its minimum (total < minQuantity). */
  low: z.boolean(),
  /** Lots holding stock, first to issue first. */
  lots: z.array(StockLotView),
  expiringLots: z.number().int(),
  expiredLots: z.number().int(),
});
export type StockItemView = z.infer<typeof StockItemView>;

export const WarehouseStockView = z.object({
  warehouseId: z.string(),
  warehouseName: z.string(),
  regionCode: z.string(),
  level: z.string().nullable(),
  /** The "expiring soon" window the flags use. */
  expiringWithinDays: z.number().int(),
  items: z.array(StockItemView),
});
export type WarehouseStockView = z.infer<typeof WarehouseStockView>;

export const StockMovementView = z.object({
  id: z.string(),
  /** One request (单据): the rows of a FIFO stock-out over several batches share it. */
  voucher: z.string(),
  kind: z.enum(STOCK_MOVEMENT_KINDS),
  itemCode: z.string(),
  itemName: z.string(),
  unit: z.string(),
  batch: z.string(),
  /** Signed change of the batch's quantity. */
  delta: z.number(),
  quantityAfter: z.number(),
  reason: z.string(),
  destination: z.string().nullable(),
  actorName: z.string(),
  at: z.string(),
});
export type StockMovementView = z.infer<typeof StockMovementView>;

export const StockMovementResult = z.object({
  voucher: z.string(),
  kind: z.enum(STOCK_MOVEMENT_KINDS),
  lines: z.array(StockMovementView),
  /** The item's stock after the movement. */
  item: StockItemView,
});
export type StockMovementResult = z.infer<typeof StockMovementResult>;

export const StockMinimumView = z.object({
  warehouseId: z.string(),
  itemCode: z.string(),
  minQuantity: z.number(),
  total: z.number(),
  low: z.boolean(),
});
export type StockMinimumView = z.infer<typeof StockMinimumView>;

export const LowStockItem = z.object({
  warehouseId: z.string(),
  warehouseName: z.string(),
  regionCode: z.string(),
  level: z.string().nullable(),
  itemCode: z.string(),
  itemName: z.string(),
  unit: z.string(),
  total: z.number(),
  minQuantity: z.number(),
  /** minQuantity − total. */
  shortage: z.number(),
});
export type LowStockItem = z.infer<typeof LowStockItem>;

export const ExpiringLot = z.object({
  warehouseId: z.string(),
  warehouseName: z.string(),
  regionCode: z.string(),
  level: z.string().nullable(),
  itemCode: z.string(),
  itemName: z.string(),
  unit: z.string(),
  batch: z.string(),
  expiresOn: z.string(),
  quantity: z.number(),
  daysLeft: z.number().int(),
});
export type ExpiringLot = z.infer<typeof ExpiringLot>;

// ---------------------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------------------

/** A batch of one item in one warehouse, as the rules see it. */
export interface Lot {
  batch: string;
  expiresOn: string | null;
  quantity: number;
}

/** Whole calendar days from `today` to `date` (YYYY-MM-DD). */
function daysBetween(today: string, date: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** Issue order: earliest expiry first, undated lots last, then by batch code. */
export function compareFifo(a: Lot, b: Lot): number {
  if (a.expiresOn !== b.expiresOn) {
    if (a.expiresOn === null) return 1;
    if (b.expiresOn === null) return -1;
    return a.expiresOn < b.expiresOn ? -1 : 1;
  }
  return a.batch < b.batch ? -1 : a.batch > b.batch ? 1 : 0;
}

export interface Allocation {
  batch: string;
  /** Taken from the lot (positive). */
  quantity: number;
  /** The lot's quantity afterwards (never negative). */
  after: number;
}

export type AllocationResult =
  { ok: true; allocations: Allocation[] } | { ok: false; available: number; problems: ErrorDetail[] };

/**
 * Allocates a stock-out of `quantity` over `lots` (all of one item): from `batch` alone when named,
 * otherwise first-expiring first (FIFO by expiry, then batch). When the stock does not cover it,
 * nothing is allocated and the problem names the available quantity, per batch.
 */
export function allocateOut(
  lots: readonly Lot[],
  quantity: number,
  options: { batch?: string | null; unit?: string } = {},
): AllocationResult {
  const unit = options.unit ?? '';
  const candidates = lots
    .filter((l) => toMilli(l.quantity) > 0 && (options.batch ? l.batch === options.batch : true))
    .sort(compareFifo);
  const availableMilli = candidates.reduce((s, l) => s + toMilli(l.quantity), 0);
  let wanted = toMilli(quantity);
  if (wanted > availableMilli) {
    const available = fromMilli(availableMilli);
    const perBatch = candidates.map((l) => `${l.batch} ${l.quantity}${unit}`).join('、');
    const message = options.batch
      ? `库存不足：批次 ${options.batch} 可用 ${available}${unit}，申请 ${quantity}${unit}`
      : `库存不足：可用 ${available}${unit}${perBatch ? `（${perBatch}）` : ''}，申请 ${quantity}${unit}`;
    return { ok: false, available, problems: [{ path: 'quantity', message }] };
  }
  const allocations: Allocation[] = [];
  for (const lot of candidates) {
    if (wanted === 0) break;
    const have = toMilli(lot.quantity);
    const take = Math.min(have, wanted);
    wanted -= take;
    allocations.push({ batch: lot.batch, quantity: fromMilli(take), after: fromMilli(have - take) });
  }
  return { ok: true, allocations };
}

/** The signed difference a stock-take records: counted − on the books. */
export function takeDelta(booked: number, counted: number): number {
  return fromMilli(toMilli(counted) - toMilli(booked));
}

/** Expired (daysLeft < 0), expiring within `withinDays` (0 ≤ daysLeft ≤ withinDays), or fine. */
export function classifyExpiry(
  expiresOn: string | null,
  today: string,
  withinDays: number,
): { daysLeft: number | null; expiry: ExpiryState | null } {
  if (!expiresOn) return { daysLeft: null, expiry: null };
  const daysLeft = daysBetween(today, expiresOn);
  return { daysLeft, expiry: daysLeft < 0 ? 'expired' : daysLeft <= withinDays ? 'expiring' : 'ok' };
}

/** Below the minimum: a minimum is set (> 0) and the total is under it. */
export function isLowStock(total: number, minQuantity: number | null | undefined): boolean {
  return minQuantity !== null && minQuantity !== undefined && toMilli(total) < toMilli(minQuantity);
}

/**
 * A warehouse's stock by item: lots holding stock (first to issue first), totals, minimum, low and
 * expiry flags. Items appear when they hold stock or have a minimum set (a minimum with no stock is
 * the most urgent low-stock case), in catalogue order.
 */
export function summariseStock(
  lots: readonly (Lot & { itemCode: string })[],
  minimums: readonly { itemCode: string; minQuantity: number }[],
  today: string,
  withinDays: number,
): StockItemView[] {
  const codes = new Set<string>();
  for (const l of lots) if (toMilli(l.quantity) > 0) codes.add(l.itemCode);
  for (const m of minimums) if (toMilli(m.minQuantity) > 0) codes.add(m.itemCode);
  const out: StockItemView[] = [];
  for (const code of codes) {
    const supply = BY_CODE.get(code);
    if (!supply) continue; // an item dropped from the catalogue keeps its rows but leaves the view
    const mine = lots.filter((l) => l.itemCode === code && toMilli(l.quantity) > 0).sort(compareFifo);
    const total = fromMilli(mine.reduce((s, l) => s + toMilli(l.quantity), 0));
    const min = minimums.find((m) => m.itemCode === code)?.minQuantity ?? null;
    const lotViews = mine.map((l) => ({
      batch: l.batch,
      expiresOn: l.expiresOn,
      quantity: l.quantity,
      ...classifyExpiry(l.expiresOn, today, withinDays),
    }));
    out.push({
      itemCode: code,
      name: supply.name,
      category: supply.category,
      unit: supply.unit,
      total,
      minQuantity: min !== null && toMilli(min) > 0 ? min : null,
      low: isLowStock(total, min),
      lots: lotViews,
      expiringLots: lotViews.filter((l) => l.expiry === 'expiring').length,
      expiredLots: lotViews.filter((l) => l.expiry === 'expired').length,
    });
  }
  return out.sort((a, b) => (ORDER.get(a.itemCode) ?? 0) - (ORDER.get(b.itemCode) ?? 0));
}
