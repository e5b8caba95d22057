/**
 * The hazard-model part of the configuration (issue #4 part 5): the earthquake estimate's attenuation zone,
 * long-axis direction and exposure degree, and the landslide failure prediction's look-back. Parsed with the
 * rest of the environment by `loadConfig` (config.ts).
 */
import {
  ATTENUATION_ZONES,
  DEFAULT_EXPOSURE_DEGREE,
  DEFAULT_MIN_SPEEDUP,
  type AttenuationZone,
} from '@ningan/domain';
import { z } from 'zod';

export const HazardEnv = {
  /**
   * GB 18306-2015 attenuation zone of the county (STANDARDS.md §7.1). Which zone applies to 宁县 is
   * UNCONFIRMED there; `central` (中强地震区) is a default to check against the GB 18306-2015 zoning.
   */
  SEISMIC_ATTENUATION_ZONE: z.enum(ATTENUATION_ZONES).default('central'),
  /**
   * Long axis of the isoseismal ellipses, degrees clockwise from north (0–180). STANDARDS.md gives none:
   * UNCONFIRMED; set it to the strike of the regional structures / causative fault. Default 0 (north–south).
   */
  SEISMIC_LONG_AXIS_AZIMUTH_DEG: z.coerce.number().min(0).max(180).default(0),
  /** Townships at this degree or more count towards the exposed population (default VI, STANDARDS.md §7.3). */
  SEISMIC_EXPOSURE_DEGREE: z.coerce.number().int().min(1).max(12).default(DEFAULT_EXPOSURE_DEGREE),
  /** Hours of displacement read for the inverse-velocity failure prediction (STANDARDS.md §6.1). */
  FAILURE_LOOKBACK_HOURS: z.coerce.number().int().min(6).max(2160).default(168),
  /**
   * Step (hours) over which velocities are taken (calc/failure-trend.ts). Ours, not from a standard: GNSS
   * readings carry millimetre noise, which hour-to-hour differences turn into velocities of either sign at
   * creep rates; 6 h averages it out (Carlà et al. 2017: noise and filtering affect the estimate, STANDARDS.md §6.1).
   */
  FAILURE_STEP_HOURS: z.coerce.number().int().min(1).max(24).default(6),
  /**
   * Least growth of the fitted velocity across the accelerating window for a forecast (ours, not from a
   * standard: see calc/failure-trend.ts).
   */
  FAILURE_MIN_SPEEDUP: z.coerce.number().min(1).max(100).default(DEFAULT_MIN_SPEEDUP),
};

type HazardEnvValues = z.output<z.ZodObject<typeof HazardEnv>>;

export interface HazardConfig {
  seismic: { zone: AttenuationZone; azimuthDeg: number; exposureDegree: number };
  failure: { lookbackHours: number; stepHours: number; minSpeedup: number };
}

export function hazardConfigOf(e: HazardEnvValues): HazardConfig {
  return {
    seismic: {
      zone: e.SEISMIC_ATTENUATION_ZONE,
      azimuthDeg: e.SEISMIC_LONG_AXIS_AZIMUTH_DEG,
      exposureDegree: e.SEISMIC_EXPOSURE_DEGREE,
    },
    failure: {
      lookbackHours: e.FAILURE_LOOKBACK_HOURS,
      stepHours: e.FAILURE_STEP_HOURS,
      minSpeedup: e.FAILURE_MIN_SPEEDUP,
    },
  };
}
