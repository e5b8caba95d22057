import { describe, expect, it } from 'vitest';
import { checkAllocation, isTaskOverdue, nextTaskState, taskActionsFrom } from './dispatch.ts';

const assignee = { isAssignee: true };
const dispatcher = { isAssignee: false };

describe('task states 待查阅 → 已读 → 已反馈 → 已完成 (or 已退回), issue #6 part 7', () => {
  it('the full path: the assignee reads and reports, the dispatcher closes', () => {
    expect(nextTaskState('pending_read', 'read', assignee)).toEqual({ ok: true, state: 'read' });
    expect(nextTaskState('read', 'feedback', assignee)).toEqual({ ok: true, state: 'feedback' });
    expect(nextTaskState('feedback', 'feedback', assignee)).toEqual({ ok: true, state: 'feedback' });
    expect(nextTaskState('feedback', 'complete', dispatcher)).toEqual({ ok: true, state: 'completed' });
  });

  it('feedback straight from 待查阅 implies reading it (a phone on a weak connection sends one request)', () => {
    expect(nextTaskState('pending_read', 'feedback', assignee)).toEqual({ ok: true, state: 'feedback' });
  });

  it('退回 by the assignee needs a reason; the dispatcher re-dispatches', () => {
    expect(nextTaskState('read', 'return', { isAssignee: true, reason: '  ' })).toEqual({
      ok: false,
      problems: ['退回须填写原因'],
    });
    expect(nextTaskState('read', 'return', { isAssignee: true, reason: '不属本单位职责' })).toEqual({
      ok: true,
      state: 'returned',
    });
    expect(nextTaskState('returned', 'redispatch', dispatcher)).toEqual({ ok: true, state: 'pending_read' });
  });

  it('the dispatcher may send feedback back (退回重办) with a reason', () => {
    expect(
      nextTaskState('feedback', 'reject_feedback', { isAssignee: false, reason: '缺少现场照片' }),
    ).toEqual({
      ok: true,
      state: 'read',
    });
  });

  it('lists every problem: wrong state, wrong side, missing reason', () => {
    const r = nextTaskState('completed', 'return', dispatcher);
    expect(r).toEqual({
      ok: false,
      problems: ['任务当前为「已完成」，不能退回', '只有任务承办方可以退回', '退回须填写原因'],
    });
    expect(nextTaskState('feedback', 'complete', assignee)).toEqual({
      ok: false,
      problems: ['办结须由派发方操作，承办方不能自行办结'],
    });
    expect(nextTaskState('read', 'complete', dispatcher).ok).toBe(false);
  });

  it('offers each side its buttons', () => {
    expect(taskActionsFrom('pending_read', true)).toEqual(['read', 'feedback', 'return']);
    expect(taskActionsFrom('feedback', false)).toEqual(['complete', 'reject_feedback']);
    expect(taskActionsFrom('completed', true)).toEqual([]);
  });

  it('an open task is overdue from its due instant on', () => {
    const dueAt = new Date('2026-07-01T04:00:00Z');
    expect(isTaskOverdue({ state: 'read', dueAt }, new Date('2026-07-01T03:59:59Z'))).toBe(false);
    expect(isTaskOverdue({ state: 'read', dueAt }, dueAt)).toBe(true);
    expect(isTaskOverdue({ state: 'completed', dueAt }, new Date('2026-07-02T00:00:00Z'))).toBe(false);
    expect(isTaskOverdue({ state: 'read', dueAt: null }, new Date('2030-01-01T00:00:00Z'))).toBe(false);
  });
});

describe('supply allocation (物资调拨): never below zero, every problem listed', () => {
  const stock = [
    { warehouseId: 'w1', item: 'tent', quantity: 30 },
    { warehouseId: 'w1', item: 'drinking-water', quantity: 12.5 },
    { warehouseId: 'w2', item: 'tent', quantity: 5 },
  ];

  it('takes stock down to exactly zero, and reports before and after', () => {
    const r = checkAllocation(
      [
        { warehouseId: 'w1', item: 'tent', quantity: 20 },
        { warehouseId: 'w1', item: 'tent', quantity: 10 },
        { warehouseId: 'w1', item: 'drinking-water', quantity: 12.4 },
      ],
      stock,
    );
    expect(r).toEqual({
      ok: true,
      effects: [
        { warehouseId: 'w1', item: 'tent', before: 30, allocated: 30, after: 0 },
        { warehouseId: 'w1', item: 'drinking-water', before: 12.5, allocated: 12.4, after: 0.1 },
      ],
    });
  });

  it('refuses to go below zero, summing lines of the same item and warehouse, and lists every bad line', () => {
    const r = checkAllocation(
      [
        { warehouseId: 'w1', item: 'tent', quantity: 20 },
        { warehouseId: 'w1', item: 'tent', quantity: 11 },
        { warehouseId: 'w2', item: 'quilt', quantity: 1 },
        { warehouseId: 'w2', item: 'unicorn', quantity: 1 },
        { warehouseId: 'w2', item: 'tent', quantity: -1 },
        { warehouseId: '', item: 'tent', quantity: 0.0001 },
      ],
      stock,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.path)).toEqual([
      'lines.0.quantity',
      'lines.1.quantity',
      'lines.2.quantity',
      'lines.3.item',
      'lines.4.quantity',
      'lines.5.warehouseId',
      'lines.5.quantity',
    ]);
    expect(r.problems[0]!.message).toBe('库存不足：仓库 w1 的救灾帐篷可用 30顶，调拨 31顶（第 1、2 行合计）');
    expect(r.problems[2]!.message).toBe('库存不足：仓库 w2 的棉被可用 0床，调拨 1床');
  });

  it('needs at least one line', () => {
    expect(checkAllocation([], stock)).toEqual({
      ok: false,
      problems: [{ path: 'lines', message: '至少需要一条调拨明细' }],
    });
  });
});
