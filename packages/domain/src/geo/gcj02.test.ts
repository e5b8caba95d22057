import { describe, expect, it } from 'vitest';
import { distance, point } from '@turf/turf';
import { gcj02ToWgs84, isOutsideChina, wgs84ToGcj02 } from './gcj02.ts';

function metresBetween(a: [number, number], b: [number, number]): number {
  return distance(point(a), point(b), { units: 'kilometers' }) * 1000;
}

describe('GCJ-02 ⇄ WGS84', () => {
  it('converts the Amap 宁县 county centre to the WGS84 value in ningxian-places.json', () => {
    const [lon, lat] = gcj02ToWgs84(107.928371, 35.502176);
    // ningxian-places.json county_seat: 107.9237, 35.5027 (4 decimals)
    expect(lon).toBeCloseTo(107.9237, 4);
    expect(lat).toBeCloseTo(35.5027, 4);
  });

  it('shifts a 宁县 point by the expected few hundred metres', () => {
    const wgs: [number, number] = [107.9237, 35.5027];
    const d = metresBetween(wgs, wgs84ToGcj02(...wgs));
    expect(d).toBeGreaterThan(300);
    expect(d).toBeLessThan(700);
  });

  it.each([
    [107.92, 35.5],
    [116.397, 39.909],
    [121.47, 31.23],
    [87.6, 43.8],
    [126.6, 45.75],
    [113.26, 23.13],
    [91.1, 29.65],
  ] as [number, number][])('round-trips (%f, %f) within 0.5 m both ways', (lon, lat) => {
    const there = gcj02ToWgs84(...wgs84ToGcj02(lon, lat));
    expect(metresBetween([lon, lat], there)).toBeLessThan(0.5);
    const back = wgs84ToGcj02(...gcj02ToWgs84(lon, lat));
    expect(metresBetween([lon, lat], back)).toBeLessThan(0.5);
  });

  it('leaves points outside China unchanged', () => {
    expect(isOutsideChina(2.35, 48.86)).toBe(true);
    expect(gcj02ToWgs84(2.35, 48.86)).toEqual([2.35, 48.86]);
    expect(wgs84ToGcj02(-74, 40.7)).toEqual([-74, 40.7]);
  });
});
