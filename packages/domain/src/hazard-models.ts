/**
 * Request/response schemas of the hazard models (issue #4 part 5): the earthquake impact estimate
 * (calc/earthquake-impact.ts), a seismic station's instrumental intensity (calc/seismic-intensity.ts), the
 * landslide failure-time prediction on a hazard point (calc/failure-trend.ts) and township populations.
 */
import { z } from 'zod';
import { EVERY_PROBLEM } from './calc/checks.ts';
import { ATTENUATION_ZONES } from './calc/intensity-attenuation.ts';

// ---- earthquake impact estimate ----

export const EarthquakeEstimateRequest = z
  .object({
    magnitude: z.number().finite().min(0, '震级为 0–10').max(10, '震级为 0–10').describe('面波震级 Ms'),
    lon: z
      .number()
      .finite()
      .min(-180, '经度为 −180–180')
      .max(180, '经度为 −180–180')
      .describe('震中经度 WGS84'),
    lat: z.number().finite().min(-90, '纬度为 −90–90').max(90, '纬度为 −90–90').describe('震中纬度 WGS84'),
    zone: z
      .enum(ATTENUATION_ZONES, { error: `衰减分区应为：${ATTENUATION_ZONES.join('、')}` })
      .optional()
      .describe('GB 18306-2015 衰减分区；缺省取配置 SEISMIC_ATTENUATION_ZONE'),
    azimuthDeg: z
      .number()
      .finite()
      .min(0, '长轴方向为 0–180°')
      .max(180, '长轴方向为 0–180°')
      .optional()
      .describe('长轴方向（自正北顺时针，度）；缺省取配置 SEISMIC_LONG_AXIS_AZIMUTH_DEG'),
    exposureDegree: z
      .number()
      .int('须为整数')
      .min(1, '烈度为 1–12')
      .max(12, '烈度为 1–12')
      .optional()
      .describe('计入受影响人口的最低烈度；缺省取配置（VI 度）'),
  })
  .strict();
export type EarthquakeEstimateRequest = z.infer<typeof EarthquakeEstimateRequest>;

const LonLat = z.tuple([z.number(), z.number()]);

export const EarthquakeTownshipView = z.object({
  code: z.string(),
  name: z.string(),
  seat: LonLat,
  distanceKm: z.number(),
  bearingDeg: z.number(),
  axisAngleDeg: z.number(),
  intensity: z.number(),
  degree: z.number().int().nullable(),
  roman: z.string().nullable(),
  effects: z.string().nullable(),
  population: z.number().int().nullable(),
  populationSource: z.string().nullable(),
  populationYear: z.number().int().nullable(),
  exposed: z.boolean(),
});
export type EarthquakeTownshipView = z.infer<typeof EarthquakeTownshipView>;

export const EarthquakeEstimateView = z.object({
  magnitude: z.number(),
  epicentre: LonLat,
  zone: z.enum(ATTENUATION_ZONES),
  zoneName: z.string(),
  /** Where zone and azimuth came from: the request, or configuration (UNCONFIRMED defaults). */
  zoneFrom: z.enum(['request', 'config']),
  azimuthDeg: z.number(),
  azimuthFrom: z.enum(['request', 'config']),
  epicentralIntensity: z.number(),
  epicentralDegree: z.number().int().nullable(),
  epicentralRoman: z.string().nullable(),
  sigma: z.number(),
  townships: z.array(EarthquakeTownshipView),
  isoseismals: z.array(
    z.object({
      degree: z.number().int(),
      roman: z.string(),
      reached: z.boolean(),
      longAxisKm: z.number(),
      shortAxisKm: z.number(),
    }),
  ),
  isoseismalPolygons: z.object({ type: z.literal('FeatureCollection'), features: z.array(z.any()) }),
  exposure: z.object({
    degree: z.number().int(),
    roman: z.string(),
    population: z.number().int(),
    townships: z.number().int(),
    townshipsMissingPopulation: z.number().int(),
    missingPopulation: z.array(z.string()),
    /** A sentence for the total, e.g. 受影响人口约 12.3 万人（2 个乡镇人口未录入，未计入）. */
    summary: z.string(),
  }),
  townshipsWithoutPopulation: z.number().int(),
  /** Caveats the page shows with the result (UNCONFIRMED zone, schematic boundaries, σ…). */
  notes: z.array(z.string()),
});
export type EarthquakeEstimateView = z.infer<typeof EarthquakeEstimateView>;

// ---- a seismic station's instrumental intensity ----

const LatestValue = z.object({ at: z.string(), value: z.number() }).nullable();

export const StationIntensityView = z.object({
  stationId: z.string(),
  pga: LatestValue.describe('最新 PGA，m/s²'),
  pgv: LatestValue.describe('最新 PGV，m/s'),
  /** GB/T 17742-2020 instrumental intensity of the latest PGA and PGV; null with `reason` when not computable. */
  intensity: z.number().nullable(),
  intensityA: z.number().nullable(),
  intensityV: z.number().nullable(),
  degree: z.number().int().nullable(),
  roman: z.string().nullable(),
  /** True when the latest PGA and PGV share a timestamp (one event). */
  sameTime: z.boolean(),
  reason: z.string().nullable(),
});
export type StationIntensityView = z.infer<typeof StationIntensityView>;

// ---- failure-time prediction on a hazard point ----

export const FailurePredictionQuery = z
  .object({
    sensorId: z.string().uuid('应为传感器 ID').optional().describe('只看这一个位移传感器'),
    lookbackHours: z.coerce
      .number()
      .min(1, '回看时长为 1–2160 小时')
      .max(2160, '回看时长为 1–2160 小时')
      .optional()
      .describe('回看时长（小时，可带小数）；缺省取配置 FAILURE_LOOKBACK_HOURS（168）'),
    stepHours: z.coerce
      .number()
      .min(1 / 60, '速度步长为 1 分钟–24 小时')
      .max(24, '速度步长为 1 分钟–24 小时')
      .optional()
      .describe(
        '求速度的时间步长（小时，可带小数：0.25 = 15 分钟，适合临滑阶段的高频数据）；缺省取配置 FAILURE_STEP_HOURS（6）',
      ),
  })
  .superRefine((q, ctx) => {
    const inRange =
      q.lookbackHours !== undefined &&
      q.stepHours !== undefined &&
      q.lookbackHours >= 1 &&
      q.lookbackHours <= 2160 &&
      q.stepHours >= 1 / 60 &&
      q.stepHours <= 24;
    if (inRange && q.stepHours! * 3 > q.lookbackHours!)
      ctx.addIssue({
        code: 'custom',
        path: ['stepHours'],
        message: '回看时长至少为步长的 3 倍（求速度至少要 3 个样本）',
      });
  })
  .strict();
export type FailurePredictionQuery = z.infer<typeof FailurePredictionQuery>;

export const FailurePredictionSample = z.object({
  /** ISO with zone (+08:00). */
  t: z.string(),
  /** mm/h */
  v: z.number(),
  /** h/mm */
  inverse: z.number(),
});

export const SensorFailurePrediction = z.object({
  sensorId: z.string(),
  stationId: z.string(),
  stationCode: z.string(),
  stationName: z.string(),
  metric: z.string(),
  unit: z.string(),
  latest: z.object({ at: z.string(), value: z.number() }).nullable(),
  /** Latest derived velocity, mm/h. */
  velocity: z.number().nullable(),
  samples: z.array(FailurePredictionSample),
  dropped: z.number().int(),
  /** 1/v = intercept + slope·hours since `origin`. */
  fit: z.object({ origin: z.string(), slope: z.number(), intercept: z.number() }).nullable(),
  windowStart: z.string().nullable(),
  windowPoints: z.number().int(),
  speedup: z.number().nullable(),
  /** Predicted failure time, ISO with zone (+08:00); null with `reason` when refused. */
  failureTime: z.string().nullable(),
  hoursFromNow: z.number().nullable(),
  reason: z.string().nullable(),
});
export type SensorFailurePrediction = z.infer<typeof SensorFailurePrediction>;

export const FailurePredictionView = z.object({
  recordId: z.string(),
  from: z.string(),
  to: z.string(),
  lookbackHours: z.number(),
  stepHours: z.number(),
  minSpeedup: z.number(),
  stations: z.number().int(),
  sensors: z.array(SensorFailurePrediction),
  /** Why there is nothing to show (no linked stations, no displacement sensors). */
  reason: z.string().nullable(),
});
export type FailurePredictionView = z.infer<typeof FailurePredictionView>;

// ---- township population ----

const thisYearMax = 2100;

export const UpdateRegionPopulationRequest = z
  .object({
    population: z
      .number()
      .int('须为整数')
      .min(0, '不能为负数')
      .max(10_000_000, '人口超出合理范围')
      .nullable(),
    source: z.string().trim().max(200, '最多 200 字').nullable().optional(),
    year: z
      .number()
      .int('须为整数')
      .min(1949, '年份为 1949–2100')
      .max(thisYearMax, '年份为 1949–2100')
      .nullable()
      .optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (typeof v.population === 'number' && !(typeof v.source === 'string' && v.source.trim()))
      ctx.addIssue({
        code: 'custom',
        path: ['source'],
        message: '录入人口须注明来源（如：2025 年统计年鉴）',
      });
  }, EVERY_PROBLEM);
export type UpdateRegionPopulationRequest = z.infer<typeof UpdateRegionPopulationRequest>;

export const RegionPopulationView = z.object({
  code: z.string(),
  name: z.string(),
  level: z.string(),
  population: z.number().int().nullable(),
  populationSource: z.string().nullable(),
  populationYear: z.number().int().nullable(),
});
export type RegionPopulationView = z.infer<typeof RegionPopulationView>;

/** Source label of demo populations: never to be mistaken for statistics. */
export const DEMO_POPULATION_SOURCE = '演示数据（非统计数据）';
