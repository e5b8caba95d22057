/** Colours and names of the 气象与火险 page: signal levels, FWI danger classes, basis quantities, gap reasons. */
import type {
  BasisQuantity,
  FireWeatherGapReason,
  FireWeatherMetric,
  FwiDangerClass,
  ObservedSignalStatus,
  SignalLevel,
} from '@ningan/domain';
import type { Lang } from '../../i18n/i18n.tsx';

/** Warning-signal colours (蓝/黄/橙/红), as the signals are drawn. */
export const SIGNAL_COLORS: Record<SignalLevel, string> = {
  blue: '#1f6fd1',
  yellow: '#f2c200',
  orange: '#fa7d00',
  red: '#e02020',
};
/** Text on a signal-coloured background: dark on yellow, white elsewhere. */
export const SIGNAL_TEXT: Record<SignalLevel, string> = {
  blue: '#fff',
  yellow: '#262626',
  orange: '#fff',
  red: '#fff',
};

/** Tag style of a solid colour (antd's `color` prop lightens custom colours). */
export const solid = (background: string, color = '#fff') => ({ background, color, borderColor: background });

/** FWI danger classes (EFFIS, STANDARDS.md §5.2), from green to dark red. */
export const DANGER_COLORS: Record<FwiDangerClass, string> = {
  'very-low': '#389e0d',
  low: '#7cb305',
  moderate: '#d4a106',
  high: '#fa7d00',
  'very-high': '#e02020',
  extreme: '#820014',
};
export const DANGER_NAMES_EN: Record<FwiDangerClass, string> = {
  'very-low': 'Very low',
  low: 'Low',
  moderate: 'Moderate',
  high: 'High',
  'very-high': 'Very high',
  extreme: 'Extreme',
};

export const HAZARD_NAMES_EN = {
  rainstorm: 'Rainstorm',
  snowstorm: 'Snowstorm',
  coldwave: 'Cold wave',
  wind: 'Gale',
  heat: 'Heat',
  fog: 'Fog',
  dust: 'Sandstorm',
  frost: 'Frost',
} as const;

export const LEVEL_NAMES: Record<SignalLevel, { zh: string; en: string }> = {
  blue: { zh: '蓝色', en: 'Blue' },
  yellow: { zh: '黄色', en: 'Yellow' },
  orange: { zh: '橙色', en: 'Orange' },
  red: { zh: '红色', en: 'Red' },
};

const BASIS: Record<BasisQuantity, { zh: string; en: string }> = {
  rain_sum: { zh: '{h} 小时雨量', en: '{h}-h rain' },
  wind_max: { zh: '{h} 小时最大风速', en: '{h}-h max wind' },
  wind_force: { zh: '{h} 小时最大风力', en: '{h}-h max force' },
  temp_max: { zh: '{h} 小时最高气温', en: '{h}-h max temp.' },
  temp_min: { zh: '{h} 小时最低气温', en: '{h}-h min temp.' },
  temp_drop: { zh: '{h} 小时降温幅度', en: '{h}-h drop' },
  daily_max_run: { zh: '连续 {h} 天日最高气温（取最低）', en: '{h} days running, lowest daily max' },
};
export const basisLabel = (q: BasisQuantity, hours: number, lang: Lang) =>
  BASIS[q][lang].replace('{h}', String(hours));

export const STATUS_NAMES: Record<ObservedSignalStatus, { zh: string; en: string }> = {
  evaluated: { zh: '已判定', en: 'Evaluated' },
  no_sensor: { zh: '无传感器', en: 'No sensor' },
  no_data: { zh: '无数据', en: 'No data' },
  not_observable: { zh: '不可观测', en: 'Not observable' },
};

const METRIC_NAMES: Record<FireWeatherMetric, { zh: string; en: string }> = {
  air_temperature: { zh: '气温', en: 'temperature' },
  relative_humidity: { zh: '相对湿度', en: 'humidity' },
  wind_speed: { zh: '风速', en: 'wind' },
  rainfall: { zh: '雨量', en: 'rain' },
};
const GAP_REASONS: Record<FireWeatherGapReason, { zh: string; en: string }> = {
  no_sensor: { zh: '无{m}传感器', en: 'no {m} sensor' },
  no_noon_reading: { zh: '正午无{m}数据', en: 'no {m} at noon' },
  rain_incomplete: { zh: '24 小时{m}缺测过多', en: '24-h {m} incomplete' },
  not_yet: { zh: '尚未到正午', en: 'noon not reached' },
};
export function gapLabel(
  gap: { metric: FireWeatherMetric | null; reason: FireWeatherGapReason },
  lang: Lang,
) {
  return GAP_REASONS[gap.reason][lang].replace('{m}', gap.metric ? METRIC_NAMES[gap.metric][lang] : '');
}
