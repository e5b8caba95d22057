/**
 * Small pieces shared by the rule list and the editor: the alarm-level chip, the station picker and the
 * enabled switch.
 */
import type { CSSProperties } from 'react';
import { App, Select, Switch, Tag } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AlarmLevel, AlarmRuleView, StationView } from '@ningan/domain';
import { isApiError } from '../../api/client.ts';
import { errorMessage } from '../../forms/form-errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { LEVEL_COLORS } from './replay-chart-model.ts';
import { ruleKeys, rulesApi } from './rules-api.ts';
import { levelLabel, levelShort } from './rules-labels.ts';

/** Text on a level colour: dark on yellow (as on the map's markers), white otherwise. */
const onLevel = (level: AlarmLevel) => (level === 'yellow' ? '#3d3100' : '#ffffff');

/** 黄 · 三级 on the level's colour (STANDARDS.md §2.3). */
export function LevelChip({ level, short = true }: { level: AlarmLevel; short?: boolean }) {
  const { lang } = useI18n();
  return (
    <Tag
      data-testid="level-chip"
      data-level={level}
      style={{ background: LEVEL_COLORS[level], color: onLevel(level), border: 'none', marginInlineEnd: 0 }}
    >
      {short ? levelShort(level, lang) : levelLabel(level, lang)}
    </Tag>
  );
}

/** A searchable station select: 名称（设备编号）. */
export function StationSelect({
  stations,
  value,
  onChange,
  placeholder,
  disabled,
  allowClear,
  loading,
  testId,
  style,
}: {
  stations: readonly StationView[];
  value: string | null | undefined;
  onChange: (id: string | undefined) => void;
  placeholder: string;
  disabled?: boolean;
  allowClear?: boolean;
  loading?: boolean;
  testId?: string;
  style?: CSSProperties;
}) {
  return (
    <Select<string>
      value={value ?? undefined}
      onChange={(id) => onChange(id)}
      placeholder={placeholder}
      aria-label={placeholder}
      disabled={disabled}
      allowClear={allowClear}
      loading={loading}
      data-testid={testId}
      showSearch={{ optionFilterProp: 'label' }}
      options={stations.map((s) => ({ value: s.id, label: `${s.name}（${s.code}）` }))}
      popupMatchSelectWidth={false}
      style={style}
    />
  );
}

/** Enables or disables a rule (PATCH with the version shown; a stale one reloads the list). */
export function EnabledSwitch({ rule, disabled }: { rule: AlarmRuleView; disabled?: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const toggle = useMutation({
    mutationFn: (enabled: boolean) => rulesApi.update(rule.id, { version: rule.version, enabled }),
    onSuccess: async (updated) => {
      void message.success(t(updated.enabled ? 'rules.enableOk' : 'rules.disableOk'));
      await queryClient.invalidateQueries({ queryKey: ruleKeys.all });
    },
    onError: async (error) => {
      void message.error(
        isApiError(error) && error.status === 409 ? t('rules.stale') : errorMessage(error, t),
      );
      await queryClient.invalidateQueries({ queryKey: ruleKeys.all });
    },
  });
  return (
    <Switch
      checked={rule.enabled}
      loading={toggle.isPending}
      disabled={disabled}
      aria-label={`${t('rules.enabled')} ${rule.name}`}
      data-testid="rule-enabled"
      onChange={(checked, event) => {
        event.stopPropagation();
        toggle.mutate(checked);
      }}
      onClick={(_, event) => event.stopPropagation()}
    />
  );
}
