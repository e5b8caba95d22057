import { describe, expect, it } from 'vitest';
import { parseDevicePayload, type StationAlarmLevel, type StationView } from '@ningan/domain';
import {
  alarmLevelsOf,
  applyAlarmEvent,
  brokerAddress,
  compareHealth,
  countMarkers,
  defaultRegistryFor,
  inRegion,
  isLiveRange,
  MARKER_KEYS,
  markerStyleOf,
  monitoredRegistryOf,
  payloadExample,
  resolveRange,
  stationMarker,
  zonedIso,
} from './monitoring-model.ts';

describe('station marker colour', () => {
  it('shows the device status when there is no alarm', () => {
    expect(stationMarker('online').key).toBe('online');
    expect(stationMarker('offline', null).key).toBe('offline');
    expect(stationMarker('never').key).toBe('never');
    expect(stationMarker('disabled').key).toBe('disabled');
  });

  it('red and orange alarms outrank offline; yellow and blue do not (an offline alarm is stale)', () => {
    expect(stationMarker('offline', 'red').key).toBe('red');
    expect(stationMarker('offline', 'orange').key).toBe('orange');
    expect(stationMarker('offline', 'yellow').key).toBe('offline');
    expect(stationMarker('offline', 'blue').key).toBe('offline');
  });

  it('any alarm outranks online and never-seen; a disabled station shows no alarm', () => {
    for (const level of ['blue', 'yellow', 'orange', 'red'] as const) {
      expect(stationMarker('online', level).key).toBe(level);
      expect(stationMarker('never', level).key).toBe(level);
      expect(stationMarker('disabled', level).key).toBe('disabled');
    }
  });

  it('ranks the four warning levels 红 > 橙 > 黄 > 蓝 (STANDARDS.md §2.3), each in its own colour', () => {
    expect(MARKER_KEYS).toEqual([
      'red',
      'orange',
      'offline',
      'yellow',
      'blue',
      'never',
      'online',
      'disabled',
    ]);
    const fills = MARKER_KEYS.map((k) => markerStyleOf(k).fill);
    expect(new Set(fills).size).toBe(MARKER_KEYS.length);
  });

  it('counts markers per key, zero for the absent ones', () => {
    const counts = countMarkers(['online', 'online', 'offline', 'red']);
    expect(counts).toMatchObject({ online: 2, offline: 1, red: 1, never: 0, yellow: 0 });
  });
});

function station(code: string, health: Partial<StationView['health']>, quarantined = 0): StationView {
  return {
    id: code,
    code,
    name: code,
    kind: 'rain_gauge',
    regionCode: '621026100',
    lon: 108,
    lat: 35.5,
    ledgerRecordId: null,
    ledgerRegistry: null,
    ledgerRecordName: null,
    enterpriseId: null,
    enterpriseName: null,
    ownerDepartmentId: null,
    orgUnitId: null,
    note: null,
    enabled: true,
    sensors: [],
    health: {
      status: 'online',
      lastSeenAt: null,
      battery: null,
      signal: null,
      offlineAfterSeconds: 900,
      ...health,
    },
    quarantined,
    secretSetAt: '2026-03-01T00:00:00Z',
    createdAt: '2026-03-01T00:00:00Z',
    updatedAt: '2026-03-01T00:00:00Z',
  };
}

describe('device health, worst first', () => {
  it('orders offline, never seen, online, disabled', () => {
    const list = [
      station('D', { status: 'disabled' }),
      station('A', { status: 'online' }),
      station('C', { status: 'never' }),
      station('B', { status: 'offline' }),
    ];
    expect(list.sort(compareHealth).map((s) => s.code)).toEqual(['B', 'C', 'A', 'D']);
  });

  it('within a status: lower battery, then weaker signal, then more quarantined, then longer silence', () => {
    const list = [
      station('unknown-battery', { battery: null, signal: -60 }),
      station('full', { battery: 95, signal: -60 }),
      station('weak-signal', { battery: 95, signal: -110 }),
      station('low', { battery: 12, signal: -60 }),
      station('bad-payloads', { battery: 95, signal: -60 }, 7),
    ];
    expect(list.sort(compareHealth).map((s) => s.code)).toEqual([
      'low',
      'weak-signal',
      'bad-payloads',
      'full',
      'unknown-battery',
    ]);
    const silent = [
      station('recent', { status: 'offline', lastSeenAt: '2026-03-02T08:00:00Z' }),
      station('long-ago', { status: 'offline', lastSeenAt: '2026-02-20T08:00:00Z' }),
    ];
    expect(silent.sort(compareHealth).map((s) => s.code)).toEqual(['long-ago', 'recent']);
  });
});

describe('payload example for a device', () => {
  const now = Date.parse('2026-03-02T01:05:00Z');

  it('writes Beijing time with its zone', () => {
    expect(zonedIso(now, 480)).toBe('2026-03-02T09:05:00+08:00');
    expect(zonedIso(now, 0)).toBe('2026-03-02T01:05:00+00:00');
    expect(zonedIso(now, -90)).toBe('2026-03-01T23:35:00-01:30');
  });

  it('gives the documented topic and payloads that the ingest parser accepts', () => {
    const example = payloadExample({
      code: 'RG-0001',
      secret: 's3cr3t',
      sensors: [
        { metric: 'water_level', validMin: 300, validMax: 400, latest: null },
        { metric: 'rainfall', validMin: 0, validMax: 300, latest: { value: 1.5 } },
      ],
      now,
      offsetMinutes: 480,
      origin: 'http://127.0.0.1:8080',
    });
    expect(example.topic).toBe('ningan/v1/devices/RG-0001/readings');
    const single = parseDevicePayload(JSON.parse(example.single));
    expect(single.ok && single.payload.readings).toEqual([
      { index: 0, metric: 'water_level', value: 300, at: now, unit: null },
    ]);
    const batch = parseDevicePayload(JSON.parse(example.batch));
    expect(batch.ok && batch.payload.readings.map((r) => [r.metric, r.value])).toEqual([
      ['water_level', 300],
      ['rainfall', 1.5],
    ]);
    expect(batch.ok && [batch.payload.battery, batch.payload.signal, batch.payload.problems]).toEqual([
      87,
      -71,
      [],
    ]);
    expect(example.basic).toBe(`Basic ${btoa('RG-0001:s3cr3t')}`);
    expect(example.curl).toContain("'http://127.0.0.1:8080/api/v1/monitoring/ingest'");
    expect(example.curl).toContain("-u 'RG-0001:s3cr3t'");
  });
});

describe('filters and ranges', () => {
  it('matches a station to a township or village filter by code prefix', () => {
    expect(inRegion('621026100201', '621026100')).toBe(true);
    expect(inRegion('621026100201', '621026101')).toBe(false);
    expect(inRegion('621026100201', null)).toBe(true);
  });

  it('a preset ends now and keeps refreshing; a custom range refreshes only when it ends now', () => {
    const now = 1_000_000_000_000;
    expect(resolveRange({ preset: '6h' }, now)).toEqual({ from: now - 6 * 3_600_000, to: now });
    expect(isLiveRange({ preset: '30d' }, now)).toBe(true);
    expect(isLiveRange({ from: now - 5_000_000, to: now - 30_000 }, now)).toBe(true);
    expect(isLiveRange({ from: now - 5_000_000, to: now - 3_600_000 }, now)).toBe(false);
  });

  it('suggests the registry a station kind usually watches', () => {
    expect(defaultRegistryFor('gnss')).toBe('geo-hazards');
    expect(defaultRegistryFor('tank')).toBe('hazard-sources');
    expect(defaultRegistryFor('wellhead')).toBe('wells');
  });
});

describe('standing alarms on the map (live)', () => {
  const standing = (
    alarmId: string,
    stationId: string,
    level: StationAlarmLevel['level'],
    at = '2026-03-02T08:00:00.000Z',
  ): StationAlarmLevel => ({ alarmId, stationId, level, status: 'active', levelChangedAt: at });
  const event = (over: Partial<Parameters<typeof applyAlarmEvent>[1]> = {}) => ({
    id: 'a9',
    stationId: 's1',
    level: 'red' as const,
    status: 'active' as const,
    clearedAt: null,
    levelChangedAt: '2026-03-02T09:00:00.000Z',
    ...over,
  });

  it('the worst level per station colours it', () => {
    const levels = alarmLevelsOf([
      standing('a1', 's1', 'yellow'),
      standing('a2', 's1', 'orange'),
      standing('a3', 's2', 'blue'),
    ]);
    expect([...levels]).toEqual([
      ['s1', 'orange'],
      ['s2', 'blue'],
    ]);
  });

  it('a raised alarm is added worst first; an escalation replaces it; the engine’s clear removes it', () => {
    const before = [standing('a1', 's1', 'yellow'), standing('a3', 's2', 'blue')];
    const raised = applyAlarmEvent(before, event());
    expect(raised.map((l) => [l.alarmId, l.level])).toEqual([
      ['a9', 'red'],
      ['a1', 'yellow'],
      ['a3', 'blue'],
    ]);
    expect(alarmLevelsOf(raised).get('s1')).toBe('red');
    const escalated = applyAlarmEvent(before, event({ id: 'a3', stationId: 's2', level: 'orange' }));
    expect(escalated.map((l) => [l.alarmId, l.level])).toEqual([
      ['a3', 'orange'],
      ['a1', 'yellow'],
    ]);
    const acknowledged = applyAlarmEvent(raised, event({ status: 'acknowledged' }));
    expect(acknowledged.find((l) => l.alarmId === 'a9')?.status).toBe('acknowledged');
    const cleared = applyAlarmEvent(raised, event({ status: 'cleared', clearedAt: '2026-03-02T10:00:00Z' }));
    expect(cleared.map((l) => l.alarmId)).toEqual(['a1', 'a3']);
    expect(alarmLevelsOf(cleared).get('s1')).toBe('yellow');
    expect(applyAlarmEvent(before, event({ stationId: null }))).toEqual(before);
  });
});

describe('what a device installer is told', () => {
  it('the broker the server names, else the console’s host name at the broker’s real port; none when MQTT is off', () => {
    expect(brokerAddress({ url: 'mqtt://iot.example.gov.cn:21883', port: 21883 }, '10.0.0.9')).toBe(
      'mqtt://iot.example.gov.cn:21883',
    );
    expect(brokerAddress({ url: null, port: 1884 }, '10.0.0.9')).toBe('mqtt://10.0.0.9:1884');
    expect(brokerAddress({ url: null, port: 1883 }, 'fe80::1')).toBe('mqtt://[fe80::1]:1883');
    expect(brokerAddress(null, '10.0.0.9')).toBeNull();
  });

  it('the linked record’s registry as the server names it, when a station may watch that registry', () => {
    expect(monitoredRegistryOf('geo-hazards')).toBe('geo-hazards');
    expect(monitoredRegistryOf('shelters')).toBeNull();
    expect(monitoredRegistryOf(null)).toBeNull();
  });
});
