/**
 * What the editor knows of each hazard-model template beyond its JSON Schema: the metric each sensor
 * field reads (to prefill it from the chosen station), the defaults the template applies when a parameter is
 * left out (shown as placeholders; taken from the template module of @ningan/domain, which cites
 * STANDARDS.md), and which of those come from a standard and which are conventions. Pure, unit-tested.
 */
import {
  ALARM_LEVELS,
  DEFAULT_GAS_ALARM_LEVELS,
  DEFAULT_STAGE_LEVELS,
  DEFAULT_TANK_ALARM_LEVELS,
  GAS_ALARM_LIMITS,
  RAINSTORM_SIGNAL_THRESHOLDS,
  type Metric,
  type StationView,
} from '@ningan/domain';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface TemplateHints {
  /** The metrics the template's sensor fields read: a station with one of them suits it. */
  metrics: readonly Metric[];
  /** Defaults by dotted parameter path, in parameter units (ms for durations); per gas variant. */
  defaults: (variant: string | undefined) => Record<string, unknown>;
  /** Parameter groups whose defaults come from the standard cited in the template's summary. */
  standardPaths: readonly string[];
  /** Parameter groups whose defaults are a convention (UNCONFIRMED in the template), set per station. */
  conventionPaths: readonly string[];
  /** The parameters a new rule starts with for `station`, before the common ones (noData). */
  prefill: (station: StationView) => Record<string, unknown>;
}

/** `{device, metric}` of `station`'s sensor for `metric` (the metric also when it has no such sensor yet). */
export function streamOf(station: StationView, metric: Metric): { device: string; metric: string } {
  return { device: station.code, metric };
}

const hasMetric = (station: StationView, metric: Metric) => station.sensors.some((s) => s.metric === metric);

/** Per level: the raise threshold and its window of 暴雨预警信号 (STANDARDS.md §3). */
function rainstormDefaults(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const level of ALARM_LEVELS) {
    out[`thresholds.${level}.window`] = RAINSTORM_SIGNAL_THRESHOLDS[level].window;
    out[`thresholds.${level}.mm`] = RAINSTORM_SIGNAL_THRESHOLDS[level].mm;
  }
  return out;
}

const TANK_QUANTITIES = [
  { key: 'level', metric: 'tank_level' },
  { key: 'pressure', metric: 'tank_pressure' },
  { key: 'temperature', metric: 'tank_temperature' },
] as const satisfies readonly { key: string; metric: Metric }[];

/** Gas detector variant of a station: toxic when it has only a toxic-gas sensor. */
export function gasVariantOf(station: StationView): 'combustible' | 'toxic' {
  return hasMetric(station, 'toxic_gas') && !hasMetric(station, 'combustible_gas') ? 'toxic' : 'combustible';
}

export const TEMPLATE_HINTS: Record<string, TemplateHints> = {
  'rainstorm-signal': {
    metrics: ['rainfall'],
    defaults: () => ({ deadband: 0, ...rainstormDefaults() }),
    standardPaths: ['thresholds'],
    conventionPaths: [],
    prefill: (station) => ({ gauge: streamOf(station, 'rainfall') }),
  },
  'flash-flood': {
    metrics: ['rainfall'],
    defaults: () => ({ deadband: 0 }),
    standardPaths: [],
    conventionPaths: [],
    prefill: (station) => ({ gauges: [streamOf(station, 'rainfall')] }),
  },
  'water-level': {
    metrics: ['water_level'],
    defaults: () => ({
      deadband: 0,
      'stageLevels.warning': DEFAULT_STAGE_LEVELS.warning,
      'stageLevels.guarantee': DEFAULT_STAGE_LEVELS.guarantee,
      // waterLevelRule: the rise rate over one hour unless told otherwise.
      'rise.windowMs': HOUR,
      'rise.deadband': 0,
    }),
    standardPaths: [],
    conventionPaths: ['stageLevels'],
    prefill: (station) => {
      // 警戒/保证水位 are the gauge's own (set by the water authority), kept on its sensor.
      const sensor = station.sensors.find((s) => s.metric === 'water_level');
      return {
        gauge: streamOf(station, 'water_level'),
        ...(typeof sensor?.warningStage === 'number' && { warningStage: sensor.warningStage }),
        ...(typeof sensor?.guaranteedStage === 'number' && { guaranteeStage: sensor.guaranteedStage }),
      };
    },
  },
  'landslide-rate': {
    metrics: ['displacement'],
    // landslideRule: the rate over 24 hours unless told otherwise.
    defaults: () => ({ deadband: 0, windowMs: DAY }),
    standardPaths: [],
    conventionPaths: [],
    prefill: (station) => ({ sensor: streamOf(station, 'displacement') }),
  },
  'gas-detector': {
    metrics: ['combustible_gas', 'toxic_gas'],
    defaults: (variant) => ({
      deadband: 0,
      'alarmLevels.first': DEFAULT_GAS_ALARM_LEVELS.first,
      'alarmLevels.second': DEFAULT_GAS_ALARM_LEVELS.second,
      ...(variant === 'toxic'
        ? {
            firstAlarm: GAS_ALARM_LIMITS.toxic.firstPercentOel,
            secondAlarm: GAS_ALARM_LIMITS.toxic.secondPercentOel,
          }
        : {
            firstAlarm: GAS_ALARM_LIMITS.combustible.firstPercentLel,
            secondAlarm: GAS_ALARM_LIMITS.combustible.secondPercentLel,
          }),
    }),
    standardPaths: ['firstAlarm', 'secondAlarm'],
    conventionPaths: ['alarmLevels'],
    prefill: (station) => {
      const gas = gasVariantOf(station);
      return { gas, detector: streamOf(station, gas === 'toxic' ? 'toxic_gas' : 'combustible_gas') };
    },
  },
  tank: {
    metrics: TANK_QUANTITIES.map((q) => q.metric),
    defaults: () => ({
      deadband: 0,
      'alarmLevels.limit': DEFAULT_TANK_ALARM_LEVELS.limit,
      'alarmLevels.critical': DEFAULT_TANK_ALARM_LEVELS.critical,
    }),
    standardPaths: [],
    conventionPaths: ['alarmLevels'],
    prefill: (station) => {
      const present = TANK_QUANTITIES.filter((q) => hasMetric(station, q.metric));
      // A tank station without any tank sensor yet: start from the level, the commonest.
      return Object.fromEntries(
        (present.length > 0 ? present : TANK_QUANTITIES.slice(0, 1)).map((q) => [
          q.key,
          { sensor: streamOf(station, q.metric) },
        ]),
      );
    },
  },
};

/** Hints of a template the editor does not know (a newer server): no defaults, nothing prefilled. */
const UNKNOWN_TEMPLATE: TemplateHints = {
  metrics: [],
  defaults: () => ({}),
  standardPaths: [],
  conventionPaths: [],
  prefill: () => ({}),
};

export function hintsOf(template: string): TemplateHints {
  return TEMPLATE_HINTS[template] ?? UNKNOWN_TEMPLATE;
}

/** Every dotted path any variant of `template` has a default for (decides which groups need a switch). */
export function defaultPaths(template: string): Set<string> {
  const hints = hintsOf(template);
  return new Set([
    ...Object.keys(hints.defaults(undefined)),
    ...Object.keys(hints.defaults('combustible')),
    ...Object.keys(hints.defaults('toxic')),
  ]);
}

/** Whether `template` reads a metric `station` has a sensor for (listed first, marked 适用). */
export function templateSuits(template: string, station: StationView | null | undefined): boolean {
  if (!station) return false;
  return hintsOf(template).metrics.some((m) => hasMetric(station, m));
}

/**
 * The no-data policy a new rule starts with: the station's own offline threshold (the platform's
 * device-health rule, a multiple of its sampling interval) as the timeout, whole minutes, and `alarm`
 * — a silent gauge is brought to the duty officer rather than assumed dry. The installer may change both.
 */
export function defaultNoData(station: StationView): { timeoutMs: number; handling: 'alarm' } {
  const minutes = Math.max(1, Math.ceil(station.health.offlineAfterSeconds / 60));
  return { timeoutMs: minutes * 60_000, handling: 'alarm' };
}

/** A new rule's parameters for `template` at `station`. */
export function prefillParams(template: string, station: StationView): Record<string, unknown> {
  return { noData: defaultNoData(station), ...hintsOf(template).prefill(station) };
}

/**
 * The standard a template's summary cites, e.g. 《气象灾害预警信号及防御指南》：3/6/12 小时累计雨量 or
 * GB/T 50493-2019：25 %/50 %LEL…: the part in （…） naming a 《document》 or a GB number; null when it
 * cites none.
 */
export function citationOf(summary: string): string | null {
  for (const match of summary.matchAll(/（([^）]+)）/g)) {
    const inner = match[1]!;
    if (/《[^》]+》|GB(?:\/T)?\s*\d/.test(inner)) return inner;
  }
  return null;
}
