import { describe, expect, it } from 'vitest';
import {
  ConnectorMapping,
  CreateConnectorRequest,
  mapRecords,
  recordsOf,
  valueAt,
} from './monitoring-connectors.ts';
import { parseDevicePayload } from './monitoring-ingest.ts';

const mapping = ConnectorMapping.parse({
  items: 'data.list',
  device: 'stcd',
  ts: 'tm',
  values: { rainfall: 'drp', water_level: 'z' },
});

describe('connector field mapping (issue #4 part 2)', () => {
  it('finds the records and the fields by dot path', () => {
    const doc = { data: { list: [{ stcd: 'A', nested: { v: 1 } }] } };
    expect(recordsOf(doc, 'data.list')).toHaveLength(1);
    expect(recordsOf(doc, 'data')).toBeNull();
    expect(recordsOf([1, 2], '')).toEqual([1, 2]);
    expect(valueAt(doc, 'data.list.0.nested.v')).toBe(1);
    expect(valueAt(doc, 'data.missing.x')).toBeUndefined();
  });

  it('turns a record into the documented payload: one reading per mapped, non-empty field; Beijing time when no zone is given', () => {
    const payloads = mapRecords(
      [
        { stcd: 'WL-01', tm: '2026-03-02 09:00:00', drp: 0.5, z: '952.31' },
        { stcd: 'WL-02', tm: '2026/3/2 9:05', drp: '', z: 951 },
        { stcd: 'WL-03', tm: '2026-03-02T01:10:00Z', drp: null },
        'not a record',
      ],
      mapping,
    );
    expect(payloads).toEqual([
      {
        device: 'WL-01',
        readings: [
          { metric: 'rainfall', value: 0.5, ts: '2026-03-02T09:00:00+08:00' },
          { metric: 'water_level', value: 952.31, ts: '2026-03-02T09:00:00+08:00' },
        ],
      },
      { device: 'WL-02', readings: [{ metric: 'water_level', value: 951, ts: '2026-03-02T09:05:00+08:00' }] },
      { device: 'WL-03', readings: [] },
      'not a record',
    ]);
    // What the ingest then makes of them: the first two parse, the empty record and the string are refused.
    expect(payloads.map((p) => parseDevicePayload(p).ok)).toEqual([true, true, false, false]);
  });

  it('a value that is not a number stays as it is, so the ingest quarantines it as bad_value', () => {
    const [p] = mapRecords([{ stcd: 'A', tm: '2026-03-02 09:00', drp: '约 5 毫米' }], mapping) as {
      readings: { value: unknown }[];
    }[];
    expect(p!.readings[0]!.value).toBe('约 5 毫米');
  });

  it('validates a connector: http(s) only, known metrics, a zone like +08:00, every problem listed', () => {
    const r = CreateConnectorRequest.safeParse({
      kind: 'http_pull',
      name: '水',
      mapping: { device: 'stcd', ts: 'tm', zone: 'CST', values: { pm25: 'x' } },
      settings: { url: 'ftp://example.org/x', intervalSeconds: 5 },
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(
      ['mapping.values', 'mapping.zone', 'name', 'settings.intervalSeconds', 'settings.url'].sort(),
    );
    const drop = CreateConnectorRequest.parse({
      kind: 'csv_drop',
      name: '气象局自动站',
      mapping: { device: '站号', ts: '时间', values: { air_temperature: '气温' } },
    });
    expect(drop).toMatchObject({
      settings: { intervalSeconds: 60 },
      enabled: true,
      regionCode: null,
      mapping: { zone: '+08:00', items: '' },
    });
  });
});
