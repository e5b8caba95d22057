/**
 * Labels for the monitoring closed sets of @ningan/domain: Chinese from the domain definitions (one source
 * of truth, shared with the server), English here.
 */
import {
  ALARM_LEVEL_LABELS,
  CONNECTOR_KIND_LABELS,
  DEVICE_STATUS_LABELS,
  METRIC_DEFS,
  QUARANTINE_REASON_LABELS,
  STATION_KIND_DEFS,
  type AlarmLevel,
  type ConnectorKind,
  type DeviceStatus,
  type Metric,
  type QuarantineReason,
  type StationKind,
} from '@ningan/domain';
import type { Lang } from '../../i18n/i18n.tsx';
import type { MarkerKey } from './monitoring-model.ts';

const KIND_EN: Record<StationKind, string> = {
  rain_gauge: 'Rain gauge',
  water_level: 'Water level (river/reservoir)',
  soil_moisture: 'Soil moisture',
  gnss: 'GNSS surface displacement',
  crack_meter: 'Crack meter',
  tiltmeter: 'Tiltmeter',
  tank: 'Storage tank',
  combustible_gas: 'Combustible gas detector',
  toxic_gas: 'Toxic gas detector',
  seismic: 'Strong-motion station',
  weather: 'Weather station',
  fire_camera: 'Forest fire camera (smoke/hotspot)',
  wellhead: 'Wellhead pressure',
};

const METRIC_EN: Record<Metric, string> = {
  rainfall: 'Rainfall',
  water_level: 'Water level',
  soil_moisture: 'Soil moisture',
  displacement: 'Cumulative displacement',
  crack_width: 'Crack width',
  tilt: 'Tilt',
  tank_level: 'Tank level',
  tank_temperature: 'Tank temperature',
  tank_pressure: 'Tank pressure',
  combustible_gas: 'Combustible gas',
  toxic_gas: 'Toxic gas',
  pga: 'Peak ground acceleration',
  pgv: 'Peak ground velocity',
  air_temperature: 'Air temperature',
  relative_humidity: 'Relative humidity',
  wind_speed: 'Wind speed',
  wind_direction: 'Wind direction',
  fire_hotspot: 'Smoke/hotspot confidence',
  wellhead_pressure: 'Wellhead pressure',
};

const STATUS_EN: Record<DeviceStatus, string> = {
  online: 'Online',
  offline: 'Offline',
  never: 'Never reported',
  disabled: 'Disabled',
};

const REASON_EN: Record<QuarantineReason, string> = {
  payload_too_large: 'Payload too large',
  not_json: 'Not valid UTF-8 JSON',
  bad_shape: 'Not in the agreed format',
  empty: 'No readings in the payload',
  too_many_readings: 'Too many readings in one payload',
  unknown_device: 'Device not registered',
  device_disabled: 'Device disabled',
  wrong_topic: 'Topic does not match the device',
  wrong_device: 'Device named does not match the credential or scope',
  unknown_metric: 'Device has no such metric',
  sensor_disabled: 'Sensor disabled',
  unit_mismatch: 'Unit differs from the sensor’s',
  bad_value: 'Value is not a finite number',
  out_of_range: 'Value outside the valid range',
  bad_timestamp: 'Time cannot be parsed',
  timestamp_without_zone: 'Time has no time zone',
  future_timestamp: 'Time too far in the future',
  too_old: 'Time older than the raw-data retention',
};

const CONNECTOR_KIND_EN: Record<ConnectorKind, string> = {
  http_pull: 'HTTP pull (JSON)',
  csv_drop: 'CSV file drop',
};

const ALARM_EN: Record<AlarmLevel, string> = {
  blue: 'Blue alarm (level IV)',
  yellow: 'Yellow alarm (level III)',
  orange: 'Orange alarm (level II)',
  red: 'Red alarm (level I)',
};

export function stationKindLabel(kind: StationKind, lang: Lang): string {
  return lang === 'en' ? KIND_EN[kind] : STATION_KIND_DEFS[kind].zh;
}

export function metricLabel(metric: Metric, lang: Lang): string {
  return lang === 'en' ? METRIC_EN[metric] : METRIC_DEFS[metric].zh;
}

/** A sensor's name: its own label, else the metric's. */
export function sensorName(sensor: { metric: Metric; label: string | null }, lang: Lang): string {
  return sensor.label ?? metricLabel(sensor.metric, lang);
}

export function deviceStatusLabel(status: DeviceStatus, lang: Lang): string {
  return lang === 'en' ? STATUS_EN[status] : DEVICE_STATUS_LABELS[status];
}

export function quarantineReasonLabel(reason: QuarantineReason, lang: Lang): string {
  return lang === 'en' ? REASON_EN[reason] : QUARANTINE_REASON_LABELS[reason];
}

export function connectorKindLabel(kind: ConnectorKind, lang: Lang): string {
  return lang === 'en' ? CONNECTOR_KIND_EN[kind] : CONNECTOR_KIND_LABELS[kind];
}

/** 红色告警（一级） / Red alarm (level I). */
export function alarmLevelLabel(level: AlarmLevel, lang: Lang): string {
  const zh = ALARM_LEVEL_LABELS[level];
  return lang === 'en' ? ALARM_EN[level] : `${zh.color}告警（${zh.grade}）`;
}

/** The legend's name for a marker colour. */
export function markerLabel(key: MarkerKey, lang: Lang): string {
  switch (key) {
    case 'red':
    case 'orange':
    case 'yellow':
    case 'blue':
      return alarmLevelLabel(key, lang);
    case 'online':
    case 'offline':
    case 'never':
    case 'disabled':
      return deviceStatusLabel(key, lang);
  }
}
