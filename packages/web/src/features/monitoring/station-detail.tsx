/**
 * One station: its details, its device health, and per sensor the latest value and a chart. Shown as a
 * drawer (`?station=<id>` on the map and the list) and as a page (`/network/stations/:id`, for links and
 * phones). The station is re-read every 10 s while shown, so health and latest values stay current. Its
 * open alarms come first, each linking to the 告警中心 (kept current by the live stream).
 */
import { Alert, Button, Descriptions, Drawer, Grid, Skeleton, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, EditOutlined, ExportOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import type { StationView } from '@ningan/domain';
import { useLiveStream } from '../../api/live-stream.ts';
import { useOrgUnit, useRegionNames } from '../../api/queries.ts';
import { useSession } from '../../auth/session.tsx';
import { errorMessage } from '../../forms/form-errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { alarmKeys, alarmsApi } from '../alarms/alarms-api.ts';
import { STATUS_COLORS, statusLabel } from '../alarms/alarms-model.ts';
import { LevelChip } from '../alarms/level-chip.tsx';
import { LinkedObject } from './linked-object.tsx';
import { monitoringApi, monitoringKeys } from './monitoring-api.ts';
import { stationKindLabel } from './monitoring-labels.ts';
import { SensorChartCard } from './sensor-chart-card.tsx';
import {
  DeleteStationButton,
  ResetSecretButton,
  useStationEditing,
  type StationEditing,
} from './station-actions.tsx';
import { BatteryText, LastSeenText, SignalText, StationStatusTag } from './station-status.tsx';
import { STATION_FEED_INTERVAL_MS } from './use-station-feed.ts';
import './monitoring.css';

export function stationPath(id: string): string {
  return `/network/stations/${encodeURIComponent(id)}`;
}

function useStation(id: string | null) {
  return useQuery({
    queryKey: monitoringKeys.station(id),
    queryFn: () => monitoringApi.getStation(id ?? ''),
    enabled: Boolean(id),
    refetchInterval: STATION_FEED_INTERVAL_MS,
  });
}

export function StationDetailContent({ station }: { station: StationView }) {
  const { t, lang } = useI18n();
  const nameOf = useRegionNames();
  const isPhone = Grid.useBreakpoint().md === false;
  const owner = useOrgUnit(station.ownerDepartmentId).data;
  const h = station.health;
  return (
    <div className="station-detail" data-testid="station-detail">
      <StationAlarms stationId={station.id} />
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('detail.health')}
      </Typography.Title>
      <Descriptions
        bordered
        size="small"
        column={isPhone ? 2 : 4}
        layout={isPhone ? 'vertical' : 'horizontal'}
        data-testid="station-health"
        items={[
          { key: 'status', label: t('monitoring.status'), children: <StationStatusTag health={h} /> },
          { key: 'lastSeen', label: t('monitoring.lastSeen'), children: <LastSeenText at={h.lastSeenAt} /> },
          { key: 'battery', label: t('monitoring.battery'), children: <BatteryText value={h.battery} /> },
          { key: 'signal', label: t('monitoring.signal'), children: <SignalText value={h.signal} /> },
        ]}
      />
      {station.quarantined > 0 && (
        <Link
          to={`/network/quarantine?station=${encodeURIComponent(station.id)}`}
          className="station-detail__quarantine"
          data-testid="station-quarantine-link"
        >
          {t('detail.quarantineLink')}（{station.quarantined}）
        </Link>
      )}

      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('detail.charts')}
      </Typography.Title>
      <div className="sensor-cards">
        {station.sensors.length === 0 && (
          <Typography.Text type="secondary">{t('stations.noReading')}</Typography.Text>
        )}
        {station.sensors.map((sensor) => (
          <SensorChartCard key={sensor.id} sensor={sensor} height={isPhone ? 180 : 220} />
        ))}
      </div>

      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('detail.info')}
      </Typography.Title>
      <Descriptions
        bordered
        size="small"
        column={isPhone ? 1 : 2}
        items={[
          { key: 'code', label: t('stations.code'), children: <span className="mono">{station.code}</span> },
          { key: 'kind', label: t('stations.kind'), children: stationKindLabel(station.kind, lang) },
          { key: 'region', label: t('stations.region'), children: nameOf(station.regionCode) },
          {
            key: 'location',
            label: t('stations.location'),
            children: (
              <span className="tabular">
                {station.lon.toFixed(6)}, {station.lat.toFixed(6)}
              </span>
            ),
          },
          {
            key: 'linked',
            label: t('stations.linked'),
            children: <LinkedObject station={station} />,
          },
          {
            key: 'owner',
            label: t('stations.owner'),
            children: owner?.name ?? station.ownerDepartmentId ?? '—',
          },
          {
            key: 'enabled',
            label: t('stations.enabled'),
            children: station.enabled ? t('common.yes') : <Tag>{t('stations.disabledTag')}</Tag>,
          },
          {
            key: 'secretSetAt',
            label: t('stations.secretSetAt'),
            children: (
              <span className="tabular">{dayjs(station.secretSetAt).format('YYYY-MM-DD HH:mm')}</span>
            ),
          },
          { key: 'note', label: t('stations.note'), children: station.note ?? '—', span: isPhone ? 1 : 2 },
        ]}
      />
    </div>
  );
}

/** How many of a station's open alarms the detail lists (worst first). */
const STATION_ALARMS_SHOWN = 5;

/** The station's open alarms (not closed), worst first, each with a link to it in the 告警中心; nothing when none. */
function StationAlarms({ stationId }: { stationId: string }) {
  const { t, lang } = useI18n();
  // The shared connection patches and refreshes every cached alarm list, this one included.
  const live = useLiveStream();
  const params = { stationId, sort: 'severity' as const, page: 1, pageSize: STATION_ALARMS_SHOWN };
  const alarms = useQuery({
    queryKey: alarmKeys.list(params),
    queryFn: () => alarmsApi.list(params),
    refetchInterval: live === 'open' ? false : STATION_FEED_INTERVAL_MS,
  });
  const items = alarms.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section className="station-alarms" data-testid="station-alarms">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('detail.alarms')}
      </Typography.Title>
      {items.map((a) => (
        <div key={a.id} className="station-alarms__item" data-testid="station-alarm" data-level={a.level}>
          <LevelChip level={a.level} />
          <Typography.Text strong>{a.ruleName}</Typography.Text>
          <Tag color={STATUS_COLORS[a.status]} data-testid="station-alarm-status">
            {statusLabel(a.status, lang)}
          </Tag>
          <Typography.Text type="secondary" className="tabular">
            {dayjs(a.levelChangedAt).format('MM-DD HH:mm')}
          </Typography.Text>
          <Link to={`/network/alarms?alarm=${encodeURIComponent(a.id)}`} data-testid="station-alarm-link">
            {t('detail.alarmLink')}
          </Link>
        </div>
      ))}
      {(alarms.data?.total ?? 0) > items.length && (
        <Link to="/network/alarms">{t('detail.alarmsMore', { count: alarms.data?.total ?? 0 })}</Link>
      )}
    </section>
  );
}

function StationActions({
  station,
  editing,
  onDeleted,
}: {
  station: StationView;
  editing: StationEditing;
  onDeleted: () => void;
}) {
  const { t } = useI18n();
  const { can } = useSession();
  if (!can('monitoring:write')) return null;
  return (
    <Space wrap>
      <Button icon={<EditOutlined />} onClick={() => editing.openEdit(station)} data-testid="station-edit">
        {t('common.edit')}
      </Button>
      <ResetSecretButton station={station} onSecret={editing.showSecret} />
      <DeleteStationButton station={station} onDeleted={onDeleted} />
    </Space>
  );
}

/** The detail as a drawer over the map or the list. */
export function StationDetailDrawer({
  id,
  onClose,
  editing,
}: {
  id: string | null;
  onClose: () => void;
  editing: StationEditing;
}) {
  const { t } = useI18n();
  const isPhone = Grid.useBreakpoint().md === false;
  const station = useStation(id);
  const s = station.data;
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={isPhone ? '100%' : 760}
      destroyOnHidden
      title={
        s ? (
          <Space size={6} wrap>
            <span data-testid="station-detail-title">{s.name}</span>
            <Link to={stationPath(s.id)} title={t('detail.openPage')} aria-label={t('detail.openPage')}>
              <ExportOutlined />
            </Link>
          </Space>
        ) : (
          t('detail.title')
        )
      }
      extra={s && !isPhone ? <StationActions station={s} editing={editing} onDeleted={onClose} /> : undefined}
    >
      {station.isPending && id && <Skeleton active />}
      {station.isError && <Alert type="error" showIcon title={errorMessage(station.error, t)} />}
      {s && isPhone && (
        <div style={{ marginBottom: 12 }}>
          <StationActions station={s} editing={editing} onDeleted={onClose} />
        </div>
      )}
      {s && <StationDetailContent station={s} />}
    </Drawer>
  );
}

/** `/network/stations/:id`: the detail as a page. */
export function StationDetailPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const station = useStation(id);
  const editing = useStationEditing();
  const s = station.data;
  return (
    <div className="admin-page">
      <div className="page-header">
        <Space size={8} wrap align="center">
          <Button
            icon={<ArrowLeftOutlined />}
            type="text"
            onClick={() => void navigate('/network/stations')}
            aria-label={t('detail.back')}
          />
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="station-detail-title">
            {s?.name ?? t('detail.title')}
          </Typography.Title>
        </Space>
        {s && (
          <div className="page-header__actions">
            <StationActions
              station={s}
              editing={editing}
              onDeleted={() => void navigate('/network/stations')}
            />
          </div>
        )}
      </div>
      {station.isPending && <Skeleton active />}
      {station.isError && <Alert type="error" showIcon title={errorMessage(station.error, t)} />}
      {s && <StationDetailContent station={s} />}
      {editing.elements}
    </div>
  );
}
