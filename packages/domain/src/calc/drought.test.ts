import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { gradeDrought } from './drought.ts';
import { runCalculator } from './index.ts';

describe('meteorological drought grade, STANDARDS.md §8 (GB/T 20481-2017, MCI and SPI)', () => {
  it.each([
    [0.8, '无旱', 1],
    [-0.49, '无旱', 1],
    [-0.5, '轻旱', 2], // each bound belongs to the drier grade
    [-0.99, '轻旱', 2],
    [-1.0, '中旱', 3],
    [-1.49, '中旱', 3],
    [-1.5, '重旱', 4],
    [-1.99, '重旱', 4],
    [-2.0, '特旱', 5],
    [-3.2, '特旱', 5],
  ] as const)('GB/T 20481-2017 grades: %s → %s', (value, grade, level) => {
    expect(gradeDrought({ index: 'MCI', value })).toEqual({ grade, level });
    expect(gradeDrought({ index: 'SPI', value })).toEqual({ grade, level });
  });

  it('bad input lists every field', () => {
    expect(runCalculator('drought', { index: 'SPI', value: -1.2 })).toEqual({ grade: '中旱', level: 3 });
    try {
      runCalculator('drought', { index: 'PDSI', value: 'dry' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).details?.map((d) => d.path).sort()).toEqual(['index', 'value']);
    }
  });
});
