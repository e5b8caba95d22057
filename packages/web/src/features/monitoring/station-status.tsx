/** Small pieces every monitoring screen shows: the status dot and tag, battery, signal, last report. */
import { Badge, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import type { AlarmLevel, DeviceHealthView } from '@ningan/domain';
import type { LiveStatus } from '../../api/live-stream.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { markerLabel } from './monitoring-labels.ts';
import { LOW_BATTERY_PERCENT, stationMarker, type MarkerStyle } from './monitoring-model.ts';
import { STATION_FEED_INTERVAL_MS } from './use-station-feed.ts';

export function MarkerDot({ style, size = 12 }: { style: MarkerStyle; size?: number }) {
  return (
    <span
      className="marker-dot"
      style={{ width: size, height: size, background: style.fill, borderColor: style.stroke }}
      aria-hidden
    />
  );
}

/** The station's status (or alarm) as a dot and its name; `data-status` carries the key for tests. */
export function StationStatusTag({
  health,
  alarmLevel,
}: {
  health: Pick<DeviceHealthView, 'status' | 'offlineAfterSeconds'>;
  alarmLevel?: AlarmLevel | null;
}) {
  const { t, lang } = useI18n();
  const style = stationMarker(health.status, alarmLevel);
  return (
    <Tooltip title={t('monitoring.offlineAfter', { minutes: Math.round(health.offlineAfterSeconds / 60) })}>
      <Tag className="status-tag" data-status={style.key} data-testid="station-status">
        <MarkerDot style={style} size={10} />
        {markerLabel(style.key, lang)}
      </Tag>
    </Tooltip>
  );
}

export function BatteryText({ value }: { value: number | null }) {
  if (value === null) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Typography.Text type={value <= LOW_BATTERY_PERCENT ? 'danger' : undefined} className="tabular">
      {Math.round(value)}%
    </Typography.Text>
  );
}

export function SignalText({ value }: { value: number | null }) {
  if (value === null) return <Typography.Text type="secondary">—</Typography.Text>;
  return <span className="tabular">{Math.round(value)} dBm</span>;
}

export function LastSeenText({ at }: { at: string | null }) {
  const { t } = useI18n();
  if (!at) return <Typography.Text type="secondary">{t('monitoring.never')}</Typography.Text>;
  return (
    <span className="tabular" title={dayjs(at).format('YYYY-MM-DD HH:mm:ss')}>
      {dayjs(at).format('MM-DD HH:mm:ss')}
    </span>
  );
}

/** How the station picture stays current: live, or reloaded every 10 s while the stream is down. */
export function FeedFreshness({ live }: { live: LiveStatus }) {
  const { t } = useI18n();
  const open = live === 'open';
  return (
    <Tooltip
      title={
        open
          ? t('monitoring.liveHint')
          : t('monitoring.liveDown', { seconds: STATION_FEED_INTERVAL_MS / 1000 })
      }
    >
      <span data-testid="monitoring-live" data-status={live} className="feed-freshness">
        <Badge status={open ? 'success' : live === 'connecting' ? 'processing' : 'default'} />
        {open
          ? t('monitoring.live')
          : t('monitoring.refreshEvery', { seconds: STATION_FEED_INTERVAL_MS / 1000 })}
      </span>
    </Tooltip>
  );
}
