import { describe, expect, it } from 'vitest';
import {
  callBoard,
  CallResponsePolicySchema,
  callSchedule,
  DEFAULT_CALL_RESPONSE_POLICY,
  nextCallStep,
  type CallRow,
} from './call-response.ts';

const SENT = new Date('2026-07-01T02:00:00Z');
const min = (m: number) => new Date(SENT.getTime() + m * 60_000);

describe('叫应 schedule (issue #5 part 6; DEFAULT_CALL_RESPONSE_POLICY is UNCONFIRMED configuration)', () => {
  it('default: initial at 0, resend at 5 min, township leader at 10 min, county duty officer at 20 min', () => {
    expect(callSchedule(SENT)).toEqual([
      { step: 'initial', dueAt: min(0) },
      { step: 'resend', dueAt: min(5) },
      { step: 'township', dueAt: min(10) },
      { step: 'county', dueAt: min(20) },
    ]);
  });

  it('resends repeat every answerMinutes, counted from the first send', () => {
    const policy = {
      answerMinutes: 10,
      resendTimes: 2,
      escalateToTownshipAfterMinutes: 30,
      escalateToCountyAfterMinutes: 60,
    };
    expect(callSchedule(SENT, policy).map((s) => [s.step, s.dueAt.getTime() - SENT.getTime()])).toEqual([
      ['initial', 0],
      ['resend', 600_000],
      ['resend', 1_200_000],
      ['township', 1_800_000],
      ['county', 3_600_000],
    ]);
  });

  it('the policy must escalate after the last resend and reach the county after the township', () => {
    const r = CallResponsePolicySchema.safeParse({
      answerMinutes: 10,
      resendTimes: 2,
      escalateToTownshipAfterMinutes: 20,
      escalateToCountyAfterMinutes: 20,
    });
    expect(r.error?.issues.map((i) => i.message)).toEqual([
      '报乡镇领导须晚于最后一次再次叫应（第 20 分钟）',
      '报县值班室须晚于报乡镇领导',
    ]);
    expect(CallResponsePolicySchema.safeParse(DEFAULT_CALL_RESPONSE_POLICY).success).toBe(true);
  });
});

describe('nextCallStep', () => {
  const state = (steps: string[], now: Date, answeredAt: Date | null = null) => ({
    sentAt: SENT,
    steps: steps as never[],
    answeredAt,
    now,
  });

  it('after the first send: resend due exactly at 5 min, not a millisecond before', () => {
    expect(nextCallStep(state(['initial'], new Date(min(5).getTime() - 1)))).toEqual({
      step: 'resend',
      dueAt: min(5),
      isDue: false,
    });
    expect(nextCallStep(state(['initial'], min(5)))).toEqual({ step: 'resend', dueAt: min(5), isDue: true });
  });

  it('then the township leader at 10 min, the county at 20 min, then nothing more', () => {
    expect(nextCallStep(state(['initial', 'resend'], min(6)))).toEqual({
      step: 'township',
      dueAt: min(10),
      isDue: false,
    });
    expect(nextCallStep(state(['initial', 'resend', 'township'], min(20)))).toEqual({
      step: 'county',
      dueAt: min(20),
      isDue: true,
    });
    expect(nextCallStep(state(['initial', 'resend', 'township', 'county'], min(60)))).toBeNull();
  });

  it('an answer ends the chain, whenever it came', () => {
    expect(nextCallStep(state(['initial'], min(7), min(4)))).toBeNull();
    expect(nextCallStep(state(['initial', 'resend', 'township'], min(15), min(12)))).toBeNull();
  });

  it('nothing taken yet: the initial call is due at once', () => {
    expect(nextCallStep(state([], SENT))).toEqual({ step: 'initial', dueAt: SENT, isDue: true });
  });

  it('after a restart, an overdue step is due at its original time (escalation not postponed)', () => {
    expect(nextCallStep(state(['initial'], min(45)))).toEqual({ step: 'resend', dueAt: min(5), isDue: true });
  });

  it('a township escalation already taken makes the remaining resends moot (policy changed mid-chain)', () => {
    const policy = {
      answerMinutes: 5,
      resendTimes: 3,
      escalateToTownshipAfterMinutes: 30,
      escalateToCountyAfterMinutes: 40,
    };
    expect(nextCallStep(state(['initial', 'resend', 'township'], min(31)), policy)).toEqual({
      step: 'county',
      dueAt: min(40),
      isDue: false,
    });
  });

  it('resendTimes 0 goes straight to the township', () => {
    const policy = { ...DEFAULT_CALL_RESPONSE_POLICY, resendTimes: 0 };
    expect(nextCallStep(state(['initial'], min(1)), policy)).toEqual({
      step: 'township',
      dueAt: min(10),
      isDue: false,
    });
  });
});

describe('callBoard: per township, per village, answered and not', () => {
  const rows: CallRow[] = [
    {
      townshipCode: '621026101',
      townshipName: '早胜镇',
      villageCode: '621026101002',
      villageName: '二村',
      step: 'initial',
      answeredAt: min(2),
    },
    {
      townshipCode: '621026101',
      townshipName: '早胜镇',
      villageCode: '621026101001',
      villageName: '一村',
      step: 'township',
      answeredAt: null,
    },
    { townshipCode: '621026101', villageCode: '621026101001', step: 'resend', answeredAt: min(6) },
    {
      townshipCode: '621026100',
      townshipName: '新宁镇',
      villageCode: null,
      step: 'county',
      answeredAt: null,
    },
    { townshipCode: null, villageCode: null, step: 'initial', answeredAt: null },
  ];

  it('counts, the furthest step, code order, people without a place last', () => {
    const board = callBoard(rows);
    expect(board.answered).toBe(2);
    expect(board.unanswered).toBe(3);
    expect(board.townships.map((t) => [t.code, t.name, t.answered, t.unanswered, t.latestStep])).toEqual([
      ['621026100', '新宁镇', 0, 1, 'county'],
      ['621026101', '早胜镇', 2, 1, 'township'],
      [null, null, 0, 1, 'initial'],
    ]);
    expect(board.townships[1]!.villages).toEqual([
      { code: '621026101001', name: '一村', answered: 1, unanswered: 1, latestStep: 'township' },
      { code: '621026101002', name: '二村', answered: 1, unanswered: 0, latestStep: 'initial' },
    ]);
    expect(board.townships[0]!.villages).toEqual([
      { code: null, name: null, answered: 0, unanswered: 1, latestStep: 'county' },
    ]);
  });

  it('an empty list gives an empty board', () => {
    expect(callBoard([])).toEqual({ answered: 0, unanswered: 0, townships: [] });
  });
});
