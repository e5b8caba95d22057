import { describe, expect, it } from 'vitest';
import type { Permission, StationView } from '@ningan/domain';
import { applyHealth, applyReadings } from '../../api/live-stream.ts';
import { actionsFor, formatValue, isUrgent, levelChipText, shouldRing } from './alarms-model.ts';

describe('告警中心 rules', () => {
  it('chips name the colour and the grade (STANDARDS.md §2.3: 红 = 一级 … 蓝 = 四级)', () => {
    expect(levelChipText('red', 'zh')).toBe('红 · 一级');
    expect(levelChipText('blue', 'zh')).toBe('蓝 · 四级');
    expect(levelChipText('orange', 'en')).toBe('Orange · II');
  });

  it('only unacknowledged red and orange alarms flash; a new or escalated one rings', () => {
    expect(isUrgent({ level: 'red', status: 'active' })).toBe(true);
    expect(isUrgent({ level: 'orange', status: 'active' })).toBe(true);
    expect(isUrgent({ level: 'yellow', status: 'active' })).toBe(false);
    expect(isUrgent({ level: 'red', status: 'acknowledged' })).toBe(false);
    expect(shouldRing({ change: 'raised', level: 'red', status: 'active' })).toBe(true);
    expect(shouldRing({ change: 'escalated', level: 'orange', status: 'active' })).toBe(true);
    expect(shouldRing({ change: 'acknowledged', level: 'red', status: 'acknowledged' })).toBe(false);
    expect(shouldRing({ change: 'raised', level: 'blue', status: 'active' })).toBe(false);
  });

  it('buttons: what the workflow allows and the user may do; escalation hidden once escalated', () => {
    const duty = (p: Permission) => p === 'alarm:handle' || p === 'incident:write';
    const dept = (p: Permission) => p === 'alarm:handle';
    const raised = { status: 'active', clearedAt: null, acknowledgedAt: null, incidentId: null } as const;
    expect(actionsFor(raised, duty)).toEqual(['acknowledge', 'handle', 'assign', 'comment', 'to_incident']);
    expect(actionsFor(raised, dept)).toEqual(['acknowledge', 'handle', 'assign', 'comment']);
    expect(actionsFor({ ...raised, incidentId: 'x' }, duty)).not.toContain('to_incident');
    const cleared = {
      ...raised,
      status: 'cleared',
      clearedAt: '2026-03-02T01:00:00Z',
      acknowledgedAt: 'x',
    } as const;
    expect(actionsFor(cleared, duty)).toEqual(['assign', 'comment', 'close', 'to_incident']);
    expect(actionsFor(raised, () => false)).toEqual([]);
  });

  it('values: two decimals at most, a dash when unknown', () => {
    expect(formatValue(62.456)).toBe('62.46');
    expect(formatValue(50)).toBe('50');
    expect(formatValue(null)).toBe('—');
  });
});

describe('live stream patches of a cached station list', () => {
  const station = {
    id: 's1',
    enabled: true,
    sensors: [{ id: 'r1', metric: 'rainfall', latest: { at: '2026-03-02T01:00:00.000Z', value: 1 } }],
    health: { status: 'offline', lastSeenAt: '2026-03-02T00:00:00.000Z', battery: 80, signal: null },
  } as unknown as StationView;
  const other: StationView = { ...station, id: 's2' };

  it('the newest reading goes into its sensor; an older one and other stations are left alone', () => {
    const [next, same] = applyReadings([station, other], {
      items: [
        { stationId: 's1', sensorId: 'r1', metric: 'rainfall', at: '2026-03-02T01:05:00.000Z', value: 2.5 },
      ],
    });
    expect(next!.sensors[0]!.latest).toEqual({ at: '2026-03-02T01:05:00.000Z', value: 2.5 });
    expect(same).toBe(other);
    const [old] = applyReadings([station], {
      items: [
        { stationId: 's1', sensorId: 'r1', metric: 'rainfall', at: '2026-03-02T00:55:00.000Z', value: 9 },
      ],
    });
    expect(old!.sensors[0]!.latest!.value).toBe(1);
  });

  it('a device heard from is online with its last-seen time; a battery not reported keeps its value', () => {
    const [next] = applyHealth([station], {
      items: [{ stationId: 's1', lastSeenAt: '2026-03-02T01:05:00.000Z', battery: null, signal: -70 }],
    });
    expect(next!.health).toMatchObject({
      status: 'online',
      lastSeenAt: '2026-03-02T01:05:00.000Z',
      battery: 80,
      signal: -70,
    });
  });
});
