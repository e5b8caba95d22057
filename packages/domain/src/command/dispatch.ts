/**
 * Dispatch (指挥调度, issue #6 part 7): the state of a task sent to a team, unit, township or department, and the
 * check of a supply allocation (物资调拨) against warehouse stock.
 *
 * Task states: 待查阅 → 已读 → 已反馈 → 已完成, or 已退回.
 * - `read` (查阅): the assignee opens it; 待查阅 → 已读.
 * - `feedback` (反馈): the assignee reports progress (text, photos, location); 待查阅/已读/已反馈 → 已反馈 (feedback
 *   implies it was read; more feedback may follow).
 * - `complete` (办结): the dispatcher confirms the task done; 已反馈 → 已完成 (only after feedback).
 * - `reject_feedback` (退回重办): the dispatcher returns the feedback; 已反馈 → 已读; needs a reason.
 * - `return` (退回): the assignee returns the task (not theirs, cannot do it); 待查阅/已读 → 已退回; needs a reason.
 * - `redispatch` (重新派发): the dispatcher sends a returned task again (to the same or another assignee);
 *   已退回 → 待查阅.
 *
 * Allocation: every line takes a positive quantity (at most three decimals, as stock does) of an item from a
 * warehouse; lines of the same item and warehouse add up; no warehouse may go below zero. All problems are
 * listed at once, nothing is partly allocated.
 */
import type { ErrorDetail } from '../errors.ts';
import { findSupply, fromMilli, toMilli } from '../stock.ts';

export const TASK_STATES = ['pending_read', 'read', 'feedback', 'completed', 'returned'] as const;
export type TaskState = (typeof TASK_STATES)[number];
export const TASK_STATE_LABELS: Record<TaskState, string> = {
  pending_read: '待查阅',
  read: '已读',
  feedback: '已反馈',
  completed: '已完成',
  returned: '已退回',
};

export const TASK_ACTIONS = [
  'read',
  'feedback',
  'complete',
  'reject_feedback',
  'return',
  'redispatch',
] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];
export const TASK_ACTION_LABELS: Record<TaskAction, string> = {
  read: '查阅',
  feedback: '反馈',
  complete: '办结',
  reject_feedback: '退回重办',
  return: '退回',
  redispatch: '重新派发',
};

const TRANSITIONS: Record<TaskAction, Partial<Record<TaskState, TaskState>>> = {
  read: { pending_read: 'read' },
  feedback: { pending_read: 'feedback', read: 'feedback', feedback: 'feedback' },
  complete: { feedback: 'completed' },
  reject_feedback: { feedback: 'read' },
  return: { pending_read: 'returned', read: 'returned' },
  redispatch: { returned: 'pending_read' },
};

/** Who may take each action: the assignee, or the dispatcher (anyone else with the right to command). */
const BY_ASSIGNEE: Record<TaskAction, boolean> = {
  read: true,
  feedback: true,
  complete: false,
  reject_feedback: false,
  return: true,
  redispatch: false,
};

const REASON_REQUIRED: readonly TaskAction[] = ['reject_feedback', 'return'];

export interface TaskActor {
  /** The actor is (a member of) the task's assignee. */
  isAssignee: boolean;
  reason?: string | null | undefined;
}

export type TaskTransition = { ok: true; state: TaskState } | { ok: false; problems: string[] };

/** The state after `action`, or every reason it is not allowed (in Chinese). */
export function nextTaskState(state: TaskState, action: TaskAction, actor: TaskActor): TaskTransition {
  const problems: string[] = [];
  const to = TRANSITIONS[action][state];
  if (to === undefined)
    problems.push(`任务当前为「${TASK_STATE_LABELS[state]}」，不能${TASK_ACTION_LABELS[action]}`);
  if (BY_ASSIGNEE[action] && !actor.isAssignee)
    problems.push(`只有任务承办方可以${TASK_ACTION_LABELS[action]}`);
  if (!BY_ASSIGNEE[action] && actor.isAssignee)
    problems.push(`${TASK_ACTION_LABELS[action]}须由派发方操作，承办方不能自行${TASK_ACTION_LABELS[action]}`);
  if (REASON_REQUIRED.includes(action) && !actor.reason?.trim())
    problems.push(`${TASK_ACTION_LABELS[action]}须填写原因`);
  return problems.length > 0 || to === undefined ? { ok: false, problems } : { ok: true, state: to };
}

/** The actions that may follow `state` for this side (for the UI's buttons). */
export function taskActionsFrom(state: TaskState, isAssignee: boolean): TaskAction[] {
  return TASK_ACTIONS.filter((a) => TRANSITIONS[a][state] !== undefined && BY_ASSIGNEE[a] === isAssignee);
}

/** Open and past its due time (due exactly now counts as overdue, as every deadline here). */
export function isTaskOverdue(task: { state: TaskState; dueAt: Date | null }, now: Date): boolean {
  return (
    task.dueAt !== null &&
    task.state !== 'completed' &&
    task.state !== 'returned' &&
    now.getTime() >= task.dueAt.getTime()
  );
}

// ---- supply allocation (物资调拨) ----

export interface AllocationLine {
  warehouseId: string;
  /** Supply item code (`SUPPLY_CATALOGUE`). */
  item: string;
  quantity: number;
}

export interface StockLevel {
  warehouseId: string;
  item: string;
  /** On hand now. */
  quantity: number;
}

export interface AllocationEffect {
  warehouseId: string;
  item: string;
  before: number;
  allocated: number;
  after: number;
}

export type AllocationCheck =
  { ok: true; effects: AllocationEffect[] } | { ok: false; problems: ErrorDetail[] };

/**
 * Checks an allocation against stock: every problem with its line (`lines.2.quantity`), and on success the stock
 * of each (warehouse, item) before and after — never below zero.
 */
export function checkAllocation(
  lines: readonly AllocationLine[],
  stock: readonly StockLevel[],
): AllocationCheck {
  const problems: ErrorDetail[] = [];
  if (lines.length === 0) problems.push({ path: 'lines', message: '至少需要一条调拨明细' });
  const key = (w: string, i: string) => `${w}\u0000${i}`;
  const onHand = new Map<string, number>();
  for (const s of stock)
    onHand.set(
      key(s.warehouseId, s.item),
      (onHand.get(key(s.warehouseId, s.item)) ?? 0) + toMilli(s.quantity),
    );

  const wanted = new Map<string, { milli: number; lines: number[]; warehouseId: string; item: string }>();
  lines.forEach((line, i) => {
    const at = `lines.${i}`;
    let ok = true;
    if (!line.warehouseId.trim()) {
      problems.push({ path: `${at}.warehouseId`, message: '须选择调出仓库' });
      ok = false;
    }
    if (findSupply(line.item) === undefined) {
      problems.push({ path: `${at}.item`, message: `物资 ${line.item} 不在物资目录中` });
      ok = false;
    }
    if (!Number.isFinite(line.quantity) || line.quantity <= 0) {
      problems.push({ path: `${at}.quantity`, message: '调拨数量须大于 0' });
      ok = false;
    } else if (Math.abs(line.quantity * 1000 - Math.round(line.quantity * 1000)) > 1e-6) {
      problems.push({ path: `${at}.quantity`, message: '调拨数量最多三位小数' });
      ok = false;
    }
    if (!ok) return;
    const k = key(line.warehouseId, line.item);
    const w = wanted.get(k) ?? { milli: 0, lines: [], warehouseId: line.warehouseId, item: line.item };
    w.milli += toMilli(line.quantity);
    w.lines.push(i);
    wanted.set(k, w);
  });

  const effects: AllocationEffect[] = [];
  for (const [k, w] of wanted) {
    const have = onHand.get(k) ?? 0;
    const supply = findSupply(w.item);
    const unit = supply?.unit ?? '';
    if (w.milli > have) {
      const message =
        `库存不足：仓库 ${w.warehouseId} 的${supply?.name ?? w.item}可用 ${fromMilli(have)}${unit}，` +
        `调拨 ${fromMilli(w.milli)}${unit}${w.lines.length > 1 ? `（第 ${w.lines.map((l) => l + 1).join('、')} 行合计）` : ''}`;
      for (const l of w.lines) problems.push({ path: `lines.${l}.quantity`, message });
      continue;
    }
    effects.push({
      warehouseId: w.warehouseId,
      item: w.item,
      before: fromMilli(have),
      allocated: fromMilli(w.milli),
      after: fromMilli(have - w.milli),
    });
  }
  if (problems.length > 0) {
    const line = (p: ErrorDetail) => Number(/^lines\.(\d+)/.exec(p.path)?.[1] ?? -1);
    return { ok: false, problems: problems.sort((a, b) => line(a) - line(b)) };
  }
  return { ok: true, effects };
}
