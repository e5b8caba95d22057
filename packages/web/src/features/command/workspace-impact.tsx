/**
 * 影响: the impact analysis around the incident — choose a radius, see the circle on the map and what lies
 * inside: villages with their population, enterprises and major hazard sources, hazard points, schools,
 * hospitals, crowded places, and the teams, warehouses and shelters within reach. Recorded on the timeline
 * when asked (needs incident:write).
 */
import { useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  Col,
  Collapse,
  InputNumber,
  Row,
  Slider,
  Space,
  Statistic,
  Table,
  Tag,
} from 'antd';
import { useMutation } from '@tanstack/react-query';
import type { ImpactItem, ImpactView } from '@ningan/domain';
import { useSession } from '../../auth/session.tsx';
import { errorMessage } from '../../forms/form-errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { commandApi } from './command-api.ts';
import type { MapResource } from './incident-map.tsx';

/** The impact lists as map dots, coloured by group. */
export function impactResources(v: ImpactView): MapResource[] {
  const dots = (items: readonly ImpactItem[], kind: string) =>
    items.map((i) => ({ id: `${kind}-${i.id}`, name: i.name, kind, lon: i.lon, lat: i.lat }));
  return [
    ...dots(v.enterprises, 'hazard'),
    ...dots(v.hazardSources, 'hazard'),
    ...dots(v.hazardPoints, 'hazard'),
    ...dots(v.schools, 'other'),
    ...dots(v.hospitals, 'medical'),
    ...dots(v.crowdedPlaces, 'other'),
    ...dots(v.resources.teams, 'team'),
    ...dots(v.resources.warehouses, 'warehouse'),
    ...dots(v.resources.shelters, 'shelter'),
  ];
}

const GROUPS: { key: string; label: MessageKey; pick: (v: ImpactView) => ImpactItem[] }[] = [
  { key: 'enterprises', label: 'cmd.impact.enterprises', pick: (v) => v.enterprises },
  { key: 'hazardSources', label: 'cmd.impact.hazardSources', pick: (v) => v.hazardSources },
  { key: 'hazardPoints', label: 'cmd.impact.hazardPoints', pick: (v) => v.hazardPoints },
  { key: 'schools', label: 'cmd.impact.schools', pick: (v) => v.schools },
  { key: 'hospitals', label: 'cmd.impact.hospitals', pick: (v) => v.hospitals },
  { key: 'crowdedPlaces', label: 'cmd.impact.crowdedPlaces', pick: (v) => v.crowdedPlaces },
  { key: 'teams', label: 'cmd.impact.teams', pick: (v) => v.resources.teams },
  { key: 'warehouses', label: 'cmd.impact.warehouses', pick: (v) => v.resources.warehouses },
  { key: 'shelters', label: 'cmd.impact.shelters', pick: (v) => v.resources.shelters },
];

export function ImpactTab({
  incidentId,
  hasLocation,
  onImpact,
}: {
  incidentId: string;
  hasLocation: boolean;
  onImpact: (radiusKm: number | null, resources: MapResource[]) => void;
}) {
  const { t } = useI18n();
  const { can } = useSession();
  const [radiusKm, setRadiusKm] = useState(3);
  const [record, setRecord] = useState(false);
  const run = useMutation({
    mutationFn: () => commandApi.impact(incidentId, { radiusKm, ...(record && { record: true }) }),
    onSuccess: (v) => onImpact(v.radiusKm, impactResources(v)),
  });
  const v = run.data;
  return (
    <div data-testid="impact-tab">
      {!hasLocation && (
        <Alert type="info" showIcon title={t('cmd.rec.needLocation')} style={{ marginBottom: 8 }} />
      )}
      <Row gutter={8} align="middle">
        <Col flex="auto">
          <Slider
            min={0.1}
            max={50}
            step={0.1}
            value={radiusKm}
            onChange={(x) => setRadiusKm(x)}
            marks={{ 1: '1', 5: '5', 10: '10', 20: '20', 50: '50' }}
            aria-label={t('cmd.impact.radius')}
          />
        </Col>
        <Col>
          <InputNumber<number>
            min={0.1}
            max={50}
            step={0.5}
            value={radiusKm}
            onChange={(x) => typeof x === 'number' && setRadiusKm(x)}
            suffix="km"
            style={{ width: 110 }}
            aria-label={t('cmd.impact.radius')}
          />
        </Col>
      </Row>
      <Space style={{ margin: '8px 0' }}>
        <Button type="primary" onClick={() => run.mutate()} loading={run.isPending} data-testid="impact-run">
          {t('cmd.impact.run')}
        </Button>
        {can('incident:write') && (
          <Checkbox checked={record} onChange={(e) => setRecord(e.target.checked)}>
            {t('cmd.impact.record')}
          </Checkbox>
        )}
      </Space>
      {run.isError && <Alert type="error" showIcon title={errorMessage(run.error, t)} />}
      {v && (
        <div data-testid="impact-result">
          <Row gutter={16} style={{ marginBottom: 8 }}>
            <Col>
              <Statistic
                title={t('cmd.impact.population')}
                value={v.population.total}
                suffix={t('cmd.unit.people')}
              />
            </Col>
            <Col>
              <Statistic title={t('cmd.impact.villages')} value={v.villages.length} />
            </Col>
          </Row>
          {v.population.villagesWithoutFigure > 0 && (
            <div className="cmd-muted">
              {t('cmd.impact.noFigure', { n: v.population.villagesWithoutFigure })}
            </div>
          )}
          <Collapse
            size="small"
            defaultActiveKey={['villages']}
            items={[
              {
                key: 'villages',
                label: t('cmd.impact.villageList', { n: v.villages.length }),
                children: (
                  <Table
                    size="small"
                    rowKey="code"
                    dataSource={v.villages}
                    pagination={{ pageSize: 10, hideOnSinglePage: true }}
                    columns={[
                      { title: t('cmd.impact.village'), dataIndex: 'name' },
                      { title: t('cmd.impact.township'), dataIndex: 'township' },
                      {
                        title: t('cmd.impact.population'),
                        dataIndex: 'population',
                        align: 'right',
                        render: (p: number | null) => p ?? '—',
                      },
                      {
                        title: t('cmd.impact.distance'),
                        dataIndex: 'distanceKm',
                        align: 'right',
                        render: (d: number) => `${d.toFixed(1)} km`,
                      },
                    ]}
                  />
                ),
              },
              ...GROUPS.map((g) => {
                const items = g.pick(v);
                return {
                  key: g.key,
                  label: `${t(g.label)}（${items.length}）`,
                  children: (
                    <Table<ImpactItem>
                      size="small"
                      rowKey="id"
                      dataSource={items}
                      pagination={{ pageSize: 10, hideOnSinglePage: true }}
                      columns={[
                        {
                          title: t('cmd.impact.name'),
                          dataIndex: 'name',
                          render: (n: string, i) => (
                            <>
                              {n} {i.grade && <Tag>{i.grade}</Tag>}
                            </>
                          ),
                        },
                        {
                          title: t('cmd.impact.distance'),
                          dataIndex: 'distanceKm',
                          align: 'right',
                          width: 90,
                          render: (d: number) => `${d.toFixed(1)} km`,
                        },
                      ]}
                    />
                  ),
                };
              }),
            ]}
          />
        </div>
      )}
    </div>
  );
}
