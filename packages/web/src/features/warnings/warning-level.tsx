/** Warning level colours and chips: the same four colours and chip as the 告警中心 (STANDARDS.md §2.3). */
import { LevelChip } from '../alarms/level-chip.tsx';
import { LEVEL_COLORS } from '../alarms/alarms-model.ts';
import type { WarningLevelKey } from './warnings-types.ts';

export const WARNING_COLORS: Record<WarningLevelKey, { background: string; color: string }> = LEVEL_COLORS;

/** 红 · 一级 on red, as in the 告警中心. */
export function WarningLevelChip({ level }: { level: WarningLevelKey }) {
  return <LevelChip level={level} />;
}
