/**
 * 地震影响估算 (issue #4 part 5, under 一张网): magnitude and epicentre (map click or lon/lat), optional zone,
 * long-axis direction and exposure degree → the isoseismal ellipses on the county map, a table per township
 * (distance, intensity, §7.3 effects, population) and the exposed-population total with its caveats.
 */
import { lazy, Suspense, useState } from 'react';
import { Link } from 'react-router';
import {
  Alert,
  Button,
  Card,
  Form,
  InputNumber,
  Select,
  Space,
  Spin,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useMutation } from '@tanstack/react-query';
import {
  ATTENUATION_ZONES,
  type AttenuationZone,
  type EarthquakeEstimateRequest,
  type EarthquakeEstimateView,
  type EarthquakeTownshipView,
} from '@ningan/domain';
import { useSession } from '../../auth/session.tsx';
import { applyFormError, FormProblemAlert, type FormProblem } from '../../forms/form-errors.tsx';
import { PageHeader } from '../../forms/page-header.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { degreeColor, populationCell } from './earthquake-model.ts';
import { hazardsApi } from './hazards-api.ts';
import './hazards.css';

const EarthquakeMap = lazy(() => import('./earthquake-map.tsx'));

const FIELDS = ['magnitude', 'lon', 'lat', 'zone', 'azimuthDeg', 'exposureDegree'] as const;
const ZONE_LABEL: Record<AttenuationZone, MessageKey> = {
  east: 'hazard.zone.east',
  central: 'hazard.zone.central',
  xinjiang: 'hazard.zone.xinjiang',
  tibet: 'hazard.zone.tibet',
};
const DEGREES = [5, 6, 7, 8, 9];
const ROMAN: Record<number, string> = { 5: 'V', 6: 'VI', 7: 'VII', 8: 'VIII', 9: 'IX' };

/** A degree in its map colour (solid, with a readable text colour). */
function DegreeTag({ degree, roman }: { degree: number | null; roman: string | null }) {
  const color = degreeColor(degree ?? 0);
  return (
    <Tag style={{ background: color, borderColor: color, color: (degree ?? 0) >= 8 ? '#fff' : '#262626' }}>
      {roman ?? '—'}
    </Tag>
  );
}

interface FormValues {
  magnitude: number | null;
  lon: number | null;
  lat: number | null;
  zone?: AttenuationZone;
  azimuthDeg?: number | null;
  exposureDegree?: number;
}

export function EarthquakePage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const [form] = Form.useForm<FormValues>();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const lon = Form.useWatch('lon', form);
  const lat = Form.useWatch('lat', form);
  const estimate = useMutation({
    mutationFn: (body: EarthquakeEstimateRequest) => hazardsApi.estimateEarthquake(body),
    onSuccess: () => setProblem(null),
    onError: (error) => setProblem(applyFormError(form, error, FIELDS, t)),
  });
  const result = estimate.data ?? null;
  const epicentre: [number, number] | null =
    typeof lon === 'number' && typeof lat === 'number' ? [lon, lat] : null;
  const number = (n: number) => n.toLocaleString(lang === 'en' ? 'en-US' : 'zh-CN');

  const submit = (v: FormValues) => {
    // null/empty fields are sent as missing, so the server's defaults and its messages apply.
    const body = Object.fromEntries(
      Object.entries(v).filter(([, x]) => x !== null && x !== undefined && x !== ''),
    ) as EarthquakeEstimateRequest;
    estimate.mutate(body);
  };

  const columns: TableColumnsType<EarthquakeTownshipView> = [
    { title: t('hazard.eq.col.township'), dataIndex: 'name', fixed: 'left' },
    {
      title: t('hazard.eq.col.distance'),
      dataIndex: 'distanceKm',
      align: 'right',
      sorter: (a, b) => a.distanceKm - b.distanceKm,
      defaultSortOrder: 'ascend',
      render: (km: number) => <span className="tabular">{km.toFixed(1)}</span>,
    },
    {
      title: t('hazard.eq.col.intensity'),
      key: 'intensity',
      render: (_: unknown, r) => (
        <Space size={4}>
          <DegreeTag degree={r.degree} roman={r.roman} />
          <span className="tabular">{r.intensity.toFixed(2)}</span>
        </Space>
      ),
    },
    {
      title: t('hazard.eq.col.effects'),
      dataIndex: 'effects',
      render: (effects: string | null) =>
        effects ?? <Typography.Text type="secondary">{t('hazard.eq.noEffects')}</Typography.Text>,
    },
    {
      title: t('hazard.eq.col.population'),
      key: 'population',
      align: 'right',
      render: (_: unknown, r) => {
        const cell = populationCell(r);
        if (cell.kind === 'missing') return <Tag color="warning">{t('hazard.eq.noPopulation')}</Tag>;
        return (
          <Tooltip title={[cell.source, cell.year].filter(Boolean).join(' · ')}>
            <Space size={4}>
              <span className="tabular">{number(cell.population)}</span>
              {cell.demo && <Tag color="orange">{t('hazard.eq.demo')}</Tag>}
            </Space>
          </Tooltip>
        );
      },
    },
  ];

  return (
    <div data-testid="earthquake-page">
      <PageHeader
        title={t('hazard.eq.title')}
        actions={
          can('region:read') ? <Link to="/admin/regions">{t('hazard.eq.editPopulation')}</Link> : undefined
        }
      />
      <Typography.Paragraph type="secondary">{t('hazard.eq.intro')}</Typography.Paragraph>
      <div className="eq-layout">
        <Card size="small">
          <FormProblemAlert problem={problem} />
          <Form<FormValues>
            form={form}
            layout="vertical"
            initialValues={{ magnitude: 6, lon: null, lat: null }}
            onFinish={submit}
            data-testid="earthquake-form"
          >
            <Form.Item name="magnitude" label={t('hazard.eq.magnitude')} rules={[{ required: true }]}>
              <InputNumber min={0} max={10} step={0.1} style={{ width: '100%' }} />
            </Form.Item>
            <Space.Compact block>
              <Form.Item
                name="lon"
                label={t('hazard.eq.lon')}
                rules={[{ required: true }]}
                style={{ flex: 1 }}
              >
                <InputNumber min={-180} max={180} step={0.01} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item
                name="lat"
                label={t('hazard.eq.lat')}
                rules={[{ required: true }]}
                style={{ flex: 1 }}
              >
                <InputNumber min={-90} max={90} step={0.01} style={{ width: '100%' }} />
              </Form.Item>
            </Space.Compact>
            <Form.Item name="zone" label={t('hazard.eq.zone')}>
              <Select
                allowClear
                placeholder={t('hazard.eq.zoneDefault')}
                options={ATTENUATION_ZONES.map((z) => ({ value: z, label: t(ZONE_LABEL[z]) }))}
              />
            </Form.Item>
            <Form.Item name="azimuthDeg" label={t('hazard.eq.azimuth')}>
              <InputNumber
                min={0}
                max={180}
                step={5}
                placeholder={t('hazard.eq.azimuthDefault')}
                style={{ width: '100%' }}
              />
            </Form.Item>
            <Form.Item name="exposureDegree" label={t('hazard.eq.exposureDegree')}>
              <Select
                allowClear
                placeholder="VI"
                options={DEGREES.map((d) => ({ value: d, label: ROMAN[d] }))}
              />
            </Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              loading={estimate.isPending}
              block
              data-testid="earthquake-run"
            >
              {t('hazard.eq.run')}
            </Button>
          </Form>
        </Card>
        <Suspense fallback={<Spin />}>
          <EarthquakeMap
            estimate={result}
            epicentre={epicentre}
            onPick={(x, y) => form.setFieldsValue({ lon: x, lat: y })}
          />
        </Suspense>
      </div>
      {result ? (
        <EstimateResult result={result} columns={columns} number={number} />
      ) : (
        <Alert type="info" showIcon style={{ marginTop: 16 }} title={t('hazard.eq.empty')} />
      )}
    </div>
  );
}

function EstimateResult({
  result,
  columns,
  number,
}: {
  result: EarthquakeEstimateView;
  columns: TableColumnsType<EarthquakeTownshipView>;
  number: (n: number) => string;
}) {
  const { t } = useI18n();
  return (
    <Space
      orientation="vertical"
      size={16}
      style={{ width: '100%', marginTop: 16 }}
      data-testid="earthquake-result"
    >
      <Space size={32} wrap>
        <Statistic
          title={t('hazard.eq.epicentral')}
          value={`${result.epicentralRoman ?? '—'}（${result.epicentralIntensity.toFixed(2)}）`}
        />
        <Statistic
          title={t('hazard.eq.exposed')}
          value={number(result.exposure.population)}
          suffix={t('hazard.eq.exposedTownships', {
            count: result.exposure.townships,
            roman: result.exposure.roman,
          })}
        />
        <div>
          <Typography.Text type="secondary">{t('hazard.eq.isoseismals')}</Typography.Text>
          <ul style={{ margin: '4px 0 0', paddingInlineStart: 18 }} data-testid="earthquake-isoseismals">
            {result.isoseismals.map((s) => (
              <li key={s.degree}>
                <DegreeTag degree={s.degree} roman={s.roman} />
                {s.reached
                  ? t('hazard.eq.axes', { long: s.longAxisKm.toFixed(1), short: s.shortAxisKm.toFixed(1) })
                  : t('hazard.eq.notReached')}
              </li>
            ))}
          </ul>
        </div>
      </Space>
      <Alert
        type={result.exposure.townshipsMissingPopulation > 0 ? 'warning' : 'info'}
        showIcon
        data-testid="earthquake-summary"
        title={result.exposure.summary}
        description={
          <>
            <div>
              {t('hazard.eq.used', {
                zone: result.zoneName,
                zoneFrom: t(result.zoneFrom === 'config' ? 'hazard.eq.fromConfig' : 'hazard.eq.fromRequest'),
                azimuth: result.azimuthDeg,
                azimuthFrom: t(
                  result.azimuthFrom === 'config' ? 'hazard.eq.fromConfig' : 'hazard.eq.fromRequest',
                ),
              })}
            </div>
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {result.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          </>
        }
      />
      <Table<EarthquakeTownshipView>
        size="small"
        rowKey="code"
        dataSource={result.townships}
        columns={columns}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="earthquake-table"
      />
    </Space>
  );
}
