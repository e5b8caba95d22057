/**
 * Demo stock (演示数据) for the demo warehouses (issue #3): the county warehouse holds much of most of
 * the catalogue, township points a flood-season and relief set, village points a little. Some lots
 * expire within 30 days (or have expired) and some items sit under their minimum, so the 低库存 and 临期
 * lists have something to show. Quantities and minimums are demo figures, not a reserve standard.
 *
 * Pure and deterministic: no I/O, no clock (dates are relative to `today`), a seeded mulberry32 stream;
 * the same warehouses, day and seed always give the same stock.
 */
import { findSupply } from '@ningan/domain';

export interface DemoWarehouse {
  id: string;
  /** The warehouse's 级别: 县级 / 乡镇级 / 村级 (anything else is treated as 村级). */
  level: string | null;
}

export interface DemoLot {
  warehouseId: string;
  itemCode: string;
  batch: string;
  expiresOn: string | null;
  quantity: number;
}

export interface DemoMinimum {
  warehouseId: string;
  itemCode: string;
  minQuantity: number;
}

export interface DemoStock {
  lots: DemoLot[];
  minimums: DemoMinimum[];
}

export const DEMO_STOCK_SEED = 20260302;

/** [item, typical quantity] per level: the base the generator varies (demo figures). */
type Kit = readonly (readonly [string, number])[];

const COUNTY_KIT: Kit = [
  ['tent', 300],
  ['folding-bed', 500],
  ['quilt', 1500],
  ['cotton-coat', 1000],
  ['blanket', 800],
  ['sleeping-bag', 300],
  ['instant-food', 600],
  ['drinking-water', 800],
  ['mobile-toilet', 20],
  ['life-jacket', 400],
  ['lifebuoy', 100],
  ['rescue-rope', 200],
  ['stretcher', 60],
  ['first-aid-kit', 300],
  ['medicine-kit', 50],
  ['raincoat', 600],
  ['rain-boots', 600],
  ['helmet', 400],
  ['work-gloves', 1000],
  ['reflective-vest', 300],
  ['medical-mask', 20000],
  ['assault-boat', 6],
  ['rubber-boat', 8],
  ['outboard-motor', 6],
  ['disinfectant', 200],
  ['sprayer', 40],
  ['generator', 20],
  ['water-pump', 30],
  ['chainsaw', 20],
  ['demolition-kit', 10],
  ['shovel', 800],
  ['pickaxe', 300],
  ['emergency-light', 100],
  ['light-tower', 4],
  ['flashlight', 500],
  ['satellite-phone', 10],
  ['walkie-talkie', 60],
  ['megaphone', 80],
  ['sandbag', 20000],
  ['woven-bag', 50000],
  ['geotextile', 5000],
  ['tarpaulin', 300],
  ['timber-stake', 2000],
];

const TOWNSHIP_KIT: Kit = [
  ['tent', 20],
  ['folding-bed', 30],
  ['quilt', 100],
  ['cotton-coat', 60],
  ['instant-food', 40],
  ['drinking-water', 60],
  ['life-jacket', 40],
  ['rescue-rope', 20],
  ['stretcher', 6],
  ['first-aid-kit', 30],
  ['raincoat', 60],
  ['rain-boots', 60],
  ['helmet', 40],
  ['disinfectant', 20],
  ['generator', 2],
  ['water-pump', 3],
  ['shovel', 100],
  ['emergency-light', 10],
  ['flashlight', 40],
  ['megaphone', 10],
  ['sandbag', 2000],
  ['woven-bag', 5000],
  ['tarpaulin', 30],
];

const VILLAGE_KIT: Kit = [
  ['quilt', 10],
  ['drinking-water', 10],
  ['instant-food', 6],
  ['first-aid-kit', 4],
  ['raincoat', 10],
  ['flashlight', 10],
  ['shovel', 20],
  ['megaphone', 2],
  ['hand-siren', 1],
  ['gong', 2],
  ['woven-bag', 500],
];

/** mulberry32: small and fast; floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** `YYYYMMDD` of a date: the batch code a keeper would write at stock-in. */
const batchOf = (date: string, n: number) => `${date.replace(/-/g, '')}-${n}`;

/**
 * Lots and minimums for `warehouses`. Perishable items get use-by dates: about one lot in four of them
 * expires within 30 days of `today` (a few already expired); about one item in six is under its minimum.
 * @throws RangeError when `today` is not a YYYY-MM-DD date.
 */
export function generateDemoStock(
  warehouses: readonly DemoWarehouse[],
  today: string,
  seed: number = DEMO_STOCK_SEED,
): DemoStock {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(Date.parse(`${today}T00:00:00Z`)))
    throw new RangeError(`today 应为 YYYY-MM-DD：${today}`);
  const rnd = mulberry32(seed);
  const int = (min: number, max: number) => min + Math.floor(rnd() * (max - min + 1));
  const lots: DemoLot[] = [];
  const minimums: DemoMinimum[] = [];
  for (const w of warehouses) {
    const kit = w.level === '县级' ? COUNTY_KIT : w.level === '乡镇级' ? TOWNSHIP_KIT : VILLAGE_KIT;
    // Villages stock part of their kit; county and townships all of it.
    const items = w.level === '县级' || w.level === '乡镇级' ? kit : kit.filter(() => rnd() < 0.7);
    for (const [code, base] of items) {
      const supply = findSupply(code);
      if (!supply) throw new Error(`demo stock: ${code} is not in the supplies catalogue`);
      const target = Math.max(1, Math.round(base * (0.6 + 0.8 * rnd())));
      const minQuantity = Math.max(1, Math.round(base * 0.5));
      // One item in six is short: between a fifth and nine tenths of its minimum.
      const short = rnd() < 1 / 6;
      let total = short ? Math.max(1, Math.round(minQuantity * (0.2 + 0.7 * rnd()))) : target;
      // Large holdings arrive in two or three batches, small ones in one.
      const batches = total >= 20 ? int(1, 3) : 1;
      for (let b = 1; b <= batches && total > 0; b += 1) {
        const quantity =
          b === batches ? total : Math.max(1, Math.round((total / (batches - b + 1)) * (0.5 + rnd())));
        total -= quantity;
        const arrived = addDays(today, -int(30, 720));
        let expiresOn: string | null = null;
        if (supply.perishable) {
          const roll = rnd();
          // ~1 in 4 within 30 days (a few already past), the rest within two years.
          expiresOn =
            roll < 0.05
              ? addDays(today, -int(1, 20))
              : roll < 0.25
                ? addDays(today, int(0, 30))
                : addDays(today, int(45, 720));
        }
        lots.push({ warehouseId: w.id, itemCode: code, batch: batchOf(arrived, b), expiresOn, quantity });
      }
      if (w.level !== '村级' || short || rnd() < 0.5)
        minimums.push({ warehouseId: w.id, itemCode: code, minQuantity });
    }
  }
  return { lots, minimums };
}
