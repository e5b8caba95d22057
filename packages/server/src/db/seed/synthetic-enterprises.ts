/**
 * Synthetic enterprises for benchmarks (`ningan bench`): any number of valid records, spread over the
 * county's village points, with GB 32100 credit codes and the field mix of a real registry. Not demo data
 * (the demo ledger is db/seed/ledger-demo.ts, at the plan's scale); every name says it is synthetic.
 *
 * Pure and deterministic: record `i` depends only on `i` and the geography, so a bench can load
 * 0..50,000 now and 50,000..100,000 later, and a sheet of rows 200,000.. never collides with them.
 */
import {
  creditCodeCheckChar,
  INDUSTRIES,
  type CreateEnterpriseRequest,
  type Industry,
  type Licence,
} from '@ningan/domain';
import { booleanPointInPolygon, point } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';

export interface SyntheticGeo {
  /** County boundary, WGS84; jittered points are kept inside it. Null: points sit on the villages. */
  county: Polygon | MultiPolygon | null;
  /** Villages (12-digit codes) with their (possibly schematic) points, WGS84 `[lon, lat]`. */
  villages: { code: string; displayName: string; point: [number, number] }[];
}

const BRANDS = [
  '恒达',
  '宏远',
  '鑫源',
  '永盛',
  '华泰',
  '金诚',
  '瑞丰',
  '德隆',
  '兴旺',
  '安康',
  '天成',
  '振华',
  '长青',
  '博远',
  '嘉禾',
  '正泰',
  '裕丰',
  '盛世',
  '众合',
  '汇通',
  '新宁',
  '庆阳',
  '陇东',
  '子午',
  '马莲',
  '九龙',
  '泾河',
  '塬上',
  '周祖',
  '宁州',
];
const TRADES: Record<Industry, string[]> = {
  危险化学品生产: ['化工', '精细化工'],
  危险化学品经营: ['石化', '燃气', '加油站'],
  危险化学品使用: ['新材料', '涂装'],
  煤矿: ['煤业'],
  非煤矿山: ['矿业', '石料'],
  石油天然气开采: ['油气'],
  油田技术服务: ['油田服务', '井下作业'],
  烟花爆竹: ['烟花爆竹'],
  工贸: ['机械', '建材', '食品', '果业', '面粉', '纺织', '木业', '砖瓦'],
  建筑施工: ['建筑', '建设工程', '路桥'],
  交通运输: ['物流', '运输', '客运'],
  商贸: ['商贸', '超市', '农资'],
  其他: ['农业', '养殖', '科技'],
};
/** Of 1,000 enterprises, how many per industry (roughly a county's registry: few high-risk firms). */
const INDUSTRY_WEIGHTS: Record<Industry, number> = {
  危险化学品生产: 4,
  危险化学品经营: 18,
  危险化学品使用: 10,
  煤矿: 1,
  非煤矿山: 5,
  石油天然气开采: 4,
  油田技术服务: 8,
  烟花爆竹: 5,
  工贸: 380,
  建筑施工: 120,
  交通运输: 90,
  商贸: 250,
  其他: 105,
};
const INDUSTRY_TABLE: Industry[] = INDUSTRIES.flatMap((i) => Array<Industry>(INDUSTRY_WEIGHTS[i]).fill(i));
const LICENCE_OF: Partial<Record<Industry, string>> = {
  危险化学品生产: '安全生产许可证',
  危险化学品经营: '危险化学品经营许可证',
  煤矿: '安全生产许可证',
  非煤矿山: '安全生产许可证',
  石油天然气开采: '安全生产许可证',
  烟花爆竹: '烟花爆竹经营许可证',
  建筑施工: '安全生产许可证',
};
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗';
const GIVEN = [
  '建国',
  '志强',
  '海燕',
  '丽娟',
  '永刚',
  '小军',
  '桂兰',
  '文博',
  '晓东',
  '春梅',
  '宏伟',
  '亚宁',
];
/** Offsets from a village point, in degrees (~0–600 m); the ones outside the county are dropped. */
const JITTER: [number, number][] = Array.from({ length: 24 }, (_, k) => {
  const angle = (k * 2.399963) % (2 * Math.PI); // golden angle: an even spread
  const r = 0.0008 + 0.0052 * ((k % 6) / 5);
  return [Math.cos(angle) * r, Math.sin(angle) * r * 0.8];
});

/** A 32-bit integer hash (Murmur3's finaliser): stable pseudo-random choices from an index. */
function mix(n: number): number {
  let h = n | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The credit code of synthetic record `i` (91 enterprise, the county code, MA + 7 digits, check char). */
export function syntheticCreditCode(countyCode: string, i: number): string {
  const first17 = `91${countyCode}MA${String(i).padStart(7, '0')}`;
  return `${first17}${creditCodeCheckChar(first17)!}`;
}

/**
 * Records `start .. start + count - 1`, in order; `today` (YYYY-MM-DD) anchors licence and insurance dates.
 * @throws when the geography has no villages
 */
export function syntheticEnterprises(
  geo: SyntheticGeo,
  countyCode: string,
  options: { start: number; count: number; today: string },
): CreateEnterpriseRequest[] {
  if (!geo.villages.length) throw new Error('synthetic enterprises: the county has no village points');
  const places = geo.villages.map((v) => ({
    ...v,
    points: JITTER.map(([dx, dy]): [number, number] => [v.point[0] + dx, v.point[1] + dy]).filter(
      (p) => !geo.county || booleanPointInPolygon(point(p), geo.county),
    ),
  }));
  const out: CreateEnterpriseRequest[] = [];
  for (let i = options.start; i < options.start + options.count; i += 1) {
    const h = mix(i);
    const h2 = mix(h ^ 0x9e3779b9);
    const place = places[i % places.length]!;
    const at = place.points.length ? place.points[h % place.points.length]! : place.point;
    const industry = INDUSTRY_TABLE[h2 % INDUSTRY_TABLE.length]!;
    const trades = TRADES[industry];
    const trade = trades[(h >>> 8) % trades.length]!;
    const brand = BRANDS[(h >>> 12) % BRANDS.length]!;
    const person = (salt: number) =>
      `${SURNAMES[mix(i * 7 + salt) % SURNAMES.length]!}${GIVEN[(mix(i * 7 + salt) >>> 8) % GIVEN.length]!}`;
    const highRisk = INDUSTRY_WEIGHTS[industry] < 20;
    const insured = highRisk ? h2 % 10 < 9 : h2 % 25 === 0;
    const licenceName = LICENCE_OF[industry];
    const licences: Licence[] = licenceName
      ? [
          {
            name: licenceName,
            number: `（合成）${String(i).padStart(7, '0')}`,
            expiresOn: addDays(options.today, (h % 1155) - 60),
          },
        ]
      : [];
    out.push({
      name: `（合成）${brand}${trade}有限公司${String(i).padStart(6, '0')}`,
      creditCode: syntheticCreditCode(countyCode, i),
      industry,
      scale: h2 % 5 === 0 ? '规上' : '规下',
      regionCode: place.code,
      lon: Math.round(at[0] * 1e6) / 1e6,
      lat: Math.round(at[1] * 1e6) / 1e6,
      address: `${place.displayName.replace(' · ', '')}${(h % 98) + 1}号`,
      legalRepresentative: person(1),
      safetyManager: person(2),
      safetyManagerPhone: `13${String(h % 1_000_000_000).padStart(9, '0')}`,
      standardizationGrade: highRisk ? (['二级', '三级', '未评级'] as const)[h % 3]! : '未评级',
      insured,
      insuranceExpiresOn: insured ? addDays(options.today, (h2 % 395) - 30) : null,
      licences,
      supervisingDepartmentId: null,
    });
  }
  return out;
}
