/**
 * Names for the rule editor: templates, template parameters, their units and enum values, alarm levels
 * and engine transitions. Chinese first; level and transition names come from @ningan/domain.
 */
import {
  ALARM_EVENT_LABELS,
  ALARM_LEVEL_LABELS,
  RAIN_WINDOWS,
  type AlarmLevel,
  type NoDataHandling,
} from '@ningan/domain';
import type { Lang } from '../../i18n/i18n.tsx';

export interface Label {
  zh: string;
  en: string;
}

const pick = (label: Label, lang: Lang) => (lang === 'en' ? label.en : label.zh);

export const TEMPLATE_NAMES: Record<string, Label> = {
  'rainstorm-signal': { zh: '暴雨预警信号', en: 'Rainstorm warning signal' },
  'flash-flood': { zh: '山洪临界雨量', en: 'Flash-flood critical rainfall' },
  'water-level': { zh: '水位（警戒/保证水位）', en: 'Water level (warning/guarantee stage)' },
  'landslide-rate': { zh: '滑坡位移速率', en: 'Landslide displacement rate' },
  'gas-detector': { zh: '可燃/有毒气体报警', en: 'Combustible/toxic gas alarm' },
  tank: { zh: '储罐液位/压力/温度', en: 'Storage tank level/pressure/temperature' },
};

/** A template's name; a rule written as JSON has none (自定义 JSON). */
export function templateName(template: string | null, lang: Lang): string {
  if (template === null) return lang === 'en' ? 'Custom JSON' : '自定义（JSON）';
  const label = TEMPLATE_NAMES[template];
  return label ? pick(label, lang) : template;
}

const LEVEL_EN: Record<AlarmLevel, { color: string; grade: string }> = {
  blue: { color: 'Blue', grade: 'Level IV' },
  yellow: { color: 'Yellow', grade: 'Level III' },
  orange: { color: 'Orange', grade: 'Level II' },
  red: { color: 'Red', grade: 'Level I' },
};

/** 黄色（三级） / Yellow (Level III) — STANDARDS.md §2.3. */
export function levelLabel(level: AlarmLevel, lang: Lang): string {
  if (lang === 'en') return `${LEVEL_EN[level].color} (${LEVEL_EN[level].grade})`;
  return `${ALARM_LEVEL_LABELS[level].color}（${ALARM_LEVEL_LABELS[level].grade}）`;
}

/** 黄 · 三级, for chips. */
export function levelShort(level: AlarmLevel, lang: Lang): string {
  if (lang === 'en') return `${LEVEL_EN[level].color} · ${LEVEL_EN[level].grade}`;
  return `${ALARM_LEVEL_LABELS[level].color.slice(0, 1)} · ${ALARM_LEVEL_LABELS[level].grade}`;
}

/** 黄 / Yellow: a level on a chart's threshold line. */
export function levelColorShort(level: AlarmLevel, lang: Lang): string {
  return lang === 'en' ? LEVEL_EN[level].color : ALARM_LEVEL_LABELS[level].color.slice(0, 1);
}

export type TransitionKind = 'raised' | 'escalated' | 'deescalated' | 'cleared';

export function transitionLabel(kind: TransitionKind, lang: Lang): string {
  const label = ALARM_EVENT_LABELS[kind];
  return label ? pick(label, lang) : kind;
}

const DATA_EVENTS: Record<string, Label> = {
  data_lost: { zh: '数据中断', en: 'Data lost' },
  data_restored: { zh: '数据恢复', en: 'Data restored' },
};
export const dataEventLabel = (kind: string, lang: Lang) => {
  const label = DATA_EVENTS[kind];
  return label ? pick(label, lang) : kind;
};

const CAUSES: Record<string, Label> = {
  condition: { zh: '达到阈值条件', en: 'Threshold condition' },
  no_data: { zh: '无数据', en: 'No data' },
};
export const causeLabel = (cause: string, lang: Lang) => {
  const label = CAUSES[cause];
  return label ? pick(label, lang) : cause;
};

/** How the rule treats a silent input (rule.ts NoDataPolicy), with what each choice does. */
export const NO_DATA_HANDLING_LABELS: Record<NoDataHandling, Label & { zhHelp: string; enHelp: string }> = {
  alarm: {
    zh: '报警',
    en: 'Alarm',
    zhHelp:
      '输入超时无数据时告警至少保持在所选级别（默认为规则最低级），该输入上的条件保持最后结果，失联不会让告警降级',
    enHelp:
      'While the input is silent the alarm stands at least at the chosen level (default: the lowest); its conditions keep their last result, so losing a gauge never downgrades the alarm',
  },
  keep: {
    zh: '保持',
    en: 'Keep',
    zhHelp: '该输入上的条件保持最后结果（保持当前状态）',
    enHelp: 'The conditions on the silent input keep their last result',
  },
  normal: {
    zh: '视为正常',
    en: 'Treat as normal',
    zhHelp: '该输入上的条件按未满足处理，告警按解除规则解除',
    enHelp: 'The conditions on the silent input count as not met; the alarm clears through its clear rules',
  },
};

const GAS_LABELS: Record<string, Label> = {
  combustible: { zh: '可燃气体', en: 'Combustible gas' },
  toxic: { zh: '有毒气体', en: 'Toxic gas' },
};

const WINDOW_LABELS: Record<string, Label> = Object.fromEntries(
  RAIN_WINDOWS.map((w) => [w, { zh: `${w.replace('h', '')} 小时`, en: `${w.replace('h', '')} h` }]),
);

/** The label of an enum option of field `key`. */
export function optionLabel(key: string, value: string, lang: Lang): string {
  if (value in ALARM_LEVEL_LABELS) return levelLabel(value as AlarmLevel, lang);
  if (key === 'handling' && value in NO_DATA_HANDLING_LABELS)
    return pick(NO_DATA_HANDLING_LABELS[value as NoDataHandling], lang);
  const label = GAS_LABELS[value] ?? WINDOW_LABELS[value];
  return label ? pick(label, lang) : value;
}

/**
 * Parameter names. Looked up by the longest matching end of the dotted path (`noData.level` before
 * `level`), so one key can mean different things in different groups.
 */
const FIELD_LABELS: Record<string, Label> = {
  noData: { zh: '无数据处理', en: 'No data' },
  'noData.timeoutMs': { zh: '无数据超时', en: 'No-data timeout' },
  'noData.handling': { zh: '超时后', en: 'Then' },
  'noData.level': { zh: '至少保持级别', en: 'At least level' },
  deadband: { zh: '回差', en: 'Deadband' },
  persistence: { zh: '持续确认', en: 'Persistence' },
  raiseAfter: { zh: '触发需持续', en: 'Raise after' },
  clearAfter: { zh: '解除需持续', en: 'Clear after' },
  forMs: { zh: '持续时长', en: 'Held for' },
  readings: { zh: '连续读数', en: 'Consecutive readings' },
  device: { zh: '设备编号', en: 'Device ID' },
  metric: { zh: '监测项', en: 'Metric' },
  gauge: { zh: '监测设备', en: 'Gauge' },
  gauges: { zh: '流域雨量站', en: 'Catchment rain gauges' },
  sensor: { zh: '监测设备', en: 'Sensor' },
  detector: { zh: '气体探测器', en: 'Detector' },
  thresholds: { zh: '各级阈值', en: 'Thresholds per level' },
  window: { zh: '累计时段', en: 'Accumulation' },
  mm: { zh: '累计雨量', en: 'Rainfall' },
  criticalRainfall: { zh: '临界雨量表', en: 'Critical rainfall table' },
  warningStage: { zh: '警戒水位', en: 'Warning stage' },
  guaranteeStage: { zh: '保证水位', en: 'Guarantee stage' },
  stageLevels: { zh: '水位对应的预警级别', en: 'Level of each stage' },
  'stageLevels.warning': { zh: '达到警戒水位', en: 'At warning stage' },
  'stageLevels.guarantee': { zh: '达到保证水位', en: 'At guarantee stage' },
  rise: { zh: '涨率', en: 'Rise rate' },
  windowMs: { zh: '计算窗口', en: 'Window' },
  mPerHour: { zh: '各级涨率阈值', en: 'Rise-rate thresholds' },
  ratesMmPerDay: { zh: '各级位移速率阈值', en: 'Rate thresholds' },
  gas: { zh: '气体类别', en: 'Gas' },
  oel: { zh: '职业接触限值（OEL）', en: 'Occupational exposure limit (OEL)' },
  unit: { zh: '浓度单位', en: 'Unit' },
  firstAlarm: { zh: '一级报警设定值', en: 'First alarm set point' },
  secondAlarm: { zh: '二级报警设定值', en: 'Second alarm set point' },
  alarmLevels: { zh: '报警对应的预警级别', en: 'Level of each alarm' },
  'alarmLevels.first': { zh: '一级报警', en: 'First alarm' },
  'alarmLevels.second': { zh: '二级报警', en: 'Second alarm' },
  'alarmLevels.limit': { zh: '高/低限', en: 'High/low limit' },
  'alarmLevels.critical': { zh: '高高/低低限', en: 'High-high/low-low limit' },
  level: { zh: '液位', en: 'Level' },
  pressure: { zh: '压力', en: 'Pressure' },
  temperature: { zh: '温度', en: 'Temperature' },
  high: { zh: '高限', en: 'High' },
  highHigh: { zh: '高高限', en: 'High-high' },
  low: { zh: '低限', en: 'Low' },
  lowLow: { zh: '低低限', en: 'Low-low' },
};

/** The label of the parameter at template path `path` (`[]` items numbered by the renderer). */
export function fieldLabel(path: readonly string[], lang: Lang): string {
  const parts = path.filter((p) => p !== '[]');
  for (let start = 0; start < parts.length; start += 1) {
    const label = FIELD_LABELS[parts.slice(start).join('.')];
    if (label) return pick(label, lang);
  }
  const key = parts[parts.length - 1] ?? '';
  if (key in ALARM_LEVEL_LABELS) return levelLabel(key as AlarmLevel, lang);
  const window = WINDOW_LABELS[key];
  return window ? pick(window, lang) : key;
}

const TANK_UNITS: Record<string, string> = { level: 'm', pressure: 'MPa', temperature: '℃' };

/**
 * The unit a number at `path` is entered in (durations: minutes). `variant` is the gas detector's gas:
 * its set points are %LEL or % of the OEL.
 */
export function fieldUnit(
  path: readonly string[],
  opts: { duration: boolean; variant?: string | undefined; lang: Lang },
): string | null {
  if (opts.duration) return opts.lang === 'en' ? 'min' : '分钟';
  const key = path[path.length - 1] ?? '';
  const parent = path[path.length - 2] ?? '';
  if (key === 'warningStage' || key === 'guaranteeStage') return 'm';
  if (key === 'mm' || path[0] === 'criticalRainfall') return 'mm';
  if (parent === 'mPerHour') return 'm/h';
  if (parent === 'ratesMmPerDay') return 'mm/d';
  if (key === 'firstAlarm' || key === 'secondAlarm') return opts.variant === 'toxic' ? '%OEL' : '%LEL';
  if (
    path.length === 2 &&
    TANK_UNITS[parent] &&
    ['high', 'highHigh', 'low', 'lowLow', 'deadband'].includes(key)
  )
    return TANK_UNITS[parent];
  return null;
}
