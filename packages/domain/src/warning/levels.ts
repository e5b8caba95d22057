/**
 * Warning levels (预警级别) and their default CAP severity.
 *
 * 《突发事件应对法》 (STANDARDS.md §2.3): 一级、二级、三级、四级, 分别用红色、橙色、黄色和蓝色标示, 一级为最高级别.
 * Listed in ascending order, the same order and names as `SIGNAL_LEVELS` (calc/weather-signal.ts), so a
 * weather signal level is a warning level.
 */

/** Ascending: 四级 蓝 … 一级 红. */
export const WARNING_LEVELS = ['blue', 'yellow', 'orange', 'red'] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number];

export const WARNING_LEVEL_LABELS: Record<WarningLevel, { zh: string; en: string }> = {
  red: { zh: '红色预警（一级）', en: 'Red warning (level I)' },
  orange: { zh: '橙色预警（二级）', en: 'Orange warning (level II)' },
  yellow: { zh: '黄色预警（三级）', en: 'Yellow warning (level III)' },
  blue: { zh: '蓝色预警（四级）', en: 'Blue warning (level IV)' },
};

/** The colour word used in headlines: 「…发布暴雨橙色预警」. */
export const WARNING_LEVEL_COLOURS: Record<WarningLevel, string> = {
  red: '红色',
  orange: '橙色',
  yellow: '黄色',
  blue: '蓝色',
};

export type WarningSeverity = 'Extreme' | 'Severe' | 'Moderate' | 'Minor';

/**
 * Our default mapping of level to CAP `severity` (CAP 1.2 §3.2.2). Neither the law nor CAP fixes it:
 * it is configuration (issue #5 part 1), this is the default.
 */
export const DEFAULT_LEVEL_SEVERITY: Record<WarningLevel, WarningSeverity> = {
  red: 'Extreme',
  orange: 'Severe',
  yellow: 'Moderate',
  blue: 'Minor',
};

/** The level whose severity is `severity` under `mapping`, or null (e.g. `Unknown`, or a mapping without it). */
export function levelForSeverity(
  severity: string,
  mapping: Record<WarningLevel, WarningSeverity> = DEFAULT_LEVEL_SEVERITY,
): WarningLevel | null {
  for (const level of WARNING_LEVELS) if (mapping[level] === severity) return level;
  return null;
}
