import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import {
  computeBui,
  computeDc,
  computeDmc,
  computeFfmc,
  computeFwi,
  computeFwiSeries,
  computeIsi,
  DEFAULT_FWI_CONFIG,
  fwiDangerClass,
} from './fwi.ts';
import { runCalculator } from './index.ts';

type Row = [number, number, number, number, number, number, number, number, number, number, number, number];
// STANDARDS.md §5.3: the 49-day test table of Van Wagner & Pickett (1985), start-up FFMC 85, DMC 6, DC 15.
// month, day, temp ℃, rh %, wind km/h, rain mm → FFMC, DMC, DC, ISI, BUI, FWI (one decimal).
const REFERENCE: Row[] = [
  [4, 13, 17.0, 42.0, 25.0, 0.0, 87.7, 8.5, 19.0, 10.9, 8.5, 10.1],
  [4, 14, 20.0, 21.0, 25.0, 2.4, 86.2, 10.4, 23.6, 8.8, 10.4, 9.3],
  [4, 15, 8.5, 40.0, 17.0, 0.0, 87.0, 11.8, 26.1, 6.5, 11.7, 7.6],
  [4, 16, 6.5, 25.0, 6.0, 0.0, 88.8, 13.2, 28.2, 4.9, 13.1, 6.2],
  [4, 17, 13.0, 34.0, 24.0, 0.0, 89.1, 15.4, 31.5, 12.6, 15.3, 14.8],
  [4, 18, 6.0, 40.0, 22.0, 0.4, 88.7, 16.5, 33.5, 10.7, 16.4, 13.5],
  [4, 19, 5.5, 52.0, 6.0, 0.0, 87.4, 17.2, 35.4, 4.0, 17.1, 5.9],
  [4, 20, 8.5, 46.0, 16.0, 0.0, 87.4, 18.5, 37.9, 6.6, 18.4, 9.7],
  [4, 21, 9.5, 54.0, 20.0, 0.0, 86.8, 19.7, 40.6, 7.4, 19.6, 11.0],
  [4, 22, 7.0, 93.0, 14.0, 9.0, 29.9, 10.1, 29.5, 0.0, 10.9, 0.0],
  [4, 23, 6.5, 71.0, 17.0, 1.0, 49.4, 10.7, 31.6, 0.4, 11.6, 0.2],
  [4, 24, 6.0, 59.0, 17.0, 0.0, 67.3, 11.4, 33.7, 1.3, 12.3, 0.9],
  [4, 25, 13.0, 52.0, 4.0, 0.0, 77.8, 13.0, 37.0, 1.1, 13.9, 0.8],
  [4, 26, 15.5, 40.0, 11.0, 0.0, 85.5, 15.4, 40.7, 3.9, 15.9, 5.5],
  [4, 27, 23.0, 25.0, 9.0, 0.0, 91.5, 19.8, 45.8, 8.4, 19.8, 12.2],
  [4, 28, 19.0, 46.0, 16.0, 0.0, 89.9, 22.5, 50.2, 9.5, 22.4, 14.3],
  [4, 29, 18.0, 41.0, 20.0, 0.0, 90.0, 25.2, 54.4, 11.7, 25.1, 17.7],
  [4, 30, 14.5, 51.0, 16.0, 0.0, 88.4, 27.0, 57.9, 7.7, 27.0, 13.3],
  [5, 1, 14.5, 69.0, 11.0, 0.0, 85.7, 28.3, 63.0, 4.0, 28.2, 8.0],
  [5, 2, 15.5, 42.0, 8.0, 0.0, 87.4, 30.8, 68.2, 4.4, 30.8, 9.1],
  [5, 3, 21.0, 37.0, 8.0, 0.0, 89.4, 34.5, 74.3, 5.9, 34.4, 12.3],
  [5, 4, 23.0, 32.0, 16.0, 0.0, 91.0, 38.8, 80.9, 11.1, 38.7, 21.0],
  [5, 5, 23.0, 32.0, 14.0, 0.0, 91.2, 43.1, 87.4, 10.3, 43.0, 21.1],
  [5, 6, 27.0, 33.0, 12.0, 0.0, 91.7, 48.1, 94.7, 9.9, 47.9, 21.7],
  [5, 7, 28.0, 17.0, 27.0, 0.0, 95.2, 54.5, 102.1, 34.5, 54.3, 52.6],
  [5, 8, 23.5, 54.0, 20.0, 0.0, 89.7, 57.4, 108.8, 11.3, 57.2, 25.9],
  [5, 9, 16.0, 50.0, 22.0, 12.2, 62.2, 29.9, 91.8, 1.4, 33.0, 3.0],
  [5, 10, 11.5, 58.0, 20.0, 0.0, 76.7, 31.3, 96.3, 2.3, 34.5, 5.4],
  [5, 11, 16.0, 54.0, 16.0, 0.0, 83.5, 33.4, 101.6, 3.8, 36.7, 8.9],
  [5, 12, 21.5, 37.0, 9.0, 0.0, 88.7, 37.1, 107.8, 5.6, 39.9, 12.8],
  [5, 13, 14.0, 61.0, 22.0, 0.2, 86.7, 38.7, 112.8, 8.1, 41.6, 17.3],
  [5, 14, 15.0, 30.0, 27.0, 0.0, 89.6, 41.7, 117.9, 15.9, 44.2, 28.8],
  [5, 15, 20.0, 23.0, 11.0, 0.0, 92.1, 45.9, 123.9, 10.1, 47.7, 21.9],
  [5, 16, 14.0, 95.0, 3.0, 16.4, 21.3, 20.1, 97.0, 0.0, 26.5, 0.0],
  [5, 17, 20.0, 53.0, 4.0, 2.8, 51.0, 18.3, 103.0, 0.2, 25.3, 0.2],
  [5, 18, 19.5, 30.0, 16.0, 0.0, 82.3, 22.1, 108.9, 3.3, 29.3, 6.8],
  [5, 19, 25.5, 51.0, 20.0, 6.0, 75.4, 16.4, 106.4, 2.1, 23.7, 3.8],
  [5, 20, 10.0, 38.0, 24.0, 0.0, 84.3, 18.2, 110.6, 6.4, 25.8, 11.3],
  [5, 21, 19.0, 27.0, 16.0, 0.0, 90.3, 22.1, 116.4, 10.0, 29.9, 17.2],
  [5, 22, 26.0, 46.0, 11.0, 4.2, 77.6, 18.7, 117.7, 1.6, 26.8, 2.9],
  [5, 23, 30.0, 38.0, 22.0, 0.0, 90.2, 23.8, 125.5, 13.4, 32.3, 22.0],
  [5, 24, 25.5, 67.0, 19.0, 12.6, 65.3, 13.1, 108.5, 1.4, 20.2, 1.9],
  [5, 25, 12.0, 53.0, 28.0, 11.8, 55.4, 7.7, 91.6, 1.2, 12.8, 0.8],
  [5, 26, 21.0, 38.0, 8.0, 0.0, 80.8, 11.3, 97.8, 1.9, 17.6, 2.6],
  [5, 27, 13.0, 70.0, 20.0, 3.8, 61.7, 8.4, 97.9, 1.2, 13.8, 0.9],
  [5, 28, 9.0, 78.0, 24.0, 1.4, 64.5, 9.0, 101.9, 1.7, 14.7, 2.0],
  [5, 29, 11.0, 54.0, 16.0, 0.0, 77.6, 10.5, 106.3, 2.0, 16.8, 2.8],
  [5, 30, 15.5, 39.0, 9.0, 0.0, 85.4, 13.1, 111.5, 3.5, 20.3, 5.8],
  [5, 31, 18.0, 36.0, 5.0, 0.0, 88.5, 16.3, 117.1, 4.4, 24.2, 7.9],
];

describe('FWI, STANDARDS.md §5.2 equations (Van Wagner 1987; Van Wagner & Pickett 1985)', () => {
  const result = computeFwiSeries({
    start: { ffmc: 85, dmc: 6, dc: 15 },
    days: REFERENCE.map(([month, , temp, rh, wind, rain]) => ({ month, temp, rh, wind, rain })),
  });

  it.each(REFERENCE.map((row, i) => [row[0], row[1], i, row] as const))(
    '§5.3 reference table, %s-%s: all six codes and indices at one decimal',
    (_m, _d, i, row) => {
      const [, , , , , , ffmc, dmc, dc, isi, bui, fwi] = row;
      expect(result.days[i]).toMatchObject({ ffmc, dmc, dc, isi, bui, fwi });
    },
  );

  it('§5.2 day one at full precision (13 April: 17 ℃, 42 %, 25 km/h, no rain; start 85/6/15)', () => {
    const ffmc = computeFfmc(85, 17, 42, 25, 0);
    const dmc = computeDmc(6, 17, 42, 0, 4);
    const dc = computeDc(15, 17, 0, 4);
    expect(ffmc).toBeCloseTo(87.69298, 4);
    expect(dmc).toBeCloseTo(8.54505, 4);
    expect(dc).toBeCloseTo(19.014, 9); // 15 + 0.5 (0.36 × 19.8 + 0.9)
    const isi = computeIsi(ffmc, 25);
    const bui = computeBui(dmc, dc);
    expect(isi).toBeCloseTo(10.85366, 4);
    expect(bui).toBeCloseTo(8.49043, 4);
    expect(computeFwi(isi, bui)).toBeCloseTo(10.09637, 4);
  });

  it('§5.2 Eqs. 12 and 15 in the 1985 FORTRAN form: the DMC/BUI values the 1987 printed forms miss by 0.1', () => {
    expect(result.days[18]?.bui).toBe(28.2); // 1 May
    expect(result.days[42]?.dmc).toBe(7.7); // 25 May, after 11.8 mm
    expect(result.days[43]?.dmc).toBe(11.3); // 26 May
  });

  it('§5.2 Eq. 13 branches (P₀ ≤ 33, ≤ 65, > 65), Eq. 15 and Eq. 21 floors at 0', () => {
    for (const p0 of [20, 50, 100]) {
      const wet = computeDmc(p0, 20, 50, 30, 6);
      expect(wet).toBeGreaterThanOrEqual(0);
      expect(wet).toBeLessThan(computeDmc(p0, 20, 50, 0, 6));
    }
    expect(computeDmc(0, -1.1, 50, 200, 6)).toBe(0); // P_r < 0 → 0, and no drying at T = −1.1
    expect(computeDc(0, -2.8, 200, 6)).toBeCloseTo(0.5 * 5.8, 9); // D_r < 0 → 0, then V = L_f
  });

  it('§5.2 rain thresholds: FFMC only above 0.5 mm, DMC above 1.5 mm, DC above 2.8 mm', () => {
    expect(computeFfmc(85, 17, 42, 25, 0.5)).toBe(computeFfmc(85, 17, 42, 25, 0));
    expect(computeFfmc(85, 17, 42, 25, 0.6)).toBeLessThan(computeFfmc(85, 17, 42, 25, 0));
    expect(computeDmc(30, 17, 42, 1.5, 5)).toBe(computeDmc(30, 17, 42, 0, 5));
    expect(computeDmc(30, 17, 42, 1.6, 5)).toBeLessThan(computeDmc(30, 17, 42, 0, 5));
    expect(computeDc(100, 17, 2.8, 5)).toBe(computeDc(100, 17, 0, 5));
    expect(computeDc(100, 17, 2.9, 5)).toBeLessThan(computeDc(100, 17, 0, 5));
  });

  it('§5.2 Eq. 16 and Eq. 22 temperature floors (−1.1 ℃, −2.8 ℃) and V ≥ 0 in winter months', () => {
    expect(computeDmc(10, -20, 30, 0, 7)).toBe(10); // T → −1.1: K = 0
    expect(computeDc(10, -20, 0, 6)).toBeCloseTo(10 + 0.5 * 5.8, 9); // T → −2.8: V = L_f (June 5.8)
    expect(computeDc(10, 0, 0, 1)).toBe(10); // January: 0.36 × 2.8 − 1.6 < 0 → V = 0
    expect(computeDc(10, 10, 0, 12)).toBeCloseTo(10 + 0.5 * (0.36 * 12.8 - 1.6), 9);
  });

  it('§5.2 day-length tables by month (Eq. 16 L_e, Eq. 22 L_f)', () => {
    expect(computeDmc(10, 20, 40, 0, 1)).toBeCloseTo(10 + 100 * 1.894 * 21.1 * 60 * 6.5e-6, 9);
    expect(computeDmc(10, 20, 40, 0, 6)).toBeCloseTo(10 + 100 * 1.894 * 21.1 * 60 * 13.9e-6, 9);
    expect(computeDmc(10, 20, 40, 0, 12)).toBeCloseTo(10 + 100 * 1.894 * 21.1 * 60 * 6.0e-6, 9);
    expect(computeDc(10, 20, 0, 7)).toBeCloseTo(10 + 0.5 * (0.36 * 22.8 + 6.4), 9);
    expect(computeDc(10, 20, 0, 10)).toBeCloseTo(10 + 0.5 * (0.36 * 22.8 + 0.4), 9);
  });

  it('§5.2 Eq. 27 BUI: both codes zero gives 0; P ≤ 0.4 D uses 27a', () => {
    expect(computeBui(0, 0)).toBe(0);
    expect(computeBui(10, 100)).toBeCloseTo((0.8 * 10 * 100) / (10 + 40), 9);
  });

  it('§5.2 EFFIS danger classes: lower bounds inclusive, 50.0 still very-high; bounds are configuration', () => {
    expect(fwiDangerClass(5.1)).toBe('very-low');
    expect(fwiDangerClass(5.2)).toBe('low');
    expect(fwiDangerClass(11.1)).toBe('low');
    expect(fwiDangerClass(11.2)).toBe('moderate');
    expect(fwiDangerClass(21.2)).toBe('moderate');
    expect(fwiDangerClass(21.3)).toBe('high');
    expect(fwiDangerClass(37.9)).toBe('high');
    expect(fwiDangerClass(38.0)).toBe('very-high');
    expect(fwiDangerClass(50.0)).toBe('very-high');
    expect(fwiDangerClass(50.1)).toBe('extreme');
    expect(fwiDangerClass(6, { ...DEFAULT_FWI_CONFIG, low: 7 })).toBe('very-low');
    expect(result.days[24]).toMatchObject({ fwi: 52.6, dangerClass: 'extreme', dangerClassName: '极高' });
    expect(result.days[0]).toMatchObject({ fwi: 10.1, dangerClass: 'low', dangerClassName: '低' });
  });

  it('through the registry: { start, days } in, { days } out; bad input lists every field', () => {
    const out = runCalculator('fwi', {
      start: { ffmc: 85, dmc: 6, dc: 15 },
      days: [{ month: 4, temp: 17, rh: 42, wind: 25, rain: 0 }],
    });
    expect(out).toEqual({
      days: [
        {
          ffmc: 87.7,
          dmc: 8.5,
          dc: 19,
          isi: 10.9,
          bui: 8.5,
          fwi: 10.1,
          dangerClass: 'low',
          dangerClassName: '低',
        },
      ],
    });
    try {
      runCalculator('fwi', {
        start: { ffmc: 102, dmc: -1 },
        days: [
          { month: 13, temp: 'hot', rh: 101, wind: -2, rain: -1 },
          { month: 5, temp: 10, rh: 50, wind: 5 },
        ],
      });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).details?.map((d) => d.path).sort()).toEqual([
        'days.0.month',
        'days.0.rain',
        'days.0.rh',
        'days.0.temp',
        'days.0.wind',
        'days.1.rain',
        'start.dc',
        'start.dmc',
        'start.ffmc',
      ]);
    }
    expect(() => runCalculator('fwi', { start: { ffmc: 85, dmc: 6, dc: 15 }, days: [] })).toThrow(AppError);
  });
});
