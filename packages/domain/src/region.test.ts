import { describe, expect, it } from 'vitest';
import { isWithinRegion, parentRegionCode, regionLevelOf } from './region.ts';

describe('division codes (统计用区划代码)', () => {
  it('derives level and parent from the code length', () => {
    expect(regionLevelOf('621026')).toBe('county');
    expect(regionLevelOf('621026100')).toBe('township');
    expect(regionLevelOf('621026100001')).toBe('village');
    expect(parentRegionCode('621026100001')).toBe('621026100');
    expect(parentRegionCode('621026100')).toBe('621026');
    expect(() => regionLevelOf('62102')).toThrow();
  });
  it('nests by prefix', () => {
    expect(isWithinRegion('621026100001', '621026100')).toBe(true);
    expect(isWithinRegion('621026101001', '621026100')).toBe(false);
  });
});
