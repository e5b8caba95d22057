/**
 * Administrative division codes (统计用区划代码): 6-digit county, 9-digit township (乡镇/街道),
 * 12-digit village (村/居委会). A record's jurisdiction is the region code it carries.
 */
import { z } from 'zod';

export const REGION_LEVELS = ['province', 'city', 'county', 'township', 'village'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export const RegionCode = z
  .string()
  .regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/, '区划代码应为 2/4/6/9/12 位数字');
export type RegionCode = z.infer<typeof RegionCode>;

export function regionLevelOf(code: string): RegionLevel {
  switch (code.length) {
    case 2:
      return 'province';
    case 4:
      return 'city';
    case 6:
      return 'county';
    case 9:
      return 'township';
    case 12:
      return 'village';
    default:
      throw new Error(`not a division code: ${code}`);
  }
}

export function parentRegionCode(code: string): string | null {
  switch (code.length) {
    case 12:
      return code.slice(0, 9);
    case 9:
      return code.slice(0, 6);
    case 6:
      return code.slice(0, 4);
    case 4:
      return code.slice(0, 2);
    default:
      return null;
  }
}

/** True when `code` is `ancestor` itself or lies inside it (codes nest by prefix). */
export function isWithinRegion(code: string, ancestor: string): boolean {
  return code.startsWith(ancestor);
}

/** Township seat, with the provenance the region pack carries for it. */
export interface Seat {
  lon: number; // WGS84
  lat: number; // WGS84
  confidence: 'high' | 'medium' | 'low';
  source: string;
}

export interface RegionSummary {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  lon: number | null;
  lat: number | null;
  /** True when the position/shape is derived, not surveyed (示意). */
  schematic: boolean;
}

export interface RegionDetail extends RegionSummary {
  seat: Seat | null;
  children: RegionSummary[];
}
