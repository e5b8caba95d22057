/**
 * 回放预览: runs the editor's current draft over the stored readings of a chosen period
 * (`POST /monitoring/rules/replay`, which writes nothing) and shows what it would have done — the inputs'
 * series with the level thresholds and the level bands and transitions (ECharts), the transitions table, the
 * time at each level and the readings used.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, DatePicker, Empty, Segmented, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlayCircleOutlined } from '@ant-design/icons';
import { useMutation, useQueries } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import {
  ALARM_LEVELS,
  isMetric,
  type AlarmLevel,
  type AlarmRule,
  type ReplayRuleRequest,
  type ReplayView,
  type SeriesView,
  type StationView,
} from '@ningan/domain';
import { EChart } from '../../charts/echart.tsx';
import { errorMessage } from '../../forms/form-errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { monitoringApi, monitoringKeys } from '../monitoring/monitoring-api.ts';
import { metricLabel } from '../monitoring/monitoring-labels.ts';
import { formatValue } from '../monitoring/series-chart-model.ts';
import { buildReplayChart, formatDuration, type ReplayChartText } from './replay-chart-model.ts';
import { LevelChip } from './rule-parts.tsx';
import {
  causeLabel,
  dataEventLabel,
  levelColorShort,
  transitionLabel,
  type TransitionKind,
} from './rules-labels.ts';
import { rulesApi } from './rules-api.ts';

/** The server's longest replay (alarm-rules.service.ts REPLAY_MAX_DAYS). */
const REPLAY_MAX_DAYS = 31;
const HOUR = 3_600_000;
const PRESETS = { '24h': 24 * HOUR, '7d': 7 * 24 * HOUR, '30d': 30 * 24 * HOUR } as const;
type RangeChoice = keyof typeof PRESETS | 'custom';

/** What the editor hands over to replay: the request without the period, and the rule it builds. */
export interface ReplayDraft {
  body: Omit<ReplayRuleRequest, 'from' | 'to'>;
  /** The rule as the server will build it (for the chart's inputs and thresholds). */
  rule: AlarmRule;
}

interface Result {
  replay: ReplayView;
  rule: AlarmRule;
  /** The editor's draft revision it was run on. */
  revision: number;
}

type Transition = ReplayView['transitions'][number];

const PIN: Record<TransitionKind, { zh: string; en: string }> = {
  raised: { zh: '产生', en: '▲' },
  escalated: { zh: '升级', en: '↑' },
  deescalated: { zh: '降级', en: '↓' },
  cleared: { zh: '解除', en: '✓' },
};

export function ReplayPanel({
  draft,
  revision,
  stations,
  onProblems,
}: {
  /** The current draft, or null when it cannot be built (the editor then shows why). */
  draft: () => ReplayDraft | null;
  /** Bumped by the editor on every change, to mark a shown result as stale. */
  revision: number;
  stations: readonly StationView[];
  /** Problems the server answered about the draft (placed on the editor's fields). */
  onProblems: (error: unknown) => void;
}) {
  const { t, lang } = useI18n();
  const [choice, setChoice] = useState<RangeChoice>('24h');
  const [custom, setCustom] = useState<[Dayjs, Dayjs]>(() => [dayjs().subtract(3, 'day'), dayjs()]);
  const [result, setResult] = useState<Result | null>(null);
  const [rangeError, setRangeError] = useState<string | null>(null);

  const run = useMutation({
    mutationFn: async () => {
      const d = draft();
      if (!d) return null;
      const now = Date.now();
      const [from, to] =
        choice === 'custom' ? [custom[0].valueOf(), custom[1].valueOf()] : [now - PRESETS[choice], now];
      const replay = await rulesApi.replay({
        ...d.body,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
      });
      return { replay, rule: d.rule, revision };
    },
    onSuccess: (r) => {
      if (r) setResult(r);
    },
    onError: (error) => onProblems(error),
  });

  const start = () => {
    if (choice === 'custom' && custom[1].diff(custom[0], 'day', true) > REPLAY_MAX_DAYS) {
      setRangeError(t('rules.replay.tooLong', { days: REPLAY_MAX_DAYS }));
      return;
    }
    setRangeError(null);
    run.mutate();
  };

  return (
    <section className="rule-card" data-testid="replay-panel">
      <Typography.Title level={5} className="rule-card__title">
        {t('rules.replay.title')}
      </Typography.Title>
      <Alert
        type="info"
        showIcon
        title={t('rules.replay.writesNothing')}
        data-testid="replay-writes-nothing"
      />
      <div className="replay-controls">
        <Segmented<RangeChoice>
          aria-label={t('rules.replay.range')}
          value={choice}
          onChange={setChoice}
          options={[
            { value: '24h', label: t('rules.replay.24h') },
            { value: '7d', label: t('rules.replay.7d') },
            { value: '30d', label: t('rules.replay.30d') },
            { value: 'custom', label: t('rules.replay.custom') },
          ]}
          data-testid="replay-range"
        />
        {choice === 'custom' && (
          <DatePicker.RangePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            value={custom}
            allowClear={false}
            disabledDate={(d) => d.isAfter(dayjs().endOf('day'))}
            onChange={(values) => {
              const [a, b] = values ?? [];
              if (a && b && a.isBefore(b)) setCustom([a, b]);
            }}
          />
        )}
        <Button
          type="primary"
          icon={<PlayCircleOutlined />}
          loading={run.isPending}
          onClick={start}
          data-testid="replay-run"
        >
          {t('rules.replay.run')}
        </Button>
      </div>
      {rangeError && <Alert type="error" showIcon title={rangeError} />}
      {run.isError && (
        <Alert type="error" showIcon title={errorMessage(run.error, t)} data-testid="replay-error" />
      )}
      {result && (
        <ReplayResult result={result} stale={result.revision !== revision} stations={stations} lang={lang} />
      )}
    </section>
  );
}

/**
 * The series of every input, and whether any is still loading. Outside the component, so TanStack keeps
 * the combined value (and so the chart's option) the same object until a query settles.
 */
function settled(results: { data?: SeriesView | undefined; isPending: boolean; fetchStatus: string }[]) {
  return {
    data: results.map((r) => r.data ?? null),
    loading: results.some((r) => r.isPending && r.fetchStatus !== 'idle'),
  };
}

/** Each input's sensor: on the station whose device ID the input names. */
function sensorIdOf(stations: readonly StationView[], device: string, metric: string): string | null {
  const station = stations.find((s) => s.code === device);
  return station?.sensors.find((s) => s.metric === metric)?.id ?? null;
}

function ReplayResult({
  result,
  stale,
  stations,
  lang,
}: {
  result: Result;
  stale: boolean;
  stations: readonly StationView[];
  lang: 'zh' | 'en';
}) {
  const { t } = useI18n();
  const { replay, rule } = result;
  const inputs = Object.entries(rule.inputs);
  const series = useQueries({
    combine: settled,
    queries: inputs.map(([, input]) => {
      const sensorId = sensorIdOf(stations, input.device, input.metric);
      const range = { from: replay.from, to: replay.to };
      return {
        queryKey: monitoringKeys.series(sensorId ?? `none:${input.device}:${input.metric}`, range),
        queryFn: () => monitoringApi.series(sensorId!, range),
        enabled: sensorId !== null,
      };
    }),
  });
  const loading = series.loading;

  const chart = useMemo(() => {
    const text: ReplayChartText = {
      level: (l) => levelColorShort(l, lang),
      transition: (k) => transitionLabel(k, lang),
      pin: (k) => PIN[k][lang],
      input: (name, input) =>
        `${name} · ${input.device} ${isMetric(input.metric) ? metricLabel(input.metric, lang) : input.metric}`,
      derived: (signal, s) =>
        t('rules.replay.derived', {
          signal,
          what:
            s.fn === 'sum'
              ? t('rules.replay.derivedSum', { hours: formatValue(s.windowMs / HOUR) })
              : t('rules.replay.derivedRate'),
        }),
      empty: t('rules.replay.noSeries'),
    };
    return buildReplayChart({
      rule,
      replay,
      series: Object.fromEntries(inputs.map(([name], i) => [name, series.data[i] ?? null])),
      text,
    });
  }, [rule, replay, lang, t, inputs, series.data]);

  const columns: TableColumnsType<Transition> = [
    {
      title: t('rules.replay.at'),
      dataIndex: 'at',
      render: (at: string) => <span className="tabular">{dayjs(at).format('MM-DD HH:mm:ss')}</span>,
    },
    {
      title: t('rules.replay.kind'),
      dataIndex: 'kind',
      render: (kind: TransitionKind, tr) => (
        <Space size={4}>
          <Tag color={kind === 'cleared' ? 'green' : kind === 'deescalated' ? 'default' : 'red'}>
            {transitionLabel(kind, lang)}
          </Tag>
          <Typography.Text type="secondary">{t('rules.replay.episode', { n: tr.alarm })}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t('rules.replay.levels'),
      key: 'levels',
      render: (_: unknown, tr) => (
        <Space size={4} wrap={false}>
          {tr.from ? <LevelChip level={tr.from} /> : <span>—</span>}
          <span>→</span>
          {tr.to ? <LevelChip level={tr.to} /> : <span>—</span>}
        </Space>
      ),
    },
    { title: t('rules.replay.cause'), dataIndex: 'cause', render: (c: string) => causeLabel(c, lang) },
    {
      title: t('rules.replay.signals'),
      dataIndex: 'signals',
      render: (signals: Record<string, number | null>) => (
        <span className="mono replay-signals">
          {Object.entries(signals)
            .map(([k, v]) => `${k}=${v === null ? '—' : formatValue(v)}`)
            .join('  ')}
        </span>
      ),
    },
  ];

  return (
    <div className="replay-result" data-testid="replay-result" data-transitions={replay.transitions.length}>
      {stale && <Alert type="warning" showIcon title={t('rules.replay.stale')} />}
      <div className="replay-stats">
        <Tag data-testid="replay-readings">{t('rules.replay.readings', { count: replay.readings })}</Tag>
        {replay.inputs.map((i) => (
          <Tag key={i.name}>
            {t('rules.replay.inputReadings', {
              input: `${i.name}（${i.device} · ${i.metric}）`,
              count: i.readings,
            })}
          </Tag>
        ))}
        <Tag color={replay.transitions.length ? 'orange' : 'default'}>
          {t('rules.replay.transitionsCount', { count: replay.transitions.length })}
        </Tag>
      </div>
      <div className="replay-levels" data-testid="replay-time-at-level">
        <Typography.Text type="secondary">{t('rules.replay.timeAtLevel')}</Typography.Text>
        {ALARM_LEVELS.filter((l) => rule.levels[l]).map((l: AlarmLevel) => (
          <span key={l} className="replay-levels__item">
            <LevelChip level={l} />{' '}
            <span className="tabular">{formatDuration(replay.timeAtLevel[l] ?? 0, lang)}</span>
          </span>
        ))}
      </div>
      {loading ? (
        <Skeleton.Node active style={{ width: '100%', height: chart.height }} />
      ) : (
        <EChart
          option={chart.option}
          height={chart.height}
          ariaLabel={t('rules.replay.chartAria', {
            inputs: chart.panels.join('、'),
            count: replay.transitions.length,
          })}
          testId="replay-chart"
          data={{ 'data-panels': chart.panels.length, 'data-transitions': replay.transitions.length }}
        />
      )}
      <Typography.Text type="secondary" className="replay-note">
        {t('rules.replay.estimateNote')}
        {chart.hidden > 0 && ` ${t('rules.replay.hiddenInputs', { count: chart.hidden })}`}
      </Typography.Text>
      <Table<Transition>
        rowKey={(tr) => `${tr.at}-${tr.kind}`}
        size="small"
        columns={columns}
        dataSource={replay.transitions}
        pagination={replay.transitions.length > 20 ? { pageSize: 20 } : false}
        scroll={{ x: 'max-content' }}
        data-testid="replay-transitions"
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('rules.replay.noTransitions')} />
          ),
        }}
      />
      {replay.dataEvents.length > 0 && (
        <div className="replay-data-events">
          <Typography.Text strong>{t('rules.replay.dataEvents')}</Typography.Text>
          <ul>
            {replay.dataEvents.map((e) => (
              <li key={`${e.at}-${e.kind}-${e.input}`}>
                <span className="tabular">{dayjs(e.at).format('MM-DD HH:mm')}</span> {e.input}：
                {dataEventLabel(e.kind, lang)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
