import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import type { Role } from '../access.ts';
import {
  actionsFrom,
  chainReferences,
  checkWarningAction,
  DEFAULT_SIGN_OFF_POLICY,
  nextWarningState,
  phaseOf,
  SignOffPolicySchema,
  WARNING_ACTIONS,
  WARNING_STATES,
  type WarningAction,
  type WarningActionRequest,
  type WarningState,
} from './workflow.ts';

const AUTHOR = 'u-author';
const duty = { id: 'u-duty', roles: ['duty_officer'] as Role[] };
const commander = { id: 'u-cmd', roles: ['commander'] as Role[] };
const viewer = { id: 'u-view', roles: ['viewer'] as Role[] };

const req = (over: Partial<WarningActionRequest>): WarningActionRequest => ({
  state: 'draft',
  action: 'submit',
  level: 'orange',
  authorId: AUTHOR,
  actor: { id: AUTHOR, roles: ['duty_officer'] },
  policy: DEFAULT_SIGN_OFF_POLICY,
  ...over,
});

describe('sign-off workflow (issue #5 part 3): draft → review → sign-off → published', () => {
  it('the happy path: author submits, a duty officer approves, a commander signs an orange warning', () => {
    expect(checkWarningAction(req({}))).toEqual([]);
    expect(nextWarningState('draft', 'submit')).toBe('in_review');
    expect(checkWarningAction(req({ state: 'in_review', action: 'approve', actor: duty }))).toEqual([]);
    expect(nextWarningState('in_review', 'approve')).toBe('awaiting_signoff');
    expect(checkWarningAction(req({ state: 'awaiting_signoff', action: 'sign', actor: commander }))).toEqual(
      [],
    );
    expect(nextWarningState('awaiting_signoff', 'sign')).toBe('published');
  });

  it('every (state, action) pair outside the transition table is refused, and nextWarningState throws conflict', () => {
    const allowed: Record<WarningAction, WarningState[]> = {
      submit: ['draft'],
      approve: ['in_review'],
      return: ['in_review', 'awaiting_signoff'],
      sign: ['awaiting_signoff'],
      reject: ['draft', 'in_review', 'awaiting_signoff'],
    };
    for (const action of WARNING_ACTIONS)
      for (const state of WARNING_STATES) {
        if (allowed[action].includes(state)) continue;
        const problems = checkWarningAction(req({ state, action, actor: commander, reason: '原因' }));
        expect(problems[0], `${state} ${action}`).toMatch(/^当前状态为「.+」，不能/);
        expect(() => nextWarningState(state, action)).toThrow(AppError);
      }
    expect(actionsFrom('published')).toEqual([]); // nothing edits a published warning
    expect(actionsFrom('rejected')).toEqual([]);
    expect(actionsFrom('awaiting_signoff')).toEqual(['return', 'sign', 'reject']);
  });

  it('a published message cannot be signed again (nothing leaves twice)', () => {
    expect(checkWarningAction(req({ state: 'published', action: 'sign', actor: commander }))).toEqual([
      '当前状态为「已发布」，不能签发',
    ]);
  });

  it('four-eyes: the author may not approve or sign their own warning, whatever their roles', () => {
    const selfCommander = { id: AUTHOR, roles: ['commander', 'duty_officer'] as Role[] };
    expect(checkWarningAction(req({ state: 'in_review', action: 'approve', actor: selfCommander }))).toEqual([
      '审核人不能是起草人（双人复核）',
    ]);
    expect(
      checkWarningAction(req({ state: 'awaiting_signoff', action: 'sign', actor: selfCommander })),
    ).toEqual(['签发人不能是起草人（双人复核）']);
    expect(
      checkWarningAction(
        req({ state: 'awaiting_signoff', action: 'return', actor: selfCommander, reason: '改' }),
      ),
    ).toEqual(['签发人不能是起草人（双人复核）']);
  });

  it('only the author submits; a system-made draft (authorId null) may be submitted by anyone', () => {
    expect(checkWarningAction(req({ actor: duty }))).toEqual(['只有起草人可以提交审核']);
    expect(checkWarningAction(req({ authorId: null, actor: duty }))).toEqual([]);
    // …and then anyone with a review role may approve it: no author to exclude.
    expect(
      checkWarningAction(req({ authorId: null, state: 'in_review', action: 'approve', actor: duty })),
    ).toEqual([]);
  });

  it('default policy (UNCONFIRMED): red/orange/yellow signed by a commander only, blue also by a duty officer', () => {
    for (const level of ['red', 'orange', 'yellow'] as const) {
      expect(
        checkWarningAction(req({ state: 'awaiting_signoff', action: 'sign', level, actor: duty })),
      ).toEqual([
        `${{ red: '红色', orange: '橙色', yellow: '黄色' }[level]}预警的签发需要以下角色之一：指挥长`,
      ]);
      expect(
        checkWarningAction(req({ state: 'awaiting_signoff', action: 'sign', level, actor: commander })),
      ).toEqual([]);
    }
    expect(
      checkWarningAction(req({ state: 'awaiting_signoff', action: 'sign', level: 'blue', actor: duty })),
    ).toEqual([]);
  });

  it('review needs a review role: a viewer cannot approve', () => {
    expect(checkWarningAction(req({ state: 'in_review', action: 'approve', actor: viewer }))).toEqual([
      '审核通过需要以下角色之一：值班员、指挥长',
    ]);
  });

  it('return and reject need a non-blank reason; every problem is listed at once', () => {
    expect(
      checkWarningAction(req({ state: 'in_review', action: 'return', actor: duty, reason: '  ' })),
    ).toEqual(['退回修改须填写原因']);
    expect(
      checkWarningAction(req({ state: 'in_review', action: 'return', actor: duty, reason: '区域有误' })),
    ).toEqual([]);
    expect(nextWarningState('awaiting_signoff', 'return')).toBe('draft');
    expect(checkWarningAction(req({ state: 'awaiting_signoff', action: 'reject', actor: viewer }))).toEqual([
      '橙色预警的不予发布需要以下角色之一：指挥长',
      '不予发布须填写原因',
    ]);
  });

  it('reject: the author may discard their own draft, but not once it is in review', () => {
    expect(checkWarningAction(req({ state: 'draft', action: 'reject', reason: '重复' }))).toEqual([]);
    expect(nextWarningState('draft', 'reject')).toBe('rejected');
    expect(
      checkWarningAction(
        req({
          state: 'in_review',
          action: 'reject',
          reason: '重复',
          actor: { id: AUTHOR, roles: ['duty_officer'] },
        }),
      ),
    ).toEqual(['审核人不能是起草人（双人复核）']);
  });

  it('the policy is configuration: a county may let township officers review', () => {
    const policy = SignOffPolicySchema.parse({
      reviewRoles: ['township_officer'],
      signRoles: { red: ['commander'], orange: ['commander'], yellow: ['commander'], blue: ['duty_officer'] },
    });
    const township = { id: 'u-town', roles: ['township_officer'] as Role[] };
    expect(
      checkWarningAction(req({ state: 'in_review', action: 'approve', actor: township, policy })),
    ).toEqual([]);
    expect(SignOffPolicySchema.safeParse({ reviewRoles: [], signRoles: {} }).success).toBe(false);
  });
});

describe('published-message lifecycle: phaseOf', () => {
  const expires = new Date('2026-07-01T14:00:00Z');
  const base = { msgType: 'Alert' as const, supersededAt: null, cancelledAt: null, expires };

  it('active until expiry; expired exactly at expires (CAP: not valid from that instant)', () => {
    expect(phaseOf(base, new Date(expires.getTime() - 1))).toBe('active');
    expect(phaseOf(base, expires)).toBe('expired');
  });

  it('superseded by an Update at or after its time; cancelled wins over superseded and expired', () => {
    const at = new Date('2026-07-01T05:00:00Z');
    expect(phaseOf({ ...base, supersededAt: at }, new Date(at.getTime() - 1))).toBe('active');
    expect(phaseOf({ ...base, supersededAt: at }, at)).toBe('superseded');
    expect(phaseOf({ ...base, supersededAt: at, cancelledAt: at }, expires)).toBe('cancelled');
    expect(phaseOf({ ...base, supersededAt: at }, new Date(expires.getTime() + 1))).toBe('superseded');
  });

  it('a Cancel message is itself never an active warning', () => {
    expect(phaseOf({ ...base, msgType: 'Cancel' }, new Date('2026-07-01T00:00:00Z'))).toBe('cancelled');
  });
});

describe('chainReferences: Update/Cancel reference every earlier message (CAP 1.2 §3.2.1 references)', () => {
  it('space-separated sender,identifier,sent of every earlier message, oldest first; Dates in Beijing time', () => {
    expect(
      chainReferences([
        {
          sender: '621026000000',
          identifier: '62102600000000_20260701100000_1',
          sent: '2026-07-01T10:00:00+08:00',
        },
        {
          sender: '621026000000',
          identifier: '62102600000000_20260701120000_2',
          sent: new Date('2026-07-01T04:00:00Z'),
        },
      ]),
    ).toBe(
      '621026000000,62102600000000_20260701100000_1,2026-07-01T10:00:00+08:00 ' +
        '621026000000,62102600000000_20260701120000_2,2026-07-01T12:00:00+08:00',
    );
  });

  it('an Alert (no earlier message) has none; a repeated message is listed once', () => {
    expect(chainReferences([])).toBe('');
    const m = { sender: 's', identifier: 'a', sent: '2026-07-01T10:00:00+08:00' };
    expect(chainReferences([m, m])).toBe('s,a,2026-07-01T10:00:00+08:00');
  });

  it('identifiers with a space, comma, < or &, and sent times in Z, are refused — all listed', () => {
    try {
      chainReferences([
        { sender: 'a b', identifier: 'x,y', sent: '2026-07-01T02:00:00Z' },
        { sender: 's', identifier: 'a<b&c', sent: '2026-07-01T10:00:00+08:00' },
      ]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).details?.map((d) => d.path)).toEqual([
        '0.sender',
        '0.identifier',
        '0.sent',
        '1.identifier',
      ]);
    }
  });
});
