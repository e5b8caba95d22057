/**
 * The alarm workflow (issue #4 part 6): every person's action from every reachable state, allowed or refused
 * with its reason, and what the engine's transitions do to the workflow status.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from './errors.ts';
import {
  ALARM_ACTION_EVENT,
  ALARM_EVENT_LABELS,
  ALARM_PERSON_ACTIONS,
  AlarmListQuery,
  alarmActionRefusal,
  allowedAlarmActions,
  CloseAlarmRequest,
  HandleAlarmRequest,
  nextAlarmStatus,
  statusAfterTransition,
  type AlarmAction,
  type AlarmStatus,
} from './monitoring-alarms.ts';

const AT = '2026-03-02T01:00:00.000Z';

/** Every state an alarm can be in: the workflow status with the engine's clear and the acknowledgement. */
const STATES = {
  raised: { status: 'active', clearedAt: null, acknowledgedAt: null },
  escalatedAfterAck: { status: 'active', clearedAt: null, acknowledgedAt: AT },
  acknowledged: { status: 'acknowledged', clearedAt: null, acknowledgedAt: AT },
  handling: { status: 'handling', clearedAt: null, acknowledgedAt: AT },
  clearedUnseen: { status: 'cleared', clearedAt: AT, acknowledgedAt: null },
  clearedSeen: { status: 'cleared', clearedAt: AT, acknowledgedAt: AT },
  closed: { status: 'closed', clearedAt: AT, acknowledgedAt: AT },
} as const satisfies Record<
  string,
  { status: AlarmStatus; clearedAt: string | null; acknowledgedAt: string | null }
>;
type StateName = keyof typeof STATES;

const STILL = '告警仍在持续，条件解除后才能关闭';
const SEEN = '告警已确认';
const CLOSED = '告警已关闭';
const CLEARED = '告警已解除，无需再转入处置';

/** state × action → the next status, or the refusal's message. */
const TABLE: Record<StateName, Record<AlarmAction, AlarmStatus | { refused: string }>> = {
  raised: { acknowledge: 'acknowledged', handle: 'handling', close: { refused: STILL } },
  escalatedAfterAck: { acknowledge: 'acknowledged', handle: 'handling', close: { refused: STILL } },
  acknowledged: { acknowledge: { refused: SEEN }, handle: 'handling', close: { refused: STILL } },
  handling: { acknowledge: { refused: SEEN }, handle: 'handling', close: { refused: STILL } },
  // Cleared before anyone saw it: it can still be acknowledged (stays cleared), then closed.
  clearedUnseen: { acknowledge: 'cleared', handle: { refused: CLEARED }, close: 'closed' },
  clearedSeen: { acknowledge: { refused: SEEN }, handle: { refused: CLEARED }, close: 'closed' },
  closed: { acknowledge: { refused: CLOSED }, handle: { refused: CLOSED }, close: { refused: CLOSED } },
};

describe('alarm workflow (issue #4 part 6): acknowledge → handle → close only once cleared', () => {
  for (const [name, row] of Object.entries(TABLE) as [StateName, (typeof TABLE)[StateName]][])
    for (const [action, expected] of Object.entries(row) as [
      AlarmAction,
      AlarmStatus | { refused: string },
    ][])
      it(`${name} + ${action} → ${typeof expected === 'string' ? expected : `409 ${expected.refused}`}`, () => {
        const state = STATES[name];
        if (typeof expected === 'string') {
          expect(nextAlarmStatus(state, action)).toBe(expected);
          expect(alarmActionRefusal(state, action)).toBeNull();
        } else {
          let error: unknown = null;
          try {
            nextAlarmStatus(state, action);
          } catch (err) {
            error = err;
          }
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).code).toBe('conflict');
          expect((error as AppError).message).toBe(expected.refused);
          expect(alarmActionRefusal(state, action)).toBe(expected.refused);
        }
      });

  it('assign: any alarm not closed; comment: always (a note after closing belongs to the review)', () => {
    for (const name of Object.keys(STATES) as StateName[]) {
      expect(alarmActionRefusal(STATES[name], 'assign')).toBe(name === 'closed' ? CLOSED : null);
      expect(alarmActionRefusal(STATES[name], 'comment')).toBeNull();
    }
  });

  it('escalate to incident: any alarm not closed; a closed one only answers the incident it already has', () => {
    for (const name of Object.keys(STATES) as StateName[])
      expect(alarmActionRefusal(STATES[name], 'to_incident')).toBe(name === 'closed' ? CLOSED : null);
    expect(alarmActionRefusal({ ...STATES.closed, incidentId: 'i-1' }, 'to_incident')).toBeNull();
  });

  it('the buttons of each state', () => {
    expect(allowedAlarmActions(STATES.raised)).toEqual([
      'acknowledge',
      'handle',
      'assign',
      'comment',
      'to_incident',
    ]);
    expect(allowedAlarmActions(STATES.handling)).toEqual(['handle', 'assign', 'comment', 'to_incident']);
    expect(allowedAlarmActions(STATES.clearedSeen)).toEqual(['assign', 'comment', 'close', 'to_incident']);
    expect(allowedAlarmActions(STATES.closed)).toEqual(['comment']);
  });

  it('every action writes an event kind that has a label', () => {
    for (const action of ALARM_PERSON_ACTIONS)
      expect(ALARM_EVENT_LABELS[ALARM_ACTION_EVENT[action]]).toBeTruthy();
  });
});

describe("the engine's transitions and the workflow status", () => {
  const open: AlarmStatus[] = ['active', 'acknowledged', 'handling', 'cleared'];
  it('raised and escalated ask for a (new) acknowledgement: back to active', () => {
    for (const s of open) {
      expect(statusAfterTransition(s, 'raised')).toBe('active');
      expect(statusAfterTransition(s, 'escalated')).toBe('active');
    }
  });
  it('de-escalation keeps the workflow step; clearing makes any open alarm cleared, a closed one stays closed', () => {
    for (const s of open) {
      expect(statusAfterTransition(s, 'deescalated')).toBe(s);
      expect(statusAfterTransition(s, 'cleared')).toBe('cleared');
    }
    expect(statusAfterTransition('closed', 'cleared')).toBe('closed');
  });
});

describe('alarm requests', () => {
  it('the list query: comma lists of statuses and levels, each checked; newest first by default', () => {
    expect(AlarmListQuery.parse({ status: 'active, handling', level: 'red,orange' })).toMatchObject({
      status: ['active', 'handling'],
      level: ['red', 'orange'],
      sort: 'newest',
      page: 1,
      pageSize: 20,
    });
    const bad = AlarmListQuery.safeParse({ status: 'active,gone', level: 'purple', from: '2026-03-02' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path[0])).toEqual(['status', 'level', 'from']);
  });
  it('handling and closing need a note; blanks do not count', () => {
    expect(HandleAlarmRequest.safeParse({ note: '  ' }).success).toBe(false);
    expect(CloseAlarmRequest.safeParse({}).success).toBe(false);
    expect(CloseAlarmRequest.parse({ note: ' 雨停，水位回落 ' }).note).toBe('雨停，水位回落');
  });
});
