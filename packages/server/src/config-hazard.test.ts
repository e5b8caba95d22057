/** Issue #4 part 5: the hazard-model variables, parsed with the rest, every bad one named at once. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('hazard-model configuration (issue #4 part 5)', () => {
  it('STANDARDS.md §7.1: the attenuation zone and long-axis direction are UNCONFIRMED defaults (central, 0°); VI exposed; §6.1 look-back 168 h, 6 h velocity step', () => {
    expect(loadConfig({}).hazard).toEqual({
      seismic: { zone: 'central', azimuthDeg: 0, exposureDegree: 6 },
      failure: { lookbackHours: 168, stepHours: 6, minSpeedup: 1.5 },
    });
    expect(
      loadConfig({
        SEISMIC_ATTENUATION_ZONE: 'east',
        SEISMIC_LONG_AXIS_AZIMUTH_DEG: '125',
        SEISMIC_EXPOSURE_DEGREE: '7',
        FAILURE_LOOKBACK_HOURS: '72',
        FAILURE_MIN_SPEEDUP: '2',
        FAILURE_STEP_HOURS: '1',
      }).hazard,
    ).toEqual({
      seismic: { zone: 'east', azimuthDeg: 125, exposureDegree: 7 },
      failure: { lookbackHours: 72, stepHours: 1, minSpeedup: 2 },
    });
  });

  it('names every bad variable', () => {
    try {
      loadConfig({
        SEISMIC_ATTENUATION_ZONE: 'mars',
        SEISMIC_LONG_AXIS_AZIMUTH_DEG: '200',
        FAILURE_LOOKBACK_HOURS: '1',
      });
      throw new Error('accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const names = (err as ConfigError).problems.map((p) => p.split('=')[0]).sort();
      expect(names).toEqual([
        'FAILURE_LOOKBACK_HOURS',
        'SEISMIC_ATTENUATION_ZONE',
        'SEISMIC_LONG_AXIS_AZIMUTH_DEG',
      ]);
    }
  });
});
