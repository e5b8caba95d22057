import { describe, expect, it } from 'vitest';
import {
  CreateStationRequest,
  deviceStatus,
  isUnitOf,
  METRIC_DEFS,
  METRICS,
  sensorProblems,
  sensorSpecOf,
  STATION_KIND_DEFS,
  STATION_KINDS,
  StationCode,
} from './monitoring-devices.ts';

const base = {
  code: 'RG-XN-0001',
  name: '新宁雨量站',
  kind: 'rain_gauge',
  regionCode: '621026100',
  lon: 107.93,
  lat: 35.5,
};

describe('metric catalogue and station kinds (issue #4 part 1)', () => {
  it('every kind required by the issue exists, and its metrics are in the catalogue', () => {
    for (const kind of STATION_KINDS)
      for (const m of STATION_KIND_DEFS[kind].metrics) expect(METRICS).toContain(m);
    // Rain gauges, water level, soil moisture, GNSS, crack, tilt, tank, gas (%LEL, ppm), seismic, weather, fire, well head.
    expect(STATION_KINDS).toHaveLength(13);
    expect(METRIC_DEFS.combustible_gas.unit).toBe('%LEL');
    expect(METRIC_DEFS.toxic_gas.unit).toBe('ppm');
    // GB/T 17742-2020 instrumental intensity takes PGA in m/s² and PGV in m/s (STANDARDS.md §7.2).
    expect([METRIC_DEFS.pga.unit, METRIC_DEFS.pgv.unit]).toEqual(['m/s²', 'm/s']);
    expect(METRIC_DEFS.rainfall.nature).toBe('increment');
  });
  it('units: canonical or a listed spelling', () => {
    expect(isUnitOf('air_temperature', '°C')).toBe(true);
    expect(isUnitOf('air_temperature', ' ℃ ')).toBe(true);
    expect(isUnitOf('pga', 'm/s2')).toBe(true);
    expect(isUnitOf('pga', 'gal')).toBe(false);
  });
});

describe('stations and sensors (issue #4 part 1)', () => {
  it('device ids are safe as an MQTT username and topic level', () => {
    for (const ok of ['RG-0001', 'wl.mlh_01', 'a12']) expect(StationCode.safeParse(ok).success).toBe(true);
    for (const bad of ['ab', 'a/b', 'a+b', 'a#b', 'a b', '-abc', 'x'.repeat(65)])
      expect(StationCode.safeParse(bad).success).toBe(false);
  });
  it('fills sensor defaults from the catalogue and the station kind', () => {
    const s = CreateStationRequest.parse({ ...base, sensors: [{ metric: 'rainfall' }] });
    expect(sensorSpecOf(s.sensors[0]!, s.kind)).toEqual({
      metric: 'rainfall',
      label: null,
      unit: 'mm',
      validMin: 0,
      validMax: 300,
      samplingSeconds: 300,
      warningStage: null,
      guaranteedStage: null,
      enabled: true,
    });
  });
  it('STANDARDS.md §8: 警戒/保证水位 only on water-level sensors, inside the valid range, 保证 ≥ 警戒', () => {
    const spec = { metric: 'water_level' as const, validMin: 900, validMax: 1000 };
    expect(sensorProblems({ ...spec, warningStage: 950, guaranteedStage: 955 })).toEqual([]);
    expect(sensorProblems({ ...spec, warningStage: 950, guaranteedStage: 940 })).toEqual([
      { path: 'guaranteedStage', message: '保证水位不应低于警戒水位' },
    ]);
    expect(sensorProblems({ ...spec, warningStage: 1100, guaranteedStage: null })[0]!.path).toBe(
      'warningStage',
    );
    expect(
      sensorProblems({
        metric: 'rainfall',
        validMin: 0,
        validMax: 300,
        warningStage: 5,
        guaranteedStage: null,
      }),
    ).toEqual([{ path: 'warningStage', message: '只有水位传感器可设警戒水位' }]);
  });
  it('lists every problem of a station at once', () => {
    const r = CreateStationRequest.safeParse({
      ...base,
      ledgerRecordId: '3f2b7a10-6a4e-4a1e-9a55-0a7b0b2d1c11',
      enterpriseId: '3f2b7a10-6a4e-4a1e-9a55-0a7b0b2d1c12',
      sensors: [{ metric: 'rainfall' }, { metric: 'rainfall', validMin: 5, validMax: 5 }],
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'enterpriseId',
      'sensors.1.metric',
      'sensors.1.validMax',
    ]);
  });
});

describe('device health from data (issue #4 part 2)', () => {
  const now = new Date('2026-03-02T01:00:00Z');
  const at = (secondsAgo: number) => new Date(now.getTime() - secondsAgo * 1000);
  const status = (lastSeenAt: Date | null, samplingSeconds: number[], enabled = true) =>
    deviceStatus({ enabled, lastSeenAt, samplingSeconds, now, intervals: 3, minSeconds: 120 });
  it('online within 3 of the shortest sampling intervals, offline after, never when silent so far', () => {
    expect(status(at(899), [300, 600])).toEqual({ status: 'online', offlineAfterSeconds: 900 });
    expect(status(at(901), [300, 600]).status).toBe('offline');
    expect(status(null, [300]).status).toBe('never');
    expect(status(at(1), [300], false).status).toBe('disabled');
  });
  it('never sooner than the minimum (fast gas detectors)', () => {
    expect(status(at(100), [10])).toEqual({ status: 'online', offlineAfterSeconds: 120 });
    expect(status(at(121), [10]).status).toBe('offline');
  });
});
