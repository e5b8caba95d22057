/** 版本记录: every version of a rule, newest first — who, when, the change note, its JSON and a line diff. */
import { useState } from 'react';
import { Collapse, Segmented, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { AlarmRuleVersionView } from '@ningan/domain';
import { useI18n } from '../../i18n/i18n.tsx';
import { diffLines, ruleJsonText } from './rule-json.ts';

function VersionBody({
  version,
  previous,
}: {
  version: AlarmRuleVersionView;
  previous?: AlarmRuleVersionView;
}) {
  const { t } = useI18n();
  const [view, setView] = useState<'json' | 'diff'>('json');
  const text = ruleJsonText(version.definition);
  return (
    <div>
      {previous && (
        <Segmented<'json' | 'diff'>
          size="small"
          value={view}
          onChange={setView}
          options={[
            { value: 'json', label: t('rules.versions.json') },
            { value: 'diff', label: t('rules.versions.diff') },
          ]}
          style={{ marginBottom: 8 }}
        />
      )}
      {view === 'diff' && previous ? (
        <pre className="rule-json rule-json--diff" data-testid="version-diff">
          {diffLines(ruleJsonText(previous.definition), text).map((line, i) => (
            <div key={i} className={`rule-json__line rule-json__line--${line.op}`}>
              {line.op === 'add' ? '+ ' : line.op === 'remove' ? '- ' : '  '}
              {line.text}
            </div>
          ))}
        </pre>
      ) : (
        <pre className="rule-json" data-testid="version-json">
          {text}
        </pre>
      )}
    </div>
  );
}

export function RuleVersions({
  versions,
  current,
}: {
  versions: readonly AlarmRuleVersionView[];
  current: number;
}) {
  const { t } = useI18n();
  const ordered = [...versions].sort((a, b) => b.version - a.version);
  return (
    <section className="rule-card" data-testid="rule-versions">
      <Typography.Title level={5} className="rule-card__title">
        {t('rules.versions.title')}
      </Typography.Title>
      <Collapse
        size="small"
        items={ordered.map((v) => ({
          key: String(v.version),
          label: (
            <Space size={8} wrap data-testid={`version-${v.version}`}>
              <Tag color={v.version === current ? 'blue' : 'default'}>
                {t('rules.versionN', { version: v.version })}
              </Tag>
              {v.version === current && (
                <Typography.Text type="secondary">{t('rules.versions.current')}</Typography.Text>
              )}
              <Typography.Text>
                {t('rules.versions.by', {
                  who: v.createdBy ?? t('rules.versions.system'),
                  time: dayjs(v.createdAt).format('YYYY-MM-DD HH:mm'),
                })}
              </Typography.Text>
              <Typography.Text type={v.note ? undefined : 'secondary'}>
                {v.note ?? t('rules.versions.noNote')}
              </Typography.Text>
            </Space>
          ),
          children: <VersionBody version={v} previous={ordered.find((p) => p.version === v.version - 1)} />,
        }))}
      />
    </section>
  );
}
