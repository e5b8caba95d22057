import type { AlarmLevel } from '@ningan/domain';
import { useI18n } from '../../i18n/i18n.tsx';
import { alarmLevelLabel } from '../monitoring/monitoring-labels.ts';
import { LEVEL_COLORS, levelChipText } from './alarms-model.ts';
import './alarms.css';

/** 红 · 一级 on red (the full name, 红色告警（一级）, as its accessible title). */
export function LevelChip({ level }: { level: AlarmLevel }) {
  const { lang } = useI18n();
  return (
    <span
      className="alarm-level-chip"
      style={LEVEL_COLORS[level]}
      title={alarmLevelLabel(level, lang)}
      data-level={level}
    >
      {levelChipText(level, lang)}
    </span>
  );
}
