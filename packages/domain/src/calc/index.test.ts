import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { CALCULATOR_NAMES, runCalculator } from './index.ts';

describe('calculator registry', () => {
  it('runs a calculator on valid input', () => {
    expect(runCalculator('lec', { L: 3, E: 6, C: 15 })).toMatchObject({ D: 270, color: 'orange' });
  });
  it('lists every problem of bad input, and unknown fields too', () => {
    try {
      runCalculator('accident-grade', { deaths: 'three', directLossYuan: -1, extra: 1 });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      const e = err as AppError;
      expect(e.code).toBe('validation_failed');
      expect(e.details?.map((d) => d.path).sort()).toEqual([
        '(input)',
        'deaths',
        'directLossYuan',
        'seriousInjuries',
      ]);
    }
  });
  it('every calculator answers input that is not an object with one problem, never a crash', () => {
    for (const name of CALCULATOR_NAMES)
      for (const raw of [null, [], 'x', 3]) {
        try {
          runCalculator(name, raw);
          expect.unreachable();
        } catch (err) {
          expect(err, `${name} ${JSON.stringify(raw)}`).toBeInstanceOf(AppError);
          expect((err as AppError).details?.map((d) => d.path)).toEqual(['(input)']);
        }
      }
  });
  it('names the available calculators for an unknown one', () => {
    expect(() => runCalculator('nope', {})).toThrow(/lec/);
  });
});
