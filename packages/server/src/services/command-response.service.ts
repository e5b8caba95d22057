/**
 * The response to an incident (issue #6 parts 5 and 7): plan suggestions and activation with the HQ's 叫应,
 * dispatched tasks with their feedback, and supply allocations (调拨) out of warehouse stock.
 *
 * Every change: permission, jurisdiction (the incident's region: outside it the incident is "not found"), the
 * rows, an audit row and a timeline row in one transaction; then a CommandBus notice after commit.
 *
 * Notices to the HQ (叫应): a timeline `notification` entry, an in-app push (`call` event on the live stream) to
 * the members who have an account (matched by phone), and an SMS to every member with a phone — a
 * `command_notices` row written in the activation's transaction and sent by command/notice-sender.ts through
 * the warnings' SMS gateway; the answer link `{PUBLIC_BASE_URL}/hq-ack/:token` goes with both. The ladder
 * (command/ack-ladder.ts) resends, then escalates an unanswered call to the plan's liaison and the decider,
 * then the county duty officers. A task dispatched to someone with a phone is texted too.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import {
  ActivateRequest,
  AllocateRequest,
  AllocationStepRequest,
  AnswerAckRequest,
  AppError,
  checkAllocation,
  CreateTaskRequest,
  findSupply,
  formatBeijingIso,
  hasPermission,
  fromMilli,
  hqMembersAt,
  HqAckAnswerRequest,
  isEventTypeId,
  isTaskOverdue,
  levelHintOfGrade,
  nextCallStep,
  nextTaskState,
  PLAN_HQ_ROLES,
  notFound,
  rankPlans,
  responseLevelOfPlanLevel,
  splitPlanActions,
  allocateOut,
  TASK_ACTION_LABELS,
  TASK_ASSIGNEE_KIND_LABELS,
  TaskActionRequest,
  taskActionsFrom,
  toMilli,
  unitNamedIn,
  type AckView,
  type CommandNoticeKind,
  type CommandNoticeList,
  type CommandNoticeState,
  type Actor,
  type ActivationView,
  type AllocationView,
  type CallStep,
  type FeedbackView,
  type HqAckAnswerView,
  type HqMemberRow,
  type IncidentGrade,
  type PlanSuggestionsView,
  type ResponseLevel,
  type TaskAssigneeKind,
  type TaskDetail,
  type TaskState,
  type TaskView,
} from '@ningan/domain';
import type { CommandBus, CommandChange } from '../command/bus.ts';
import type { DbOrTx } from '../db/client.ts';
import { callTokenSecret, publicBaseUrl } from '../dissemination/context.ts';
import {
  insertNotices,
  noticesOfIncident,
  phonesOfUsers,
  uniqueRecipients,
  type NoticeRecipient,
} from '../repositories/command-notices.repository.ts';
import { saveIncidentFile } from '../repositories/incident-files.repository.ts';
import { appendTimeline } from '../repositories/incident-timeline.repository.ts';
import { getIncident, lockIncident, type IncidentRow } from '../repositories/incidents.repository.ts';
import { findOrgUnitsByNames } from '../repositories/org-units.repository.ts';
import { getLedgerRecordById, listLedgerRecords } from '../repositories/ledger.repository.ts';
import { insertMovements, lockLots, updateLot } from '../repositories/stock.repository.ts';
import { incidents } from '../db/schema/index.ts';
import { eq } from 'drizzle-orm';
import {
  acksOfActivations,
  allocationsOfIncident,
  answerAckRow,
  endRunningActivations,
  feedbackCounts,
  feedbackOf,
  getAck,
  getAckByTokenHash,
  activationsOfIncident,
  getOrgUnitBrief,
  getRegionBrief,
  getTask,
  getUserBrief,
  getUserUnit,
  insertAcks,
  insertActivation,
  insertAllocation,
  insertFeedback,
  insertTasks,
  lockAllocation,
  lockTask,
  tasksOfIncident,
  tasksOfUser,
  teamsLedBy,
  updateAllocation,
  updateTask,
  usersByPhones,
  usersOfOrgUnit,
  usersOfTownship,
  type AckRow,
  type ActivationRow,
  type AllocationRow,
  type FeedbackRow,
  type TaskRow,
} from '../repositories/command-response.repository.ts';
import {
  audit,
  ensureVisible,
  parseInput,
  rejectIfAny,
  requirePermission,
  type ServiceDeps,
} from './context.ts';

/** UNCONFIRMED default: hours a task made from a plan's 响应措施 has (no text fixes one). */
export const DEFAULT_ACTIVATION_TASK_HOURS = 2;

export interface ResponseDeps {
  bus: CommandBus;
  /** In-app push to one account's live streams (the 叫应 `call` event). */
  pushToUser(userId: string, data: unknown): number;
  /** Hours a task made from a plan's actions has (default 2, UNCONFIRMED). */
  activationTaskHours?: number;
}

const textOf = (v: unknown) => (typeof v === 'string' ? v : '');
/** `MM-DD HH:mm`, Beijing (for SMS texts). */
export const beijingShort = (d: Date) => formatBeijingIso(d).slice(5, 16).replace('T', ' ');
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const roleRank = (role: string) => {
  const i = (PLAN_HQ_ROLES as readonly string[]).indexOf(role);
  return i < 0 ? PLAN_HQ_ROLES.length : i;
};

/** 13912340001 → 139****0001 */
export const maskPhone = (p: string | null) =>
  p && p.length >= 7 ? `${p.slice(0, 3)}****${p.slice(-4)}` : p;

export const hashAckToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** The answer-link token of an ack: derived (HMAC), so a resend can carry it without the database holding it. */
export function ackTokenOf(secret: string, activationId: string, recipientKey: string): string {
  return createHmac('sha256', secret)
    .update(`ack|${activationId}|${recipientKey}`)
    .digest('base64url')
    .slice(0, 22);
}

/** Steps an ack has taken, from its last step and the schedule (resends are counted by time). */
export function ackStepsTaken(
  last: CallStep,
  stepAt: Date,
  sentAt: Date,
  policy: { answerMinutes: number; resendTimes: number },
): CallStep[] {
  const steps: CallStep[] = ['initial'];
  if (last === 'initial') return steps;
  const resendsBy = (t: Date) =>
    Math.min(
      policy.resendTimes,
      Math.floor((t.getTime() - sentAt.getTime()) / (policy.answerMinutes * 60_000)),
    );
  const resends = last === 'resend' ? Math.max(1, resendsBy(stepAt)) : policy.resendTimes;
  for (let i = 0; i < resends; i++) steps.push('resend');
  if (last === 'township' || last === 'county') steps.push('township');
  if (last === 'county') steps.push('county');
  return steps;
}

interface AssigneeLookup {
  unit: () => Promise<Awaited<ReturnType<typeof getUserUnit>>>;
  teams: () => Promise<string[]>;
}

export function createCommandResponseService(deps: ServiceDeps, r: ResponseDeps) {
  const { db, clock, config } = deps;
  const taskHours = r.activationTaskHours ?? DEFAULT_ACTIVATION_TASK_HOURS;
  const policy = config.dissemination.calls;

  async function nameOf(actor: Actor): Promise<string> {
    if (actor.via === 'system' || actor.via === 'cli') return actor.username;
    return (await getUserBrief(db, actor.userId))?.displayName ?? actor.username;
  }
  const actorId = (actor: Actor) => (actor.via === 'system' || actor.via === 'cli' ? null : actor.userId);

  /** The incident if the actor may see it. @throws not_found */
  async function visibleIncident(actor: Actor, id: string): Promise<IncidentRow> {
    return ensureVisible(actor, await getIncident(db, id), '事件');
  }

  function publish(changes: Omit<CommandChange, 'at'>[]): void {
    const at = Date.now();
    r.bus.publish(changes.map((c) => ({ ...c, at })));
  }

  // ---------------------------------------------------------------------------------------------------
  // views

  function ackView(a: AckRow, now: Date): AckView {
    return {
      id: a.id,
      personName: a.personName,
      role: a.role,
      unitName: a.unitName,
      phone: maskPhone(a.phone),
      step: a.step as CallStep,
      dueAt: iso(a.dueAt),
      answeredAt: iso(a.answeredAt),
      answerChannel: a.answerChannel,
      overdue: !a.answeredAt && !!a.dueAt && a.dueAt <= now,
    };
  }

  async function activationViews(rows: ActivationRow[]): Promise<ActivationView[]> {
    const now = clock();
    const acks = await acksOfActivations(
      db,
      rows.map((a) => a.id),
    );
    const plans = new Map<string, string>();
    for (const a of rows)
      if (!plans.has(a.planId))
        plans.set(a.planId, (await getLedgerRecordById(db, a.planId))?.name ?? '（预案已删除）');
    const taskCounts = new Map<string, number>();
    for (const a of rows) {
      const tasks = await tasksOfIncident(db, a.incidentId);
      for (const t of tasks)
        if (t.activationId) taskCounts.set(t.activationId, (taskCounts.get(t.activationId) ?? 0) + 1);
    }
    return rows.map((a) => ({
      id: a.id,
      incidentId: a.incidentId,
      planId: a.planId,
      planName: plans.get(a.planId)!,
      level: a.level as ResponseLevel,
      reason: a.reason,
      decidedByName: a.decidedByName,
      decidedAt: a.decidedAt.toISOString(),
      endedAt: iso(a.endedAt),
      acks: acks
        .filter((k) => k.activationId === a.id)
        .sort((x, y) => roleRank(x.role) - roleRank(y.role) || x.personName.localeCompare(y.personName, 'zh'))
        .map((k) => ackView(k, now)),
      taskCount: taskCounts.get(a.id) ?? 0,
    }));
  }

  /** Is the actor (one of) the task's assignee? */
  /**
   * Is the actor an assignee of `t`? `who` (from `assigneeLookup`) carries the actor's unit and led teams,
   * read once for a whole list of tasks.
   */
  async function isAssigneeOf(
    actor: Actor,
    t: TaskRow,
    who: AssigneeLookup = assigneeLookup(actor),
  ): Promise<boolean> {
    if (t.assigneeUserIds.includes(actor.userId)) return true;
    const me = await who.unit();
    if (!me) return false;
    switch (t.assigneeKind as TaskAssigneeKind) {
      case 'user':
        return t.assigneeId === actor.userId;
      case 'org_unit':
        return me.orgUnitId === t.assigneeId;
      case 'township':
        return me.scopeLevel === 'township' && me.scopeRegionCode === t.assigneeId;
      case 'team':
        return (await who.teams()).includes(t.assigneeId);
    }
  }

  /** The actor's unit and the teams they lead, each read at most once (on first need). */
  function assigneeLookup(actor: Actor): AssigneeLookup {
    let unit: ReturnType<AssigneeLookup['unit']> | null = null;
    let teams: Promise<string[]> | null = null;
    const lookup: AssigneeLookup = {
      unit: () => (unit ??= getUserUnit(db, actor.userId)),
      teams: () => (teams ??= lookup.unit().then((me) => (me ? teamsLedBy(db, me.phone) : []))),
    };
    return lookup;
  }

  async function taskViews(
    actor: Actor,
    rows: (TaskRow & { incidentTitle?: string })[],
    titles?: Map<string, string>,
  ): Promise<TaskView[]> {
    const now = clock();
    const counts = await feedbackCounts(
      db,
      rows.map((t) => t.id),
    );
    const canCommand = hasPermission(actor.roles, 'incident:write');
    const who = assigneeLookup(actor);
    const out: TaskView[] = [];
    for (const t of rows) {
      const assignee = await isAssigneeOf(actor, t, who);
      const state = t.state as TaskState;
      const actions = [
        ...(assignee && hasPermission(actor.roles, 'task:feedback') ? taskActionsFrom(state, true) : []),
        ...(canCommand && !assignee ? taskActionsFrom(state, false) : []),
      ];
      out.push({
        id: t.id,
        incidentId: t.incidentId,
        incidentTitle: t.incidentTitle ?? titles?.get(t.incidentId) ?? '',
        activationId: t.activationId,
        title: t.title,
        detail: t.detail,
        assigneeKind: t.assigneeKind as TaskAssigneeKind,
        assigneeId: t.assigneeId,
        assigneeName: t.assigneeName,
        state,
        dueAt: iso(t.dueAt),
        overdue: isTaskOverdue({ state, dueAt: t.dueAt }, now),
        createdByName: t.createdByName,
        createdAt: t.createdAt.toISOString(),
        updatedAt: t.updatedAt.toISOString(),
        readAt: iso(t.readAt),
        completedAt: iso(t.completedAt),
        returnedReason: t.returnedReason,
        version: t.version,
        feedbackCount: counts.get(t.id) ?? 0,
        actions,
      });
    }
    return out;
  }

  const feedbackView = (f: FeedbackRow): FeedbackView => ({
    id: f.id,
    taskId: f.taskId,
    at: f.at.toISOString(),
    actorName: f.actorName,
    text: f.text,
    photoIds: f.photoIds,
    lon: f.lon,
    lat: f.lat,
  });

  async function allocationView(a: AllocationRow): Promise<AllocationView> {
    const w = await getLedgerRecordById(db, a.warehouseId);
    const lines = (a.lines as { itemCode: string; quantity: number }[]).map((l) => {
      const s = findSupply(l.itemCode);
      return {
        itemCode: l.itemCode,
        itemName: s?.name ?? l.itemCode,
        unit: s?.unit ?? '',
        quantity: l.quantity,
      };
    });
    return {
      id: a.id,
      incidentId: a.incidentId,
      taskId: a.taskId,
      warehouseId: a.warehouseId,
      warehouseName: w?.name ?? '（储备库已删除）',
      lines,
      destination: a.destination,
      state: a.state as AllocationView['state'],
      createdByName: a.createdByName,
      createdAt: a.createdAt.toISOString(),
      shippedAt: iso(a.shippedAt),
      arrivedAt: iso(a.arrivedAt),
      note: a.note,
      voucher: a.voucher,
    };
  }

  // ---------------------------------------------------------------------------------------------------
  // assignees

  interface Assignee {
    kind: TaskAssigneeKind;
    id: string;
    name: string;
    userIds: string[];
    /** Who is texted about a task: the team's leader, else the accounts with a phone. */
    smsTo: NoticeRecipient[];
  }

  /** The accounts of `userIds` that have a phone, as SMS recipients. */
  async function accountPhones(tx: DbOrTx, userIds: string[]): Promise<NoticeRecipient[]> {
    const found = await phonesOfUsers(tx, userIds);
    return uniqueRecipients(
      userIds.map((id) => {
        const u = found.get(id);
        return u?.phone ? { key: `user:${id}`, name: u.name, phone: u.phone } : null;
      }),
    );
  }

  /** Resolves an assignee to its name and the accounts that act for it. @throws validation_failed */
  async function resolveAssignee(
    tx: DbOrTx,
    kind: TaskAssigneeKind,
    id: string,
    path: string,
  ): Promise<Assignee> {
    const bad = (message: string) => rejectIfAny([{ path, message }]);
    switch (kind) {
      case 'team': {
        const team = await getLedgerRecordById(tx, id).catch(() => null);
        if (!team || team.registry !== 'rescue-teams') bad('没有这支救援队伍');
        const attrs = team!.attrs as Record<string, unknown>;
        const phone = typeof attrs.leaderPhone === 'string' ? attrs.leaderPhone : null;
        const users = phone ? await usersByPhones(tx, [phone]) : new Map<string, string>();
        const leader =
          typeof attrs.leader === 'string' && attrs.leader ? attrs.leader : `${team!.name}负责人`;
        return {
          kind,
          id,
          name: team!.name,
          userIds: [...users.values()],
          smsTo: uniqueRecipients([phone ? { key: `team:${id}`, name: leader, phone } : null]),
        };
      }
      case 'org_unit': {
        const unit = /^[0-9a-f-]{36}$/i.test(id) ? await getOrgUnitBrief(tx, id) : null;
        if (!unit) bad('没有这个部门单位');
        const userIds = await usersOfOrgUnit(tx, id);
        return { kind, id, name: unit!.name, userIds, smsTo: await accountPhones(tx, userIds) };
      }
      case 'township': {
        const t = await getRegionBrief(tx, id);
        if (!t || t.level !== 'township') bad('没有这个乡镇');
        const userIds = await usersOfTownship(tx, id);
        return { kind, id, name: t!.name, userIds, smsTo: await accountPhones(tx, userIds) };
      }
      case 'user': {
        const u = /^[0-9a-f-]{36}$/i.test(id) ? await getUserBrief(tx, id) : null;
        if (!u || u.disabled) bad('没有这个用户');
        return { kind, id, name: u!.displayName, userIds: [id], smsTo: await accountPhones(tx, [id]) };
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------

  const service = {
    /**
     * Plans that fit the incident (event type → 适用灾种, then 专项 first), with their levels and HQ sizes.
     * @throws forbidden | not_found
     */
    async planSuggestions(actor: Actor, incidentId: string): Promise<PlanSuggestionsView> {
      requirePermission(actor, 'incident:read');
      const incident = await visibleIncident(actor, incidentId);
      const plans = await listLedgerRecords(db, 'plans');
      const township = incident.regionCode.slice(0, 9);
      const type = incident.eventType && isEventTypeId(incident.eventType) ? incident.eventType : null;
      const ranked = rankPlans(
        plans.map((p) => {
          const a = p.attrs as Record<string, unknown>;
          return {
            id: p.id,
            type: textOf(a.type),
            hazardTypes: (a.hazardTypes as string[] | undefined) ?? [],
            enterprise: a.type === '企业' || a.type === '现场处置',
            nearby: p.regionCode.startsWith(township),
          };
        }),
        type,
      );
      const byId = new Map(plans.map((p) => [p.id, p]));
      return {
        levelHint: levelHintOfGrade((incident.grade as IncidentGrade | null) ?? null),
        items: ranked.slice(0, 20).map((rk) => {
          const p = byId.get(rk.id)!;
          const a = p.attrs as Record<string, unknown>;
          const hq = (a.hq as HqMemberRow[] | undefined) ?? [];
          const levels = (
            (a.levels as { level: string; trigger: string; actions: string }[] | undefined) ?? []
          )
            .map((l) => ({ ...l, level: responseLevelOfPlanLevel(l.level) }))
            .filter((l): l is { level: ResponseLevel; trigger: string; actions: string } => l.level !== null)
            .map((l) => ({ ...l, hqMembers: hqMembersAt(hq, l.level).length }));
          return {
            planId: p.id,
            name: p.name,
            type: textOf(a.type),
            owner: textOf(a.owner),
            hazardTypes: (a.hazardTypes as string[] | undefined) ?? [],
            score: rk.score,
            why: rk.why,
            levels,
            hqMembers: hq.length,
          };
        }),
      };
    },

    /**
     * Activates a plan at a level (启动预案): ends the running activation, sets the incident's response level and
     * status, calls (叫应) the level's HQ members, and makes the level's actions a task checklist — one
     * transaction. @throws forbidden | not_found | validation_failed (plan, level) | conflict (closed incident)
     */
    async activate(actor: Actor, incidentId: string, raw: unknown): Promise<ActivationView> {
      requirePermission(actor, 'incident:command');
      const input = parseInput(ActivateRequest, raw);
      await visibleIncident(actor, incidentId);
      const plan = await getLedgerRecordById(db, input.planId);
      if (!plan || plan.registry !== 'plans') rejectIfAny([{ path: 'planId', message: '没有这个应急预案' }]);
      const attrs = plan!.attrs as Record<string, unknown>;
      const levels =
        (attrs.levels as { level: string; trigger: string; actions: string }[] | undefined) ?? [];
      const level = levels.find((l) => responseLevelOfPlanLevel(l.level) === input.level);
      if (!level) rejectIfAny([{ path: 'level', message: `预案「${plan!.name}」没有${input.level}级响应` }]);
      const hq = hqMembersAt((attrs.hq as HqMemberRow[] | undefined) ?? [], input.level);
      const now = clock();
      const who = await nameOf(actor);
      const secret = await callTokenSecret(db, config);
      const units = [...new Set(hq.map((m) => m.unit))];
      const owner = textOf(attrs.owner).replace(/办公室$/, '');
      const orgUnits = await findOrgUnitsByNames(db, [...units, owner]);
      const unitByName = new Map(orgUnits.map((u) => [u.name, u]));
      const phoneUsers = await usersByPhones(
        db,
        hq.map((m) => m.phone),
      );
      const pushes: { userId: string; data: unknown }[] = [];
      const result = await db.transaction(async (tx) => {
        const incident = await lockIncident(tx, incidentId);
        if (!incident) throw notFound('事件');
        if (incident.status === 'closed' || incident.status === 'merged')
          throw new AppError('conflict', '事件已结束或已合并，不能启动预案');
        const ended = await endRunningActivations(tx, incidentId, now);
        const activation = await insertActivation(tx, {
          incidentId,
          planId: plan!.id,
          level: input.level,
          reason: input.reason,
          decidedById: actorId(actor),
          decidedByName: who,
          decidedAt: now,
        });
        await tx
          .update(incidents)
          .set({
            responseLevel: input.level,
            status: 'responding',
            updatedAt: now,
            version: incident.version + 1,
          })
          .where(eq(incidents.id, incidentId));
        const firstDue = nextCallStep({ sentAt: now, steps: ['initial'], answeredAt: null, now }, policy);
        const seen = new Set<string>();
        const acks = await insertAcks(
          tx,
          hq.flatMap((m) => {
            const key = phoneUsers.get(m.phone) ? `user:${phoneUsers.get(m.phone)}` : `phone:${m.phone}`;
            if (seen.has(key)) return [];
            seen.add(key);
            return [
              {
                activationId: activation.id,
                incidentId,
                recipientKey: key,
                personName: m.name,
                role: m.role,
                unitName: m.unit,
                phone: m.phone,
                userId: phoneUsers.get(m.phone) ?? null,
                step: 'initial',
                stepAt: now,
                dueAt: firstDue?.dueAt ?? null,
                tokenHash: hashAckToken(ackTokenOf(secret, activation.id, key)),
              },
            ];
          }),
        );
        const base = publicBaseUrl(config);
        const texted = await insertNotices(
          tx,
          acks.flatMap((a) => {
            const [to] = uniqueRecipients([
              { key: a.recipientKey, name: a.personName, phone: a.phone ?? '' },
            ]);
            if (!to) return [];
            return [
              {
                incidentId,
                kind: 'activation' as const,
                ref: a.id,
                ackId: a.id,
                recipient: to,
                text: `【叫应】${incident.title}：已启动《${plan!.name}》${input.level}级响应，请${a.personName}（${a.role}）收到后点击链接应答 ${base}/hq-ack/${ackTokenOf(secret, activation.id, a.recipientKey)}`,
              },
            ];
          }),
          now,
        );
        // The checklist: one task per action; owner = the member unit the line names, else the plan owner.
        const fallback = unitByName.get(owner) ?? null;
        const due = new Date(now.getTime() + taskHours * 3_600_000);
        const taskRows = [];
        for (const [i, line] of splitPlanActions(level!.actions).entries()) {
          const named = unitNamedIn(line, units);
          const unit = (named && unitByName.get(named)) || fallback;
          if (!unit) continue;
          taskRows.push({
            incidentId,
            activationId: activation.id,
            title: line.length > 200 ? `${line.slice(0, 199)}…` : line,
            detail: `${plan!.name} ${input.level}级响应措施`,
            assigneeKind: 'org_unit',
            assigneeId: unit.id,
            assigneeName: unit.name,
            assigneeUserIds: await usersOfOrgUnit(tx, unit.id),
            state: 'pending_read',
            dueAt: due,
            createdById: actorId(actor),
            createdByName: who,
            // A millisecond apart: the checklist keeps the plan's order.
            createdAt: new Date(now.getTime() + i),
            updatedAt: now,
          });
        }
        const tasks = await insertTasks(tx, taskRows);
        const entry = await appendTimeline(tx, {
          incidentId,
          at: now,
          kind: 'activation',
          actorId: actorId(actor),
          actorName: who,
          summary: `启动《${plan!.name}》${input.level}级响应：${input.reason}`,
          data: { planId: plan!.id, level: input.level, ended, acks: acks.length, tasks: tasks.length },
          refId: activation.id,
        });
        const notice = await appendTimeline(tx, {
          incidentId,
          at: now,
          kind: 'notification',
          actorId: null,
          actorName: '系统',
          summary:
            acks.length > 0
              ? `通知指挥部成员 ${acks.length} 人（短信 ${texted.length} 人，应用内 ${acks.filter((a) => a.userId).length} 人），须在 ${policy.answerMinutes} 分钟内应答`
              : `预案${input.level}级未登记指挥部成员，未发出叫应`,
          data: {
            acks: acks.map((a) => ({ id: a.id, name: a.personName, role: a.role, app: !!a.userId })),
            sms: texted.length,
          },
          refId: activation.id,
        });
        if (tasks.length)
          await appendTimeline(tx, {
            incidentId,
            at: now,
            kind: 'task',
            actorId: actorId(actor),
            actorName: who,
            summary: `按预案下达任务 ${tasks.length} 项，限 ${taskHours} 小时内反馈`,
            data: { tasks: tasks.map((t) => ({ id: t.id, title: t.title, assignee: t.assigneeName })) },
            refId: activation.id,
          });
        await audit(
          tx,
          actor,
          {
            action: 'incident.activate',
            entityType: 'incident',
            entityId: incidentId,
            regionCode: incident.regionCode,
            details: {
              activationId: activation.id,
              plan: plan!.name,
              level: input.level,
              reason: input.reason,
              ended,
              acks: acks.length,
              tasks: tasks.length,
            },
          },
          now,
        );
        for (const a of acks)
          if (a.userId)
            pushes.push({
              userId: a.userId,
              data: {
                kind: 'hq_ack',
                incidentId,
                ackId: a.id,
                text: `【叫应】${incident.title}：已启动《${plan!.name}》${input.level}级响应，请${a.personName}（${a.role}）收到后应答`,
                answerUrl: `/hq-ack/${ackTokenOf(secret, activation.id, a.recipientKey)}`,
              },
            });
        return { activation, incident, seq: notice.seq, firstSeq: entry.seq };
      });
      for (const p of pushes) r.pushToUser(p.userId, p.data);
      publish([
        {
          incidentId,
          regionCode: result.incident.regionCode,
          topic: 'activation',
          seq: result.seq,
          refId: result.activation.id,
        },
        { incidentId, regionCode: result.incident.regionCode, topic: 'incident' },
        { incidentId, regionCode: result.incident.regionCode, topic: 'task' },
      ]);
      return (await activationViews([result.activation]))[0]!;
    },

    /** The incident's activations with their acks, oldest first. @throws forbidden | not_found */
    async listActivations(actor: Actor, incidentId: string): Promise<ActivationView[]> {
      requirePermission(actor, 'incident:read');
      await visibleIncident(actor, incidentId);
      return activationViews(await activationsOfIncident(db, incidentId));
    },

    /** Views of activations (the workspace). */
    activationViews,

    /** The SMS notices about the incident (叫应, ladder, deadlines, tasks, sitreps) with their state. @throws forbidden | not_found */
    async listNotices(actor: Actor, incidentId: string): Promise<CommandNoticeList> {
      requirePermission(actor, 'incident:read');
      await visibleIncident(actor, incidentId);
      return {
        items: (await noticesOfIncident(db, incidentId)).map((n) => ({
          id: n.id,
          incidentId: n.incidentId,
          kind: n.kind as CommandNoticeKind,
          ackId: n.ackId,
          recipientName: n.recipientName,
          phone: maskPhone(n.phone) ?? '',
          text: n.text,
          state: n.state as CommandNoticeState,
          attempts: n.attempts,
          nextAttemptAt: iso(n.nextAttemptAt),
          lastError: n.lastError,
          sentAt: iso(n.sentAt),
          createdAt: n.createdAt.toISOString(),
        })),
      };
    },

    /** Answers a 叫应 by its link (no login). @throws not_found | validation_failed */
    async answerByToken(raw: unknown, ip: string | null): Promise<HqAckAnswerView> {
      const input = parseInput(HqAckAnswerRequest, raw);
      const ack = await getAckByTokenHash(db, hashAckToken(input.token));
      if (!ack) throw notFound('叫应链接');
      return answer(ack, 'link', null, null, `${ack.personName}（链接应答）`, ip);
    },

    /**
     * Answers a 叫应 in the app: the person themselves, or someone with incident:write on their behalf (with a
     * note). @throws forbidden | not_found | validation_failed
     */
    async answerAck(actor: Actor, ackId: string, raw: unknown): Promise<AckView> {
      const input = parseInput(AnswerAckRequest, raw);
      const ack = await getAck(db, ackId);
      if (!ack) throw notFound('叫应');
      await visibleIncident(actor, ack.incidentId).catch(async (err: unknown) => {
        // The person themselves may answer even outside the incident's jurisdiction.
        if (ack.userId !== actor.userId) throw err;
      });
      const self = ack.userId === actor.userId;
      if (!self) {
        requirePermission(actor, 'incident:write');
        if (!input.note) rejectIfAny([{ path: 'note', message: '代为应答须说明情况（如：电话已联系本人）' }]);
      }
      const who = await nameOf(actor);
      await answer(
        ack,
        self ? input.via : 'on_behalf',
        input.note ?? null,
        actor,
        self ? who : `${who}（代${ack.personName}应答）`,
        actor.ip ?? null,
      );
      return ackView((await getAck(db, ackId))!, clock());
    },

    /** The incident's tasks (the workspace). @throws forbidden | not_found */
    async listTasks(actor: Actor, incidentId: string): Promise<TaskView[]> {
      requirePermission(actor, 'incident:read');
      const incident = await visibleIncident(actor, incidentId);
      return taskViews(
        actor,
        await tasksOfIncident(db, incidentId),
        new Map([[incident.id, incident.title]]),
      );
    },

    /** Task views of rows (the workspace builds them in one go). */
    taskViews,

    /** Dispatches a task (下达任务). @throws forbidden | not_found | validation_failed | conflict */
    async createTask(actor: Actor, incidentId: string, raw: unknown): Promise<TaskView> {
      requirePermission(actor, 'incident:write');
      const input = parseInput(CreateTaskRequest, raw);
      await visibleIncident(actor, incidentId);
      const now = clock();
      const problems = [];
      if (input.dueAt && Date.parse(input.dueAt) <= now.getTime())
        problems.push({ path: 'dueAt', message: '完成时限须晚于现在' });
      rejectIfAny(problems);
      const who = await nameOf(actor);
      const out = await db.transaction(async (tx) => {
        const incident = await lockIncident(tx, incidentId);
        if (!incident) throw notFound('事件');
        if (incident.status === 'closed' || incident.status === 'merged')
          throw new AppError('conflict', '事件已结束或已合并，不能下达任务');
        const assignee = await resolveAssignee(tx, input.assigneeKind, input.assigneeId, 'assigneeId');
        const [task] = await insertTasks(tx, [
          {
            incidentId,
            title: input.title,
            detail: input.detail ?? null,
            assigneeKind: assignee.kind,
            assigneeId: assignee.id,
            assigneeName: assignee.name,
            assigneeUserIds: assignee.userIds,
            dueAt: input.dueAt ? new Date(input.dueAt) : null,
            createdById: actorId(actor),
            createdByName: who,
            createdAt: now,
            updatedAt: now,
          },
        ]);
        const dueText = input.dueAt ? `，请于 ${beijingShort(new Date(input.dueAt))} 前反馈` : '';
        const texted = await insertNotices(
          tx,
          assignee.smsTo.map((to) => ({
            incidentId,
            kind: 'task' as const,
            ref: task!.id,
            recipient: to,
            text: `【任务】${incident.title}：${input.title}（${assignee.name}）${dueText}。查看并反馈 ${publicBaseUrl(config)}/m/tasks/${task!.id}`,
          })),
          now,
        );
        const entry = await appendTimeline(tx, {
          incidentId,
          at: now,
          kind: 'task',
          actorId: actorId(actor),
          actorName: who,
          summary: `向${TASK_ASSIGNEE_KIND_LABELS[assignee.kind]}「${assignee.name}」下达任务：${input.title}${texted.length ? `（短信通知 ${texted.length} 人）` : ''}`,
          data: {
            assigneeKind: assignee.kind,
            assigneeId: assignee.id,
            dueAt: input.dueAt ?? null,
            sms: texted.length,
          },
          refId: task!.id,
        });
        await audit(
          tx,
          actor,
          {
            action: 'incident.task_create',
            entityType: 'incident_task',
            entityId: task!.id,
            regionCode: incident.regionCode,
            details: { incidentId, title: input.title, assignee: assignee.name, kind: assignee.kind },
          },
          now,
        );
        return { task: task!, incident, seq: entry.seq };
      });
      publish([
        { incidentId, regionCode: out.incident.regionCode, topic: 'task', seq: out.seq, refId: out.task.id },
      ]);
      return (await taskViews(actor, [{ ...out.task, incidentTitle: out.incident.title }]))[0]!;
    },

    /** Tasks assigned to me, my unit, my township, my team (the phone view). @throws forbidden */
    async myTasks(actor: Actor, state: TaskState | undefined): Promise<{ items: TaskView[] }> {
      requirePermission(actor, 'task:feedback');
      const me = await getUserUnit(db, actor.userId);
      const rows = await tasksOfUser(
        db,
        {
          userId: actor.userId,
          orgUnitId: me?.orgUnitId ?? null,
          townshipCode: me?.scopeLevel === 'township' ? me.scopeRegionCode : null,
          teamIds: await teamsLedBy(db, me?.phone ?? null),
        },
        state,
      );
      return { items: await taskViews(actor, rows) };
    },

    /** A task with its feedback: its assignee, or anyone who may read the incident. @throws not_found */
    async getTask(actor: Actor, taskId: string): Promise<TaskDetail> {
      const t = await getTask(db, taskId);
      if (!t) throw notFound('任务');
      const incident = await getIncident(db, t.incidentId);
      if (!incident) throw notFound('任务');
      const assignee = await isAssigneeOf(actor, t);
      if (!assignee) {
        requirePermission(actor, 'incident:read');
        ensureVisible(actor, incident, '任务');
      }
      const [view] = await taskViews(actor, [{ ...t, incidentTitle: incident.title }]);
      return { ...view!, feedback: (await feedbackOf(db, taskId)).map(feedbackView) };
    },

    /**
     * An action on a task (domain `nextTaskState`): the assignee reads, feeds back (text, photos, place) or
     * returns it; the dispatcher completes, rejects the feedback or redispatches. 409 when `version` is stale.
     * @throws forbidden | not_found | validation_failed | conflict
     */
    async taskAction(actor: Actor, taskId: string, raw: unknown): Promise<TaskDetail> {
      const input = parseInput(TaskActionRequest, raw);
      const first = await getTask(db, taskId);
      if (!first) throw notFound('任务');
      const incident0 = await getIncident(db, first.incidentId);
      if (!incident0) throw notFound('任务');
      const assignee = await isAssigneeOf(actor, first);
      if (assignee) requirePermission(actor, 'task:feedback');
      else {
        // Not the assignee: a dispatcher of the incident's jurisdiction (another township's officer: not found).
        if (!hasPermission(actor.roles, 'incident:read')) throw notFound('任务');
        ensureVisible(actor, incident0, '任务');
        requirePermission(actor, 'incident:write');
      }
      const problems = [];
      if (input.action === 'feedback' && !input.text?.trim())
        problems.push({ path: 'text', message: '反馈须填写情况说明' });
      if ((input.lon === undefined) !== (input.lat === undefined))
        problems.push({ path: 'lon', message: '经度和纬度须同时填写' });
      if (input.photos?.length && input.action !== 'feedback')
        problems.push({ path: 'photos', message: '只有反馈可以附照片' });
      rejectIfAny(problems);
      const now = clock();
      const who = await nameOf(actor);
      const out = await db.transaction(async (tx) => {
        const t = await lockTask(tx, taskId);
        if (!t) throw notFound('任务');
        if (t.version !== input.version)
          throw new AppError('conflict', '任务已被他人更新，请刷新后重试', {
            details: [{ path: 'version', message: `当前版本 ${t.version}` }],
          });
        const next = nextTaskState(t.state as TaskState, input.action, {
          isAssignee: assignee,
          reason: input.reason,
        });
        if (!next.ok) rejectIfAny(next.problems.map((message) => ({ path: 'action', message })));
        const to = (next as { state: TaskState }).state;
        const set: Partial<TaskRow> = { state: to, updatedAt: now, version: t.version + 1 };
        if (input.action === 'read' || (input.action === 'feedback' && !t.readAt)) set.readAt = now;
        if (input.action === 'complete') set.completedAt = now;
        if (input.action === 'return' || input.action === 'reject_feedback')
          set.returnedReason = input.reason!;
        if (input.action === 'redispatch') {
          set.returnedReason = null;
          set.readAt = null;
          if (input.assigneeKind && input.assigneeId) {
            const a = await resolveAssignee(tx, input.assigneeKind, input.assigneeId, 'assigneeId');
            Object.assign(set, {
              assigneeKind: a.kind,
              assigneeId: a.id,
              assigneeName: a.name,
              assigneeUserIds: a.userIds,
            });
          }
          if (input.dueAt) set.dueAt = new Date(input.dueAt);
        }
        let feedback: FeedbackRow | null = null;
        if (input.action === 'feedback') {
          const photoIds: string[] = [];
          for (const [i, p] of (input.photos ?? []).entries()) {
            const saved = await saveIncidentFile(tx, {
              incidentId: t.incidentId,
              fileName: p.fileName,
              contentType: p.contentType,
              content: Buffer.from(p.dataBase64, 'base64'),
              uploadedById: actorId(actor),
              uploadedByName: who,
              createdAt: now,
            }).catch((err: unknown) => {
              if (err instanceof AppError && err.details)
                throw new AppError('validation_failed', err.message, {
                  details: err.details.map((d) => ({ ...d, path: d.path.replace(/^file/, `photos.${i}`) })),
                });
              throw err;
            });
            photoIds.push(saved.id);
          }
          feedback = await insertFeedback(tx, {
            taskId,
            at: now,
            actorId: actorId(actor),
            actorName: who,
            text: input.text!.trim(),
            photoIds,
            lon: input.lon ?? null,
            lat: input.lat ?? null,
          });
        }
        const updated = await updateTask(tx, taskId, set);
        const label = TASK_ACTION_LABELS[input.action];
        const entry = await appendTimeline(tx, {
          incidentId: t.incidentId,
          at: now,
          kind: input.action === 'feedback' ? 'feedback' : 'task',
          actorId: actorId(actor),
          actorName: who,
          summary:
            input.action === 'feedback'
              ? `「${updated.assigneeName}」反馈任务「${t.title}」：${input.text!.trim().slice(0, 100)}`
              : `任务「${t.title}」${label}${input.reason ? `：${input.reason}` : ''}`,
          data: {
            action: input.action,
            from: t.state,
            to,
            photos: feedback?.photoIds.length ?? 0,
            ...(input.lon !== undefined ? { lon: input.lon, lat: input.lat } : {}),
          },
          refId: taskId,
        });
        await audit(
          tx,
          actor,
          {
            action: 'incident.task_action',
            entityType: 'incident_task',
            entityId: taskId,
            regionCode: incident0.regionCode,
            details: { action: input.action, from: t.state, to, reason: input.reason ?? null },
          },
          now,
        );
        return { seq: entry.seq };
      });
      publish([
        {
          incidentId: first.incidentId,
          regionCode: incident0.regionCode,
          topic: 'task',
          seq: out.seq,
          refId: taskId,
        },
      ]);
      return service.getTask(actor, taskId);
    },

    /** The incident's allocations (the workspace). @throws forbidden | not_found */
    async listAllocations(actor: Actor, incidentId: string): Promise<AllocationView[]> {
      requirePermission(actor, 'incident:read');
      await visibleIncident(actor, incidentId);
      return Promise.all((await allocationsOfIncident(db, incidentId)).map(allocationView));
    },

    allocationView,

    /**
     * Allocates supplies from a warehouse to the incident (调拨): a FIFO stock-out of every line under the lots'
     * row locks, never below zero; every short line listed and nothing written when any is short.
     * @throws forbidden | not_found | validation_failed
     */
    async allocate(actor: Actor, incidentId: string, raw: unknown): Promise<AllocationView> {
      requirePermission(actor, 'incident:write');
      const input = parseInput(AllocateRequest, raw);
      await visibleIncident(actor, incidentId);
      const w = await getLedgerRecordById(db, input.warehouseId);
      if (!w || w.registry !== 'warehouses' || !ensureVisibleSoft(actor, w))
        rejectIfAny([{ path: 'warehouseId', message: '没有这个物资储备库，或不在管辖范围内' }]);
      const problems = input.lines.flatMap((l, i) =>
        findSupply(l.itemCode)
          ? []
          : [{ path: `lines.${i}.itemCode`, message: `物资 ${l.itemCode} 不在物资目录中` }],
      );
      rejectIfAny(problems);
      const now = clock();
      const who = await nameOf(actor);
      const voucher = randomUUID();
      const out = await db.transaction(async (tx) => {
        const incident = await lockIncident(tx, incidentId);
        if (!incident) throw notFound('事件');
        if (incident.status === 'closed' || incident.status === 'merged')
          throw new AppError('conflict', '事件已结束或已合并，不能调拨');
        if (input.taskId) {
          const t = await getTask(tx, input.taskId);
          if (!t || t.incidentId !== incidentId)
            rejectIfAny([{ path: 'taskId', message: '不是本事件的任务' }]);
        }
        // Lock every item's lots (in item order: no two allocations lock in opposite orders), then check all lines.
        const items = [...new Set(input.lines.map((l) => l.itemCode))].sort();
        const lotsByItem = new Map<string, Awaited<ReturnType<typeof lockLots>>>();
        for (const item of items) lotsByItem.set(item, await lockLots(tx, w!.id, item));
        const check = checkAllocation(
          input.lines.map((l) => ({ warehouseId: w!.id, item: l.itemCode, quantity: l.quantity })),
          [...lotsByItem.entries()].flatMap(([item, lots]) =>
            lots.map((lot) => ({ warehouseId: w!.id, item, quantity: lot.quantity })),
          ),
        );
        if (!check.ok)
          throw new AppError('validation_failed', '库存不足或明细有误，未调拨', {
            details: check.problems.map((p) => ({
              ...p,
              message: p.message.replace(`仓库 ${w!.id} 的`, `${w!.name}的`),
            })),
          });
        const reason = `应急调拨 ${incident.title}`;
        const movements = [];
        for (const e of check.effects) {
          const supply = findSupply(e.item)!;
          const lots = lotsByItem.get(e.item)!;
          const fifo = allocateOut(lots, e.allocated, { unit: supply.unit });
          if (!fifo.ok)
            throw new AppError('validation_failed', '库存不足，未调拨', { details: fifo.problems });
          for (const a of fifo.allocations) {
            const lot = lots.find((l) => l.batch === a.batch)!;
            await updateLot(tx, lot.id, { quantity: a.after }, now);
            movements.push({
              voucher,
              warehouseId: w!.id,
              itemCode: e.item,
              batch: a.batch,
              kind: 'out' as const,
              delta: -a.quantity,
              quantityAfter: a.after,
              reason,
              destination: input.destination,
              actorId: actorId(actor),
              actorName: who,
              at: now,
              regionCode: w!.regionCode,
            });
          }
        }
        await insertMovements(tx, movements);
        const allocation = await insertAllocation(tx, {
          incidentId,
          taskId: input.taskId ?? null,
          warehouseId: w!.id,
          voucher,
          lines: input.lines,
          destination: input.destination,
          createdById: actorId(actor),
          createdByName: who,
          createdAt: now,
        });
        const text = input.lines
          .map(
            (l) =>
              `${findSupply(l.itemCode)!.name}${fromMilli(toMilli(l.quantity))}${findSupply(l.itemCode)!.unit}`,
          )
          .join('、');
        const entry = await appendTimeline(tx, {
          incidentId,
          at: now,
          kind: 'allocation',
          actorId: actorId(actor),
          actorName: who,
          summary: `从${w!.name}调拨${text}至${input.destination}`,
          data: { warehouseId: w!.id, voucher, lines: input.lines, effects: check.effects },
          refId: allocation.id,
        });
        await audit(
          tx,
          actor,
          {
            action: 'incident.allocate',
            entityType: 'incident_allocation',
            entityId: allocation.id,
            regionCode: incident.regionCode,
            details: {
              incidentId,
              warehouse: w!.name,
              voucher,
              lines: input.lines,
              destination: input.destination,
            },
          },
          now,
        );
        // The stock ledger's own trail too: the warehouse lost stock.
        await audit(
          tx,
          actor,
          {
            action: 'stock.out',
            entityType: 'warehouse',
            entityId: w!.id,
            regionCode: w!.regionCode,
            details: { voucher, reason, destination: input.destination, effects: check.effects },
          },
          now,
        );
        return { allocation, incident, seq: entry.seq };
      });
      publish([
        {
          incidentId,
          regionCode: out.incident.regionCode,
          topic: 'allocation',
          seq: out.seq,
          refId: out.allocation.id,
        },
      ]);
      return allocationView(out.allocation);
    },

    /** Marks an allocation shipped (发运) or arrived (到达). @throws forbidden | not_found | validation_failed */
    async allocationStep(
      actor: Actor,
      id: string,
      step: 'ship' | 'arrive',
      raw: unknown,
    ): Promise<AllocationView> {
      requirePermission(actor, 'incident:write');
      const input = parseInput(AllocationStepRequest, raw);
      const now = clock();
      const who = await nameOf(actor);
      const out = await db.transaction(async (tx) => {
        const a = await lockAllocation(tx, id);
        const incident = a ? await getIncident(tx, a.incidentId) : null;
        if (!a || !incident) throw notFound('调拨单');
        ensureVisible(actor, incident, '调拨单');
        const from = step === 'ship' ? 'allocated' : 'shipped';
        if (a.state !== from && !(step === 'arrive' && a.state === 'allocated'))
          rejectIfAny([
            { path: 'state', message: step === 'ship' ? '调拨单已发运或已到达' : '调拨物资已到达' },
          ]);
        const updated = await updateAllocation(tx, id, {
          state: step === 'ship' ? 'shipped' : 'arrived',
          ...(step === 'ship' ? { shippedAt: now } : { arrivedAt: now, shippedAt: a.shippedAt ?? now }),
          note: input.note ?? a.note,
        });
        const entry = await appendTimeline(tx, {
          incidentId: a.incidentId,
          at: now,
          kind: 'allocation',
          actorId: actorId(actor),
          actorName: who,
          summary: `调拨物资${step === 'ship' ? '已发运' : '已到达'}（${a.destination}）${input.note ? `：${input.note}` : ''}`,
          data: { step },
          refId: id,
        });
        await audit(
          tx,
          actor,
          {
            action: step === 'ship' ? 'incident.allocation_ship' : 'incident.allocation_arrive',
            entityType: 'incident_allocation',
            entityId: id,
            regionCode: incident.regionCode,
            details: { note: input.note ?? null },
          },
          now,
        );
        return { updated, incident, seq: entry.seq };
      });
      publish([
        {
          incidentId: out.incident.id,
          regionCode: out.incident.regionCode,
          topic: 'allocation',
          seq: out.seq,
          refId: id,
        },
      ]);
      return allocationView(out.updated);
    },
  };

  function ensureVisibleSoft(actor: Actor, w: { regionCode: string; orgUnitId: string | null }): boolean {
    try {
      ensureVisible(actor, { regionCode: w.regionCode, orgUnitId: w.orgUnitId }, '物资储备库');
      return true;
    } catch {
      return false;
    }
  }

  async function answer(
    ack: AckRow,
    channel: string,
    note: string | null,
    actor: Actor | null,
    actorName: string,
    ip: string | null,
  ): Promise<HqAckAnswerView> {
    const now = clock();
    const out = await db.transaction(async (tx) => {
      const incident = await getIncident(tx, ack.incidentId);
      const done = await answerAckRow(tx, ack.id, now, channel);
      if (!done || !incident) return null;
      const entry = await appendTimeline(tx, {
        incidentId: ack.incidentId,
        at: now,
        kind: 'ack',
        actorId: actor ? actorId(actor) : null,
        actorName,
        summary: `${ack.role}${ack.personName}（${ack.unitName ?? ''}）已应答叫应${note ? `：${note}` : ''}`,
        data: { ackId: ack.id, channel, note },
        refId: ack.activationId,
      });
      await audit(
        tx,
        actor,
        {
          action: 'incident.ack',
          entityType: 'incident_ack',
          entityId: ack.id,
          regionCode: incident.regionCode,
          actorName,
          ip,
          details: { incidentId: ack.incidentId, person: ack.personName, channel, note },
        },
        now,
      );
      return { incident, seq: entry.seq };
    });
    const incident = out?.incident ?? (await getIncident(db, ack.incidentId));
    if (out)
      publish([
        {
          incidentId: ack.incidentId,
          regionCode: out.incident.regionCode,
          topic: 'ack',
          seq: out.seq,
          refId: ack.id,
        },
      ]);
    const fresh = (await getAck(db, ack.id))!;
    return {
      incidentTitle: incident?.title ?? '',
      personName: fresh.personName,
      answeredAt: (fresh.answeredAt ?? now).toISOString(),
    };
  }

  return service;
}

export type CommandResponseService = ReturnType<typeof createCommandResponseService>;
