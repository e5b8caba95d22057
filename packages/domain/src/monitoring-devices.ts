/**
 * The device registry (站点/传感器, issue #4 part 1): monitoring stations — the things that hold a
 * credential and talk to the platform over MQTT or HTTP — and their sensors, one per metric. A sensor
 * is the series readings belong to: (station, metric) is its natural key, readings are keyed by
 * (sensor, timestamp).
 *
 * Units are canonical per metric (the rule templates and calculators read them without conversion); a
 * device may name its unit in a payload, and it must then be this unit (or a listed spelling of it).
 */
import { z } from 'zod';

/** Kinds of station (站点类型), with the metrics such a station usually carries (form defaults only). */
export const STATION_KINDS = [
  'rain_gauge',
  'water_level',
  'soil_moisture',
  'gnss',
  'crack_meter',
  'tiltmeter',
  'tank',
  'combustible_gas',
  'toxic_gas',
  'seismic',
  'weather',
  'fire_camera',
  'wellhead',
] as const;
export type StationKind = (typeof STATION_KINDS)[number];

export const METRICS = [
  'rainfall',
  'water_level',
  'soil_moisture',
  'displacement',
  'crack_width',
  'tilt',
  'tank_level',
  'tank_temperature',
  'tank_pressure',
  'combustible_gas',
  'toxic_gas',
  'pga',
  'pgv',
  'air_temperature',
  'relative_humidity',
  'wind_speed',
  'wind_direction',
  'fire_hotspot',
  'wellhead_pressure',
] as const;
export type Metric = (typeof METRICS)[number];

export interface MetricDef {
  zh: string;
  /** Canonical unit; readings are stored in it. */
  unit: string;
  /** Other spellings of the unit a payload may use (compared after trimming). */
  unitAliases: readonly string[];
  /** Default valid range (有效量程) of a new sensor; each sensor may set its own. */
  range: readonly [number, number];
  /** What one reading is: `increment` readings add up (rain per interval), `level` ones do not. */
  nature: 'level' | 'increment' | 'event';
}

/**
 * The metric catalogue. Ranges are plausibility bounds for a new sensor (a reading outside its sensor's
 * range is quarantined), not alarm thresholds: those belong to the rules (issue #4 part 4/5).
 */
export const METRIC_DEFS: Record<Metric, MetricDef> = {
  rainfall: { zh: '降雨量', unit: 'mm', unitAliases: ['毫米'], range: [0, 300], nature: 'increment' },
  water_level: { zh: '水位', unit: 'm', unitAliases: ['米'], range: [-100, 6000], nature: 'level' },
  soil_moisture: { zh: '土壤含水率', unit: '%', unitAliases: [], range: [0, 100], nature: 'level' },
  displacement: {
    zh: '累计位移',
    unit: 'mm',
    unitAliases: ['毫米'],
    range: [-100000, 100000],
    nature: 'level',
  },
  crack_width: { zh: '裂缝宽度', unit: 'mm', unitAliases: ['毫米'], range: [-1000, 10000], nature: 'level' },
  tilt: { zh: '倾角', unit: '°', unitAliases: ['deg', 'degree'], range: [-90, 90], nature: 'level' },
  tank_level: { zh: '储罐液位', unit: 'm', unitAliases: ['米'], range: [0, 100], nature: 'level' },
  tank_temperature: {
    zh: '储罐温度',
    unit: '℃',
    unitAliases: ['°C', 'C', 'degC'],
    range: [-200, 500],
    nature: 'level',
  },
  tank_pressure: { zh: '储罐压力', unit: 'MPa', unitAliases: ['mpa'], range: [-0.1, 100], nature: 'level' },
  combustible_gas: {
    zh: '可燃气体浓度',
    unit: '%LEL',
    unitAliases: ['LEL', '%lel'],
    range: [0, 100],
    nature: 'level',
  },
  toxic_gas: { zh: '有毒气体浓度', unit: 'ppm', unitAliases: [], range: [0, 10000], nature: 'level' },
  pga: {
    zh: '峰值地面加速度',
    unit: 'm/s²',
    unitAliases: ['m/s2', 'm/s^2'],
    range: [0, 50],
    nature: 'event',
  },
  pgv: { zh: '峰值地面速度', unit: 'm/s', unitAliases: [], range: [0, 10], nature: 'event' },
  air_temperature: {
    zh: '气温',
    unit: '℃',
    unitAliases: ['°C', 'C', 'degC'],
    range: [-60, 60],
    nature: 'level',
  },
  relative_humidity: { zh: '相对湿度', unit: '%', unitAliases: ['%RH'], range: [0, 100], nature: 'level' },
  wind_speed: { zh: '风速', unit: 'm/s', unitAliases: [], range: [0, 100], nature: 'level' },
  wind_direction: { zh: '风向', unit: '°', unitAliases: ['deg', 'degree'], range: [0, 360], nature: 'level' },
  fire_hotspot: { zh: '烟火/热点识别置信度', unit: '%', unitAliases: [], range: [0, 100], nature: 'event' },
  wellhead_pressure: { zh: '井口压力', unit: 'MPa', unitAliases: ['mpa'], range: [0, 200], nature: 'level' },
};

export const STATION_KIND_DEFS: Record<
  StationKind,
  { zh: string; metrics: readonly Metric[]; samplingSeconds: number }
> = {
  rain_gauge: { zh: '雨量站', metrics: ['rainfall'], samplingSeconds: 300 },
  water_level: { zh: '水位站（河道/水库）', metrics: ['water_level'], samplingSeconds: 300 },
  soil_moisture: { zh: '土壤墒情站', metrics: ['soil_moisture'], samplingSeconds: 3600 },
  gnss: { zh: 'GNSS 地表位移监测站', metrics: ['displacement'], samplingSeconds: 600 },
  crack_meter: { zh: '裂缝计', metrics: ['crack_width'], samplingSeconds: 600 },
  tiltmeter: { zh: '倾角计', metrics: ['tilt'], samplingSeconds: 600 },
  tank: { zh: '储罐监测', metrics: ['tank_level', 'tank_temperature', 'tank_pressure'], samplingSeconds: 60 },
  combustible_gas: { zh: '可燃气体探测器', metrics: ['combustible_gas'], samplingSeconds: 10 },
  toxic_gas: { zh: '有毒气体探测器', metrics: ['toxic_gas'], samplingSeconds: 10 },
  seismic: { zh: '强震动监测站', metrics: ['pga', 'pgv'], samplingSeconds: 60 },
  weather: {
    zh: '气象站',
    metrics: ['air_temperature', 'relative_humidity', 'wind_speed', 'wind_direction', 'rainfall'],
    samplingSeconds: 300,
  },
  fire_camera: { zh: '林火视频监测（烟火/热点）', metrics: ['fire_hotspot'], samplingSeconds: 600 },
  wellhead: { zh: '井口压力监测', metrics: ['wellhead_pressure'], samplingSeconds: 60 },
};

/** Whether `unit` (from a payload) names the metric's canonical unit. */
export function isUnitOf(metric: Metric, unit: string): boolean {
  const def = METRIC_DEFS[metric];
  const u = unit.trim();
  return u === def.unit || def.unitAliases.includes(u);
}

export function isMetric(value: string): value is Metric {
  return (METRICS as readonly string[]).includes(value);
}

/**
 * Device id (设备编号): the MQTT username and client id, and a level of the device's topic, so it may
 * not contain `/`, `+`, `#` or spaces.
 */
export const StationCode = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]{2,63}$/,
    '设备编号应为 3–64 位字母、数字、点、下划线或连字符（以字母或数字开头）',
  );

const finite = (message: string) => z.number({ error: message }).refine(Number.isFinite, message);

const SensorFields = {
  metric: z.enum(METRICS, { error: `监测项应为：${METRICS.join('、')}` }),
  /** A label for the sensor, e.g. "1# 储罐液位"; the metric's name when empty. */
  label: z.string().trim().max(60).nullable(),
  validMin: finite('有效量程下限应为数值'),
  validMax: finite('有效量程上限应为数值'),
  samplingSeconds: z
    .number()
    .int('采样间隔应为整数秒')
    .min(1, '采样间隔至少 1 秒')
    .max(86_400, '采样间隔最长 1 天'),
  /** 警戒水位, m (water-level sensors only; local data set by the water authority, STANDARDS.md §8). */
  warningStage: finite('警戒水位应为数值').nullable(),
  /** 保证水位, m (water-level sensors only; STANDARDS.md §8). */
  guaranteedStage: finite('保证水位应为数值').nullable(),
  enabled: z.boolean(),
};

interface SensorShape {
  metric: Metric;
  validMin: number;
  validMax: number;
  warningStage: number | null;
  guaranteedStage: number | null;
}

/** Every problem of one sensor as it would be stored (paths relative to the sensor). */
export function sensorProblems(s: SensorShape): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (!(s.validMin < s.validMax)) problems.push({ path: 'validMax', message: '有效量程上限应大于下限' });
  const stages = [
    ['warningStage', s.warningStage, '警戒水位'],
    ['guaranteedStage', s.guaranteedStage, '保证水位'],
  ] as const;
  for (const [path, value, zh] of stages) {
    if (value === null) continue;
    if (s.metric !== 'water_level') problems.push({ path, message: `只有水位传感器可设${zh}` });
    else if (value < s.validMin || value > s.validMax)
      problems.push({ path, message: `${zh}应在有效量程 ${s.validMin}–${s.validMax} m 之内` });
  }
  if (
    s.metric === 'water_level' &&
    s.warningStage !== null &&
    s.guaranteedStage !== null &&
    s.guaranteedStage < s.warningStage
  )
    problems.push({ path: 'guaranteedStage', message: '保证水位不应低于警戒水位' });
  return problems;
}

function refineSensor(s: SensorShape, ctx: z.RefinementCtx, prefix: (string | number)[] = []): void {
  for (const p of sensorProblems(s))
    ctx.addIssue({ code: 'custom', path: [...prefix, p.path], message: p.message });
}

/** A new sensor: range and sampling default from the metric catalogue and the station kind. */
export const SensorInput = z.object({
  metric: SensorFields.metric,
  label: SensorFields.label.default(null),
  validMin: SensorFields.validMin.optional(),
  validMax: SensorFields.validMax.optional(),
  samplingSeconds: SensorFields.samplingSeconds.optional(),
  warningStage: SensorFields.warningStage.default(null),
  guaranteedStage: SensorFields.guaranteedStage.default(null),
  enabled: SensorFields.enabled.default(true),
});
export type SensorInput = z.infer<typeof SensorInput>;

/** A sensor with every default filled in (what is stored). */
export interface SensorSpec {
  metric: Metric;
  label: string | null;
  unit: string;
  validMin: number;
  validMax: number;
  samplingSeconds: number;
  warningStage: number | null;
  guaranteedStage: number | null;
  enabled: boolean;
}

export function sensorSpecOf(input: SensorInput, kind: StationKind): SensorSpec {
  const def = METRIC_DEFS[input.metric];
  return {
    metric: input.metric,
    label: input.label,
    unit: def.unit,
    validMin: input.validMin ?? def.range[0],
    validMax: input.validMax ?? def.range[1],
    samplingSeconds: input.samplingSeconds ?? STATION_KIND_DEFS[kind].samplingSeconds,
    warningStage: input.warningStage,
    guaranteedStage: input.guaranteedStage,
    enabled: input.enabled,
  };
}

/** A change to a sensor; the metric (its identity) cannot change. */
export const UpdateSensorRequest = z
  .object({
    label: SensorFields.label,
    validMin: SensorFields.validMin,
    validMax: SensorFields.validMax,
    samplingSeconds: SensorFields.samplingSeconds,
    warningStage: SensorFields.warningStage,
    guaranteedStage: SensorFields.guaranteedStage,
    enabled: SensorFields.enabled,
  })
  .partial();
export type UpdateSensorRequest = z.infer<typeof UpdateSensorRequest>;

const StationFields = {
  code: StationCode,
  name: z.string().trim().min(2, '站点名称至少 2 个字').max(100),
  kind: z.enum(STATION_KINDS, { error: `站点类型应为：${STATION_KINDS.join('、')}` }),
  regionCode: z.string().regex(/^\d{9}$|^\d{12}$/, '所在乡镇/村应为 9 或 12 位区划代码'),
  /** WGS84. */
  lon: z.number().min(-180, '经度应在 −180 到 180 之间').max(180, '经度应在 −180 到 180 之间'),
  lat: z.number().min(-90, '纬度应在 −90 到 90 之间').max(90, '纬度应在 −90 到 90 之间'),
  /** The monitored ledger object (hazard point, reservoir, forest area…), a `ledger_records` id. */
  ledgerRecordId: z.string().uuid('台账记录 ID 无效').nullable(),
  /** The monitored enterprise (gas and tank monitoring at a firm). */
  enterpriseId: z.string().uuid('企业 ID 无效').nullable(),
  /** The department that runs the station (管理部门), an org unit. */
  ownerDepartmentId: z.string().uuid('管理部门 ID 无效').nullable(),
  note: z.string().trim().max(500).nullable(),
  enabled: z.boolean(),
};

export const CreateStationRequest = z
  .object({
    ...StationFields,
    ledgerRecordId: StationFields.ledgerRecordId.default(null),
    enterpriseId: StationFields.enterpriseId.default(null),
    ownerDepartmentId: StationFields.ownerDepartmentId.default(null),
    note: StationFields.note.default(null),
    enabled: StationFields.enabled.default(true),
    sensors: z.array(SensorInput).max(32, '一个站点最多 32 个传感器').default([]),
  })
  .superRefine((s, ctx) => {
    if (s.ledgerRecordId && s.enterpriseId)
      ctx.addIssue({ code: 'custom', path: ['enterpriseId'], message: '监测对象只能是一个：台账记录或企业' });
    const seen = new Set<string>();
    s.sensors.forEach((sensor, i) => {
      if (seen.has(sensor.metric))
        ctx.addIssue({ code: 'custom', path: ['sensors', i, 'metric'], message: '同一站点的监测项不能重复' });
      seen.add(sensor.metric);
      refineSensor(sensorSpecOf(sensor, s.kind), ctx, ['sensors', i]);
    });
  });
export type CreateStationRequest = z.infer<typeof CreateStationRequest>;

/** A change to a station; the device id (its MQTT identity) cannot change. Sensors change on their own. */
export const UpdateStationRequest = z
  .object({
    name: StationFields.name,
    kind: StationFields.kind,
    regionCode: StationFields.regionCode,
    lon: StationFields.lon,
    lat: StationFields.lat,
    ledgerRecordId: StationFields.ledgerRecordId,
    enterpriseId: StationFields.enterpriseId,
    ownerDepartmentId: StationFields.ownerDepartmentId,
    note: StationFields.note,
    enabled: StationFields.enabled,
  })
  .partial();
export type UpdateStationRequest = z.infer<typeof UpdateStationRequest>;

export const DEVICE_STATUSES = ['online', 'offline', 'never', 'disabled'] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];
export const DEVICE_STATUS_LABELS: Record<DeviceStatus, string> = {
  online: '在线',
  offline: '离线',
  never: '未上报',
  disabled: '已停用',
};

export const SensorView = z.object({
  id: z.string(),
  stationId: z.string(),
  metric: z.enum(METRICS),
  label: z.string().nullable(),
  unit: z.string(),
  validMin: z.number(),
  validMax: z.number(),
  samplingSeconds: z.number().int(),
  warningStage: z.number().nullable(),
  guaranteedStage: z.number().nullable(),
  enabled: z.boolean(),
  /** The latest stored reading. */
  latest: z.object({ at: z.string(), value: z.number() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SensorView = z.infer<typeof SensorView>;

export const DeviceHealthView = z.object({
  status: z.enum(DEVICE_STATUSES),
  lastSeenAt: z.string().nullable(),
  /** Battery, % (when the device reports it). */
  battery: z.number().nullable(),
  /** Signal strength, dBm (when the device reports it). */
  signal: z.number().nullable(),
  /** No data for this long (seconds) makes the station offline. */
  offlineAfterSeconds: z.number().int(),
});
export type DeviceHealthView = z.infer<typeof DeviceHealthView>;

export const StationView = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(STATION_KINDS),
  regionCode: z.string(),
  lon: z.number(),
  lat: z.number(),
  ledgerRecordId: z.string().nullable(),
  /** The linked ledger record's registry key (`geo-hazards`, `flood-zones`…) and name, for the link. */
  ledgerRegistry: z.string().nullable(),
  ledgerRecordName: z.string().nullable(),
  enterpriseId: z.string().nullable(),
  /** The monitored enterprise's name. */
  enterpriseName: z.string().nullable(),
  ownerDepartmentId: z.string().nullable(),
  /** The org unit whose users see the station (the monitored enterprise's), if any. */
  orgUnitId: z.string().nullable(),
  note: z.string().nullable(),
  enabled: z.boolean(),
  sensors: z.array(SensorView),
  health: DeviceHealthView,
  /** Payloads of this station in quarantine (all time still retained). */
  quarantined: z.number().int(),
  secretSetAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StationView = z.infer<typeof StationView>;

/** The answer to creating a station or rotating its secret: the secret is shown this once. */
export const StationWithSecret = z.object({
  station: StationView,
  /** MQTT password / HTTP Basic password of the device; stored only as a hash. */
  secret: z.string(),
});
export type StationWithSecret = z.infer<typeof StationWithSecret>;

/**
 * Online/offline from data: a station is online while its last message is at most `intervals` times its
 * shortest sampling interval old (at least `minSeconds`). Pure: the caller passes `now`.
 */
export function deviceStatus(input: {
  enabled: boolean;
  lastSeenAt: Date | null;
  samplingSeconds: readonly number[];
  now: Date;
  intervals: number;
  minSeconds: number;
}): { status: DeviceStatus; offlineAfterSeconds: number } {
  const shortest = input.samplingSeconds.length ? Math.min(...input.samplingSeconds) : 3600;
  const offlineAfterSeconds = Math.max(input.minSeconds, Math.ceil(shortest * input.intervals));
  if (!input.enabled) return { status: 'disabled', offlineAfterSeconds };
  if (!input.lastSeenAt) return { status: 'never', offlineAfterSeconds };
  const age = (input.now.getTime() - input.lastSeenAt.getTime()) / 1000;
  return { status: age <= offlineAfterSeconds ? 'online' : 'offline', offlineAfterSeconds };
}

/** An integration token (接入令牌) for gateways and department systems that post for many stations. */
export const CreateIngestTokenRequest = z.object({
  name: z.string().trim().min(2, '名称至少 2 个字').max(60),
  /** The stations it may post for: those in this township/village (default: the creator's jurisdiction). */
  regionCode: z
    .string()
    .regex(/^\d{6}$|^\d{9}$|^\d{12}$/, '区划代码应为 6/9/12 位数字')
    .nullable()
    .default(null),
  /** …and, when set, only those run by this department or at this enterprise's org unit. */
  orgUnitId: z.string().uuid().nullable().default(null),
});
export type CreateIngestTokenRequest = z.infer<typeof CreateIngestTokenRequest>;

export const IngestTokenView = z.object({
  id: z.string(),
  name: z.string(),
  regionCode: z.string(),
  orgUnitId: z.string().nullable(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type IngestTokenView = z.infer<typeof IngestTokenView>;

export const IngestTokenWithSecret = z.object({ token: IngestTokenView, secret: z.string() });
export type IngestTokenWithSecret = z.infer<typeof IngestTokenWithSecret>;
