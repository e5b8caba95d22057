/**
 * 气象与火险 (一张网, issue #4 part 5): the weather signals each station's observations call for (table and
 * county map badges), the daily forest fire weather (FWI) of the stations in forest areas with a trend, and
 * two calculators — the signal a forecast calls for, and the drought grade of an MCI/SPI value.
 */
import { lazy, Suspense, useState } from 'react';
import { Alert, Card, DatePicker, Space, Spin, Table, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import {
  FWI_DANGER_CLASSES,
  FWI_DANGER_CLASS_NAMES,
  type FireWeatherStationView,
  type ObservedSignalView,
  type SignalLevel,
  type StationSignalsView,
  type WeatherHazard,
} from '@ningan/domain';
import { useRegionNames } from '../../api/queries.ts';
import { errorMessage } from '../../forms/form-errors.tsx';
import { PageHeader } from '../../forms/page-header.tsx';
import { useI18n, type Lang } from '../../i18n/i18n.tsx';
import { DroughtForm } from './drought-form.tsx';
import { ForecastSignalForm } from './forecast-signal-form.tsx';
import { FwiTrend } from './fwi-trend.tsx';
import { weatherApi } from './weather-api.ts';
import {
  basisLabel,
  DANGER_COLORS,
  DANGER_NAMES_EN,
  gapLabel,
  HAZARD_NAMES_EN,
  LEVEL_NAMES,
  SIGNAL_COLORS,
  SIGNAL_TEXT,
  solid,
  STATUS_NAMES,
} from './weather-labels.ts';
import './weather.css';

const SignalMap = lazy(() => import('./signal-map.tsx'));

/** The hazards a station's metrics can show, as table columns; the rest are "not observable". */
const OBSERVED: WeatherHazard[] = ['rainstorm', 'wind', 'heat', 'coldwave'];
const fmt = (v: number | null, digits = 1) => (v === null ? '—' : v.toFixed(digits));

function LevelTag({ level, text }: { level: SignalLevel | null; text?: string | null }) {
  const { t, lang } = useI18n();
  if (!level) return <Tag>{text ?? t('weather.signals.none')}</Tag>;
  return (
    <Tag style={solid(SIGNAL_COLORS[level], SIGNAL_TEXT[level])}>{text ?? LEVEL_NAMES[level][lang]}</Tag>
  );
}

function HazardCell({ s, lang }: { s: ObservedSignalView | undefined; lang: Lang }) {
  if (!s) return null;
  if (s.status !== 'evaluated')
    return <Typography.Text type="secondary">{STATUS_NAMES[s.status][lang]}</Typography.Text>;
  return <LevelTag level={s.level} text={s.level ? LEVEL_NAMES[s.level][lang] : undefined} />;
}

function SignalBasis({ item }: { item: StationSignalsView }) {
  const { lang } = useI18n();
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
      {item.signals.map((s) => (
        <div key={s.hazard}>
          <Typography.Text strong>{lang === 'en' ? HAZARD_NAMES_EN[s.hazard] : s.hazardName}</Typography.Text>
          {'：'}
          {s.status === 'evaluated' ? (
            <>
              {s.signal && <LevelTag level={s.level} text={s.signal} />}
              {s.basis.map((b) => (
                <Tag
                  key={`${b.quantity}-${b.hours}`}
                  style={b.level ? solid(SIGNAL_COLORS[b.level], SIGNAL_TEXT[b.level]) : undefined}
                >
                  {basisLabel(b.quantity, b.hours, lang)} {fmt(b.value, b.unit === '级' ? 0 : 1)} {b.unit}
                </Tag>
              ))}
            </>
          ) : (
            <Typography.Text type="secondary">{s.note ?? STATUS_NAMES[s.status][lang]}</Typography.Text>
          )}
        </div>
      ))}
    </Space>
  );
}

function SignalsTab() {
  const { t, lang } = useI18n();
  const nameOf = useRegionNames();
  const q = useQuery({
    queryKey: ['weather', 'signals'],
    queryFn: weatherApi.weatherSignals,
    refetchInterval: 60_000,
  });
  const items = q.data?.items ?? [];
  const columns: TableColumnsType<StationSignalsView> = [
    { title: t('weather.signals.station'), key: 'station', render: (_: unknown, i) => i.station.name },
    {
      title: t('weather.signals.region'),
      key: 'region',
      render: (_: unknown, i) => nameOf(i.station.regionCode),
    },
    {
      title: t('weather.signals.highest'),
      key: 'level',
      render: (_: unknown, i) => <LevelTag level={i.level} />,
      sorter: (a, b) => (a.level ? LEVEL_ORDER[a.level] : -1) - (b.level ? LEVEL_ORDER[b.level] : -1),
      defaultSortOrder: 'descend',
    },
    ...OBSERVED.map((h) => ({
      title:
        lang === 'en' ? HAZARD_NAMES_EN[h] : (items[0]?.signals.find((s) => s.hazard === h)?.hazardName ?? h),
      key: h,
      render: (_: unknown, i: StationSignalsView) => (
        <HazardCell s={i.signals.find((s) => s.hazard === h)} lang={lang} />
      ),
    })),
  ];
  if (q.error) return <Alert type="error" showIcon title={errorMessage(q.error, t)} />;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('weather.signals.intro')} {t('weather.signals.gustNote')}
      </Typography.Paragraph>
      <Alert type="warning" showIcon title={t('weather.signals.notObservable')} />
      {q.data && (
        <Typography.Text type="secondary">
          {t('weather.signals.at', { at: dayjs(q.data.at).format('YYYY-MM-DD HH:mm') })}
        </Typography.Text>
      )}
      <Card size="small" title={t('weather.signals.map')}>
        <Suspense fallback={<Spin />}>
          <SignalMap items={items} />
        </Suspense>
      </Card>
      <Table<StationSignalsView>
        rowKey={(i) => i.station.id}
        columns={columns}
        dataSource={items}
        loading={q.isLoading}
        size="small"
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
        expandable={{ expandedRowRender: (i) => <SignalBasis item={i} /> }}
        locale={{ emptyText: t('weather.signals.empty') }}
        data-testid="weather-signals-table"
      />
    </Space>
  );
}

const LEVEL_ORDER: Record<SignalLevel, number> = { blue: 0, yellow: 1, orange: 2, red: 3 };

function DangerTag({ item, lang }: { item: FireWeatherStationView; lang: Lang }) {
  const r = item.day.result;
  if (!r) return <Tag>—</Tag>;
  return (
    <Tag style={solid(DANGER_COLORS[r.dangerClass])}>
      {lang === 'en' ? DANGER_NAMES_EN[r.dangerClass] : r.dangerClassName}
    </Tag>
  );
}

function Trend({ stationId, to }: { stationId: string; to: string }) {
  const { t } = useI18n();
  const q = useQuery({
    queryKey: ['weather', 'fire', stationId, to],
    queryFn: () => weatherApi.fireWeatherSeries(stationId, { to }),
  });
  if (q.isLoading) return <Spin size="small" />;
  if (q.error) return <Typography.Text type="danger">{errorMessage(q.error, t)}</Typography.Text>;
  const days = q.data?.days ?? [];
  if (!days.some((d) => d.result))
    return <Typography.Text type="secondary">{t('weather.fire.trendEmpty')}</Typography.Text>;
  return (
    <Space orientation="vertical" size={2}>
      <Typography.Text type="secondary">{t('weather.fire.trend')}</Typography.Text>
      <FwiTrend days={days} label={t('weather.fire.trend')} />
    </Space>
  );
}

function FireTab() {
  const { t, lang } = useI18n();
  const [date, setDate] = useState<string | undefined>(undefined);
  const q = useQuery({
    queryKey: ['weather', 'fire', date ?? 'today'],
    queryFn: () => weatherApi.fireWeather(date),
  });
  const shownDate = q.data?.date ?? date ?? dayjs().format('YYYY-MM-DD');
  const columns: TableColumnsType<FireWeatherStationView> = [
    { title: t('weather.signals.station'), key: 'station', render: (_: unknown, i) => i.station.name },
    {
      title: t('weather.fire.area'),
      key: 'area',
      render: (_: unknown, i) => (
        <Space size={4}>
          {i.forestArea.name}
          <Typography.Text type="secondary">
            （{t(i.forestArea.via === 'linked' ? 'weather.fire.viaLinked' : 'weather.fire.viaInside')}）
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('weather.fire.inputs'),
      key: 'inputs',
      render: (_: unknown, i) => {
        const o = i.day.observation;
        if (!o)
          return (
            <Typography.Text type="warning">
              {t('weather.fire.gap', { reasons: i.day.gaps.map((g) => gapLabel(g, lang)).join('、') })}
            </Typography.Text>
          );
        return (
          <span className="tabular">
            {fmt(o.tempC)} ℃ · {fmt(o.rh, 0)}% · {fmt(o.windMs)} m/s（{fmt(o.windKmh)} km/h）· {fmt(o.rainMm)}{' '}
            mm
          </span>
        );
      },
    },
    ...(['ffmc', 'dmc', 'dc', 'isi', 'bui', 'fwi'] as const).map((k) => ({
      title: k.toUpperCase(),
      key: k,
      align: 'right' as const,
      render: (_: unknown, i: FireWeatherStationView) => (
        <span className="tabular">
          {i.day.result
            ? fmt(i.day.result[k])
            : k === 'ffmc' || k === 'dmc' || k === 'dc'
              ? `(${fmt(i.day.carried[k])})`
              : '—'}
        </span>
      ),
    })),
    {
      title: t('weather.fire.class'),
      key: 'class',
      render: (_: unknown, i) => <DangerTag item={i} lang={lang} />,
    },
    {
      title: '',
      key: 'gaps',
      render: (_: unknown, i) =>
        i.gapDates.length > 0 && (
          <Typography.Text type="secondary" title={i.gapDates.join('、')}>
            {t('weather.fire.gapDays', { n: i.gapDates.length })}
          </Typography.Text>
        ),
    },
  ];
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('weather.fire.intro')}
      </Typography.Paragraph>
      <Space wrap>
        <span>{t('weather.fire.date')}</span>
        <DatePicker
          allowClear
          value={date ? dayjs(date) : null}
          placeholder={q.data?.date}
          disabledDate={(d) => d.isAfter(dayjs(), 'day')}
          onChange={(d) => setDate(d ? d.format('YYYY-MM-DD') : undefined)}
          aria-label={t('weather.fire.date')}
        />
        {q.data && (
          <Typography.Text type="secondary">
            {t('weather.fire.settings', {
              start: q.data.settings.seasonStart,
              hours: q.data.settings.minRainHours,
            })}
          </Typography.Text>
        )}
      </Space>
      <Space wrap size={4}>
        <Typography.Text type="secondary">{t('weather.fire.legend')}</Typography.Text>
        {FWI_DANGER_CLASSES.map((c) => (
          <Tag key={c} style={solid(DANGER_COLORS[c])}>
            {lang === 'en' ? DANGER_NAMES_EN[c] : FWI_DANGER_CLASS_NAMES[c]}
          </Tag>
        ))}
      </Space>
      {q.error ? (
        <Alert type="error" showIcon title={errorMessage(q.error, t)} />
      ) : (
        <Table<FireWeatherStationView>
          rowKey={(i) => i.station.id}
          columns={columns}
          dataSource={q.data?.items ?? []}
          loading={q.isLoading}
          size="small"
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
          expandable={{ expandedRowRender: (i) => <Trend stationId={i.station.id} to={shownDate} /> }}
          locale={{ emptyText: t('weather.fire.empty') }}
          data-testid="fire-weather-table"
        />
      )}
    </Space>
  );
}

export function WeatherPage() {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('weather.title')} />
      <Tabs
        destroyOnHidden
        items={[
          { key: 'signals', label: t('weather.tab.signals'), children: <SignalsTab /> },
          { key: 'fire', label: t('weather.tab.fire'), children: <FireTab /> },
          { key: 'forecast', label: t('weather.tab.forecast'), children: <ForecastSignalForm /> },
          { key: 'drought', label: t('weather.tab.drought'), children: <DroughtForm /> },
        ]}
      />
    </>
  );
}
