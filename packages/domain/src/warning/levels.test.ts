import { describe, expect, it } from 'vitest';
import { SIGNAL_LEVELS } from '../calc/weather-signal.ts';
import {
  DEFAULT_LEVEL_SEVERITY,
  levelForSeverity,
  WARNING_LEVEL_LABELS,
  WARNING_LEVELS,
  type WarningLevel,
  type WarningSeverity,
} from './levels.ts';

describe('warning levels (STANDARDS.md §2.3 《突发事件应对法》: 一级红 … 四级蓝)', () => {
  it('same order and names as the weather signal levels (ascending 蓝 → 红)', () => {
    expect(WARNING_LEVELS).toEqual(SIGNAL_LEVELS);
  });

  it('§2.3 一级 is red, the highest; 四级 is blue', () => {
    expect(WARNING_LEVEL_LABELS.red.zh).toBe('红色预警（一级）');
    expect(WARNING_LEVEL_LABELS.orange.zh).toBe('橙色预警（二级）');
    expect(WARNING_LEVEL_LABELS.yellow.zh).toBe('黄色预警（三级）');
    expect(WARNING_LEVEL_LABELS.blue.zh).toBe('蓝色预警（四级）');
    expect(WARNING_LEVELS.at(-1)).toBe('red');
  });

  it('issue #5 part 1 default severity: 红 Extreme, 橙 Severe, 黄 Moderate, 蓝 Minor', () => {
    expect(DEFAULT_LEVEL_SEVERITY).toEqual({
      red: 'Extreme',
      orange: 'Severe',
      yellow: 'Moderate',
      blue: 'Minor',
    });
  });

  it('levelForSeverity inverts the mapping, and honours a configured one', () => {
    expect(WARNING_LEVELS.map((l) => levelForSeverity(DEFAULT_LEVEL_SEVERITY[l]))).toEqual(WARNING_LEVELS);
    expect(levelForSeverity('Unknown')).toBeNull();
    const configured: Record<WarningLevel, WarningSeverity> = {
      red: 'Extreme',
      orange: 'Extreme',
      yellow: 'Severe',
      blue: 'Moderate',
    };
    expect(levelForSeverity('Severe', configured)).toBe('yellow');
    expect(levelForSeverity('Minor', configured)).toBeNull();
  });
});
