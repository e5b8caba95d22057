/**
 * The sign-off workflow (签发, issue #5 part 3) and the lifecycle of a published message.
 *
 * Workflow: 草稿 draft → submit → 审核中 in_review → approve → 待签发 awaiting_signoff → sign → 已发布 published.
 * `return` sends an in-review or awaiting draft back to 草稿 with a reason; `reject` ends any unpublished
 * message as 已退回 rejected, with a reason. Nothing is published without a `sign` by a role the policy allows
 * at that level, and four-eyes holds: the reviewer and the signer are never the author.
 *
 * Who may sign at which level is local configuration (the county's 预警信息发布管理办法), not a national
 * rule: `DEFAULT_SIGN_OFF_POLICY` is UNCONFIRMED — red/orange/yellow by a commander (指挥长 / 带班领导), blue
 * also by the duty officer.
 *
 * A published message is never edited: an Update or a Cancel is a new message whose CAP `references` lists
 * every earlier message of the chain (`chainReferences`). `phaseOf` says whether a published message is still
 * in force.
 */
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { RoleSchema, ROLE_LABELS, type Role } from '../access.ts';
import { formatCapTime, parseCapTime } from './cap.ts';
import { WARNING_LEVEL_COLOURS, type WarningLevel } from './levels.ts';

export const WARNING_STATES = ['draft', 'in_review', 'awaiting_signoff', 'published', 'rejected'] as const;
export type WarningState = (typeof WARNING_STATES)[number];
export const WARNING_STATE_LABELS: Record<WarningState, string> = {
  draft: '草稿',
  in_review: '审核中',
  awaiting_signoff: '待签发',
  published: '已发布',
  rejected: '已退回',
};

export const WARNING_ACTIONS = ['submit', 'approve', 'return', 'sign', 'reject'] as const;
export type WarningAction = (typeof WARNING_ACTIONS)[number];
export const WARNING_ACTION_LABELS: Record<WarningAction, string> = {
  submit: '提交审核',
  approve: '审核通过',
  return: '退回修改',
  sign: '签发',
  reject: '不予发布',
};

/** The state each action leads to, from each state it is allowed in. */
const TRANSITIONS: Record<WarningAction, Partial<Record<WarningState, WarningState>>> = {
  submit: { draft: 'in_review' },
  approve: { in_review: 'awaiting_signoff' },
  return: { in_review: 'draft', awaiting_signoff: 'draft' },
  sign: { awaiting_signoff: 'published' },
  reject: { draft: 'rejected', in_review: 'rejected', awaiting_signoff: 'rejected' },
};

/** Actions that need a reason (退回/不予发布 原因). */
export const REASON_REQUIRED: readonly WarningAction[] = ['return', 'reject'];

export const SignOffPolicySchema = z
  .object({
    reviewRoles: z.array(RoleSchema).min(1, '至少一个审核角色'),
    signRoles: z
      .object({
        blue: z.array(RoleSchema).min(1, '至少一个签发角色'),
        yellow: z.array(RoleSchema).min(1, '至少一个签发角色'),
        orange: z.array(RoleSchema).min(1, '至少一个签发角色'),
        red: z.array(RoleSchema).min(1, '至少一个签发角色'),
      })
      .strict(),
  })
  .strict();
/** Who reviews, and who may sign at each level. */
export type SignOffPolicy = z.infer<typeof SignOffPolicySchema>;

/** UNCONFIRMED (configuration): the county's own 预警信息发布管理办法 decides who signs at which level. */
export const DEFAULT_SIGN_OFF_POLICY: SignOffPolicy = {
  reviewRoles: ['duty_officer', 'commander'],
  signRoles: {
    red: ['commander'],
    orange: ['commander'],
    yellow: ['commander'],
    blue: ['commander', 'duty_officer'],
  },
};

export interface WarningActionRequest {
  state: WarningState;
  action: WarningAction;
  level: WarningLevel;
  /** Who drafted the message; null for a draft the system made (e.g. from an alarm). */
  authorId: string | null;
  actor: { id: string; roles: readonly Role[] };
  reason?: string | null | undefined;
  policy: SignOffPolicy;
}

const roleNames = (roles: readonly Role[]) => roles.map((r) => ROLE_LABELS[r].zh).join('、');
const hasAny = (roles: readonly Role[], allowed: readonly Role[]) => roles.some((r) => allowed.includes(r));

/**
 * Every reason `actor` may not take `action` on a message in `state` (in Chinese); empty = allowed.
 *
 * - submit: by the author (anyone with the page, when the system drafted it);
 * - approve, and return while 审核中: a review role, not the author;
 * - sign, and return while 待签发: a role allowed to sign at `level`, not the author;
 * - reject: while 草稿 the author or a review role; while 审核中 a review role; while 待签发 a sign role for
 *   the level — never the author once it has left the draft;
 * - return and reject need a non-blank reason.
 */
export function checkWarningAction(req: WarningActionRequest): string[] {
  const { state, action, level, authorId, actor, policy } = req;
  const problems: string[] = [];
  const isAuthor = authorId !== null && actor.id === authorId;
  const to = TRANSITIONS[action][state];
  if (to === undefined)
    problems.push(`当前状态为「${WARNING_STATE_LABELS[state]}」，不能${WARNING_ACTION_LABELS[action]}`);

  const signRoles = policy.signRoles[level];
  const needReview = () => {
    if (!hasAny(actor.roles, policy.reviewRoles))
      problems.push(`${WARNING_ACTION_LABELS[action]}需要以下角色之一：${roleNames(policy.reviewRoles)}`);
    if (isAuthor) problems.push('审核人不能是起草人（双人复核）');
  };
  const needSign = () => {
    if (!hasAny(actor.roles, signRoles))
      problems.push(
        `${WARNING_LEVEL_COLOURS[level]}预警的${WARNING_ACTION_LABELS[action]}需要以下角色之一：${roleNames(signRoles)}`,
      );
    if (isAuthor) problems.push('签发人不能是起草人（双人复核）');
  };

  switch (action) {
    case 'submit':
      if (authorId !== null && !isAuthor) problems.push('只有起草人可以提交审核');
      break;
    case 'approve':
      needReview();
      break;
    case 'return':
      if (state === 'awaiting_signoff') needSign();
      else needReview();
      break;
    case 'sign':
      needSign();
      break;
    case 'reject':
      if (state === 'awaiting_signoff') needSign();
      else if (state === 'in_review' || !isAuthor) needReview();
      break;
  }
  if (REASON_REQUIRED.includes(action) && !req.reason?.trim())
    problems.push(`${WARNING_ACTION_LABELS[action]}须填写原因`);
  return problems;
}

/**
 * The state after `action` in `state`.
 * @throws conflict when the action is not allowed in that state (check with `checkWarningAction` first)
 */
export function nextWarningState(state: WarningState, action: WarningAction): WarningState {
  const to = TRANSITIONS[action][state];
  if (to === undefined)
    throw new AppError(
      'conflict',
      `当前状态为「${WARNING_STATE_LABELS[state]}」，不能${WARNING_ACTION_LABELS[action]}`,
    );
  return to;
}

/** The actions that may follow `state` (for the UI's buttons; roles are checked by `checkWarningAction`). */
export function actionsFrom(state: WarningState): WarningAction[] {
  return WARNING_ACTIONS.filter((a) => TRANSITIONS[a][state] !== undefined);
}

// ---------------------------------------------------------------------------------------------------
// Published messages

export const WARNING_PHASES = ['active', 'superseded', 'cancelled', 'expired'] as const;
export type WarningPhase = (typeof WARNING_PHASES)[number];
export const WARNING_PHASE_LABELS: Record<WarningPhase, string> = {
  active: '生效中',
  superseded: '已更新',
  cancelled: '已解除',
  expired: '已过期',
};

export interface PhaseInput {
  msgType: 'Alert' | 'Update' | 'Cancel';
  supersededAt: Date | null;
  cancelledAt: Date | null;
  expires: Date;
}

/**
 * Whether a published message is in force at `now`. A Cancel message, or one cancelled at or before `now`,
 * is 已解除; one replaced by an Update at or before `now` is 已更新; one whose `expires` is at or before `now`
 * is 已过期 (CAP `expires`: the information is not valid from that instant); otherwise 生效中.
 * Cancellation wins over supersession, which wins over expiry.
 */
export function phaseOf(message: PhaseInput, now: Date): WarningPhase {
  const t = now.getTime();
  if (message.msgType === 'Cancel') return 'cancelled';
  if (message.cancelledAt !== null && message.cancelledAt.getTime() <= t) return 'cancelled';
  if (message.supersededAt !== null && message.supersededAt.getTime() <= t) return 'superseded';
  if (message.expires.getTime() <= t) return 'expired';
  return 'active';
}

export interface ChainMessage {
  sender: string;
  identifier: string;
  /** CAP time string (`2026-07-01T10:00:00+08:00`) or an instant (written in Beijing time). */
  sent: string | Date;
}

/** CAP 1.2 §3.2.1: sender and identifier contain no spaces, commas or restricted characters (< and &). */
const CAP_TOKEN = /^[^\s,<&]+$/;

/**
 * The CAP `references` of an Update or Cancel: every earlier message of the chain as `sender,identifier,sent`,
 * space-separated, oldest first, each once (CAP 1.2 §3.2.1 "references"). Empty chain → '' (an Alert).
 * @throws validation_failed when a sender or identifier holds a space, comma, < or &
 */
export function chainReferences(chain: readonly ChainMessage[]): string {
  const problems: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  const parts: string[] = [];
  chain.forEach((m, i) => {
    if (!CAP_TOKEN.test(m.sender))
      problems.push({ path: `${i}.sender`, message: '发送方不能为空或含空格、逗号、< 或 &' });
    if (!CAP_TOKEN.test(m.identifier))
      problems.push({ path: `${i}.identifier`, message: '标识不能为空或含空格、逗号、< 或 &' });
    const sent = typeof m.sent === 'string' ? m.sent : formatCapTime(m.sent);
    if (parseCapTime(sent) === null)
      problems.push({
        path: `${i}.sent`,
        message: `发送时间 ${sent} 不是 CAP 时间格式（如 2026-07-01T10:00:00+08:00）`,
      });
    const ref = `${m.sender},${m.identifier},${sent}`;
    if (!seen.has(ref)) {
      seen.add(ref);
      parts.push(ref);
    }
  });
  if (problems.length) throw new AppError('validation_failed', '引用的消息有误', { details: problems });
  return parts.join(' ');
}
