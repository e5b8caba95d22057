/**
 * Working alarms (issue #4 part 6): the list and detail in the caller's jurisdiction, and people's actions —
 * acknowledge, handle, assign, comment, close, escalate to an incident.
 *
 * The engine (alarms/runtime.ts) owns an alarm's condition (level, clearing); people own its workflow
 * (domain `nextAlarmStatus`). Each action is one transaction: the alarm row is locked (`FOR UPDATE`), the
 * workflow decides, then the row, an `alarm_events` row (who, when, why), the audit row and an outbox row
 * (`alarm.<event kind>` / `incident.created`, for the warning-dissemination work to deliver) are written
 * together. After commit the change is published on the alarm bus (the live stream). Two people acting at
 * once: the second waits for the lock, then sees the first one's status (409 if its action no longer
 * applies).
 */
import {
  AcknowledgeAlarmRequest,
  ALARM_ACTION_EVENT,
  ALARM_LEVEL_LABELS,
  ALARM_LEVELS,
  alarmActionRefusal,
  AppError,
  AssignAlarmRequest,
  CloseAlarmRequest,
  CommentAlarmRequest,
  EscalateAlarmRequest,
  HandleAlarmRequest,
  hasPermission,
  isInScope,
  nextAlarmStatus,
  notFound,
  OPEN_ALARM_STATUSES,
  ROLES,
  type Actor,
  type AlarmAssigneeView,
  type AlarmDetail,
  type AlarmListQuery,
  type AlarmPersonAction,
  type AlarmSummary,
  type AlarmView,
  type EscalateAlarmResult,
  type Page,
  type StationAlarmLevel,
} from '@ningan/domain';
import type { z } from 'zod';
import type { AlarmBus } from '../alarms/bus.ts';
import type { DbOrTx } from '../db/client.ts';
import {
  countOpenAlarms,
  findAlarms,
  findStandingStationAlarms,
  findUsersWithRoles,
  getAlarmById,
  getAlarmViews,
  getIncidentById,
  insertAlarmEvent,
  insertIncident,
  insertOutboxRow,
  listAlarmEvents,
  lockAlarm,
  scopedAlarm,
  toIncidentRef,
  updateAlarm,
  type AlarmRow,
  type IncidentRow,
} from '../repositories/alarms.repository.ts';
import { getEnterpriseById } from '../repositories/enterprises.repository.ts';
import { appendTimeline } from '../repositories/incident-timeline.repository.ts';
import { getLedgerRecordById } from '../repositories/ledger.repository.ts';
import { getStationById } from '../repositories/monitoring.repository.ts';
import { getUserById, scopeOfUser, type UserRow } from '../repositories/users.repository.ts';
import {
  audit,
  ensureVisible,
  rejectIfAny,
  requirePermission,
  zodProblems,
  type ServiceDeps,
} from './context.ts';

export interface AlarmServiceDeps {
  bus: AlarmBus;
}

const WHAT = '告警';

/** The roles that may work alarms: the only accounts an alarm can be assigned to. */
const HANDLER_ROLES = ROLES.filter((r) => hasPermission([r], 'alarm:handle'));

/** Ledger fields naming a responsible person (domain ledger/registries.ts `person(…)`), most specific first. */
const RESPONSIBLE_KEYS = ['monitor', 'responsible', 'manager'];

function parse<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) rejectIfAny(zodProblems(parsed.error));
  return parsed.data as z.infer<S>;
}

/** The account id for foreign keys (a system or CLI actor is no user row of the web). */
const userIdOf = (actor: Actor) => (actor.via === 'system' || actor.via === 'cli' ? null : actor.userId);

const digits = (phone: string | null | undefined) => (phone ?? '').replace(/\D/g, '');

/** Closer jurisdictions first: the unit's own accounts, then village, township, county. */
const SCOPE_ORDER: Record<UserRow['scopeLevel'], number> = {
  enterprise: 0,
  department: 1,
  village: 2,
  township: 3,
  county: 4,
};

export function createAlarmService(deps: ServiceDeps, a: AlarmServiceDeps) {
  const { db, clock } = deps;

  async function detailOf(id: string): Promise<AlarmDetail> {
    const [view] = await getAlarmViews(db, [id]);
    if (!view) throw notFound(WHAT);
    const { orgUnitId: _o, ownerDepartmentId: _d, ...alarm } = view;
    return { ...alarm, events: await listAlarmEvents(db, id) };
  }

  async function loadVisible(actor: Actor, id: string): Promise<AlarmRow> {
    const row = await getAlarmById(db, id);
    return ensureVisible(actor, row && scopedAlarm(row), WHAT);
  }

  /** How people are named in the alarm's history: the display name of the account. */
  async function actorName(tx: DbOrTx, actor: Actor): Promise<string> {
    const id = userIdOf(actor);
    const user = id ? await getUserById(tx, id) : null;
    return user?.displayName ?? actor.username;
  }

  /** Accounts that handle alarms and whose jurisdiction covers this one, the suggested person first. */
  async function assignees(tx: DbOrTx, alarm: AlarmRow): Promise<AlarmAssigneeView[]> {
    const record = scopedAlarm(alarm);
    const eligible = (await findUsersWithRoles(tx, HANDLER_ROLES)).filter((u) =>
      isInScope(scopeOfUser(u), record),
    );
    const suggestion = await suggest(tx, alarm, eligible);
    const rank = (u: UserRow) => (u.id === suggestion?.user.id ? -1 : SCOPE_ORDER[u.scopeLevel]);
    return [...eligible]
      .sort((x, y) => rank(x) - rank(y))
      .map((u) => ({
        userId: u.id,
        username: u.username,
        displayName: u.displayName,
        phone: u.phone,
        roles: u.roles,
        scopeLevel: u.scopeLevel,
        scopeRegionCode: u.scopeRegionCode,
        suggested: u.id === suggestion?.user.id,
        reason: u.id === suggestion?.user.id ? suggestion.reason : null,
      }));
  }

  /**
   * The responsible person of the linked object: the station's ledger record's 监测/包保/管控责任人, or the
   * monitored enterprise's 安全管理员 (matched to an account by phone, then by name; else an account of the
   * enterprise itself); failing those, the township office (乡镇应急办) of the alarm's township.
   */
  async function suggest(
    tx: DbOrTx,
    alarm: AlarmRow,
    eligible: UserRow[],
  ): Promise<{ user: UserRow; reason: string } | null> {
    const person = (name: string | null | undefined, phone: string | null | undefined) =>
      (digits(phone) && eligible.find((u) => digits(u.phone) === digits(phone))) ||
      (name?.trim() && eligible.find((u) => u.displayName === name.trim())) ||
      null;
    const station = alarm.stationId ? await getStationById(tx, alarm.stationId) : null;
    if (station?.ledgerRecordId) {
      const record = await getLedgerRecordById(tx, station.ledgerRecordId);
      const attrs = (record?.attrs ?? {}) as Record<string, unknown>;
      for (const key of RESPONSIBLE_KEYS) {
        const name = attrs[key];
        const phone = attrs[`${key}Phone`];
        const found = person(
          typeof name === 'string' ? name : null,
          typeof phone === 'string' ? phone : null,
        );
        if (found) return { user: found, reason: `监测对象责任人（${record!.name}）` };
      }
    }
    if (station?.enterpriseId) {
      const enterprise = await getEnterpriseById(tx, station.enterpriseId);
      if (enterprise) {
        const found =
          person(enterprise.safetyManager, enterprise.safetyManagerPhone) ??
          eligible.find((u) => u.scopeLevel === 'enterprise' && u.scopeOrgUnitId === enterprise.orgUnitId);
        if (found) return { user: found, reason: `企业安全管理员（${enterprise.name}）` };
      }
    }
    const townshipCode = alarm.regionCode.slice(0, 9);
    const office = eligible.find(
      (u) =>
        u.scopeLevel === 'township' &&
        u.scopeRegionCode === townshipCode &&
        u.roles.includes('township_officer'),
    );
    return office ? { user: office, reason: '乡镇应急办' } : null;
  }

  interface Decision {
    patch: Partial<AlarmRow>;
    note: string | null;
    /** Extra audit details and outbox payload fields. */
    details?: Record<string, unknown>;
  }

  /**
   * One person's action in one transaction: lock, authorise by jurisdiction, check the workflow, then the
   * row, its event, the audit row and the outbox row; publish after commit.
   */
  async function act(
    actor: Actor,
    id: string,
    action: Exclude<AlarmPersonAction, 'to_incident'>,
    decide: (tx: DbOrTx, row: AlarmRow, now: Date) => Promise<Decision> | Decision,
  ): Promise<AlarmDetail> {
    const now = clock();
    const kind = ALARM_ACTION_EVENT[action];
    const row = await db.transaction(async (tx) => {
      const locked = ensureVisible(actor, await lockAlarm(tx, id).then((r) => r && scopedAlarm(r)), WHAT);
      const refusal = alarmActionRefusal(locked, action);
      if (refusal) throw new AppError('conflict', refusal);
      const decision = await decide(tx, locked, now);
      const updated = await updateAlarm(tx, id, { ...decision.patch, updatedAt: now });
      const name = await actorName(tx, actor);
      await insertAlarmEvent(tx, {
        alarmId: id,
        at: now,
        kind,
        actorId: userIdOf(actor),
        actorName: name,
        note: decision.note,
        createdAt: now,
      });
      await audit(
        tx,
        actor,
        {
          action: `alarm.${action}`,
          entityType: 'alarm',
          entityId: id,
          regionCode: locked.regionCode,
          details: {
            rule: locked.ruleName,
            subject: locked.subject,
            level: locked.level,
            status: [locked.status, updated.status],
            note: decision.note,
            ...decision.details,
          },
        },
        now,
      );
      await insertOutboxRow(tx, {
        topic: `alarm.${kind}`,
        key: id,
        regionCode: locked.regionCode,
        payload: {
          alarmId: id,
          ruleId: locked.ruleId,
          ruleName: locked.ruleName,
          subject: locked.subject,
          stationId: locked.stationId,
          regionCode: locked.regionCode,
          level: updated.level,
          status: updated.status,
          kind,
          at: now.toISOString(),
          actor: { id: userIdOf(actor), name },
          note: decision.note,
          ...decision.details,
        },
        createdAt: now,
      });
      return updated;
    });
    a.bus.publish([{ alarmId: row.id, ruleId: row.ruleId, kind, at: now.getTime() }]);
    return detailOf(id);
  }

  /**
   * Assigns a just-raised alarm to the responsible person of its linked object (the same suggestion the
   * assign dialog offers), inside the engine's transaction: the row, an `assigned` event and an audit row
   * by "system". Nobody suitable: the alarm stays unassigned for the duty officer to assign.
   */
  async function assignOnRaise(tx: DbOrTx, alarmId: string, now: Date): Promise<void> {
    const row = await getAlarmById(tx, alarmId);
    if (!row || row.assigneeId) return;
    const suggested = (await assignees(tx, row)).find((u) => u.suggested);
    if (!suggested) return;
    await updateAlarm(tx, alarmId, { assigneeId: suggested.userId, assignedAt: now, updatedAt: now });
    const note = `自动指派：${suggested.reason ?? '责任人'}`;
    await insertAlarmEvent(tx, {
      alarmId,
      at: now,
      kind: 'assigned',
      actorId: null,
      actorName: 'system',
      note,
      createdAt: now,
    });
    await audit(
      tx,
      null,
      {
        action: 'alarm.assign',
        entityType: 'alarm',
        entityId: alarmId,
        regionCode: row.regionCode,
        actorName: 'system',
        details: {
          rule: row.ruleName,
          subject: row.subject,
          assignee: { id: suggested.userId, name: suggested.displayName, username: suggested.username },
          note,
        },
      },
      now,
    );
  }

  return {
    /** Alarms in the caller's jurisdiction (default: the open ones, newest first). */
    assignOnRaise,

    async listAlarms(actor: Actor, q: AlarmListQuery): Promise<Page<AlarmView>> {
      requirePermission(actor, 'monitoring:read');
      const { items, total } = await findAlarms(db, actor.scope, {
        page: q.page,
        pageSize: q.pageSize,
        sort: q.sort,
        q: q.q || undefined,
        statuses: q.status ?? OPEN_ALARM_STATUSES,
        levels: q.level,
        stationId: q.stationId,
        regionCode: q.regionCode,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
      });
      return { items, total, page: q.page, pageSize: q.pageSize };
    },

    /** An alarm with its history (oldest first). @throws forbidden | not_found */
    async getAlarm(actor: Actor, id: string): Promise<AlarmDetail> {
      requirePermission(actor, 'monitoring:read');
      await loadVisible(actor, id);
      return detailOf(id);
    },

    /**
     * Views of changed alarms for the live stream, each with what its jurisdiction check needs (no
     * permission check: the stream checks each subscriber's scope).
     */
    viewsForStream: (ids: readonly string[]) => getAlarmViews(db, ids),

    /** The header badge: open alarms in the caller's jurisdiction and the newest unacknowledged ones. */
    /**
     * The alarms whose condition holds of the stations in the caller's jurisdiction, worst first: the
     * colours of the 监测一张图 and the level chips of the station lists. @throws forbidden
     */
    async stationLevels(actor: Actor): Promise<StationAlarmLevel[]> {
      requirePermission(actor, 'monitoring:read');
      return findStandingStationAlarms(db, actor.scope);
    },
    async summary(actor: Actor): Promise<AlarmSummary> {
      requirePermission(actor, 'monitoring:read');
      const zero = () => ({ blue: 0, yellow: 0, orange: 0, red: 0 });
      const out: AlarmSummary = {
        open: 0,
        unacknowledged: 0,
        openByLevel: zero(),
        unacknowledgedByLevel: zero(),
        byStatus: { active: 0, acknowledged: 0, handling: 0, cleared: 0 },
        latest: [],
      };
      for (const c of await countOpenAlarms(db, actor.scope)) {
        if (c.status === 'closed' || !ALARM_LEVELS.includes(c.level)) continue;
        out.open += c.n;
        out.openByLevel[c.level] += c.n;
        out.byStatus[c.status] += c.n;
        if (c.status === 'active') {
          out.unacknowledged += c.n;
          out.unacknowledgedByLevel[c.level] += c.n;
        }
      }
      if (out.unacknowledged > 0)
        out.latest = (
          await findAlarms(db, actor.scope, {
            page: 1,
            pageSize: 5,
            sort: 'newest',
            statuses: ['active'],
          })
        ).items;
      return out;
    },

    /**
     * Who the alarm can be assigned to: accounts that handle alarms and whose jurisdiction covers it,
     * the responsible person of the linked object (or the township office) first.
     * @throws forbidden | not_found
     */
    async listAssignees(actor: Actor, id: string): Promise<AlarmAssigneeView[]> {
      requirePermission(actor, 'alarm:handle');
      return assignees(db, await loadVisible(actor, id));
    },

    /** 确认: seen by a person (an optional note). @throws forbidden | not_found | conflict */
    async acknowledge(actor: Actor, id: string, raw: unknown): Promise<AlarmDetail> {
      requirePermission(actor, 'alarm:handle');
      const input = parse(AcknowledgeAlarmRequest, raw);
      return act(actor, id, 'acknowledge', (_tx, row, now) => ({
        patch: {
          status: nextAlarmStatus(row, 'acknowledge'),
          acknowledgedAt: now,
          acknowledgedById: userIdOf(actor),
        },
        note: input.note || null,
      }));
    },

    /**
     * 转入处置: what is being done (required note); again while handling, as a progress note. Handling an
     * unacknowledged alarm acknowledges it too. @throws forbidden | not_found | conflict | validation_failed
     */
    async handle(actor: Actor, id: string, raw: unknown): Promise<AlarmDetail> {
      requirePermission(actor, 'alarm:handle');
      const input = parse(HandleAlarmRequest, raw);
      return act(actor, id, 'handle', (_tx, row, now) => ({
        patch: {
          status: nextAlarmStatus(row, 'handle'),
          handlingAt: row.status === 'handling' ? row.handlingAt : now,
          handlingById: row.status === 'handling' ? row.handlingById : userIdOf(actor),
          ...(row.status === 'active' ? { acknowledgedAt: now, acknowledgedById: userIdOf(actor) } : {}),
        },
        note: input.note,
      }));
    },

    /**
     * 指派: to an account that handles alarms within the alarm's jurisdiction (see `listAssignees`).
     * @throws forbidden | not_found | conflict | validation_failed
     */
    async assign(actor: Actor, id: string, raw: unknown): Promise<AlarmDetail> {
      requirePermission(actor, 'alarm:handle');
      const input = parse(AssignAlarmRequest, raw);
      return act(actor, id, 'assign', async (tx, row, now) => {
        const candidate = (await assignees(tx, row)).find((u) => u.userId === input.userId);
        if (!candidate)
          rejectIfAny([
            { path: 'userId', message: '该用户不存在、已停用、没有处置告警的权限或管辖范围不含此告警' },
          ]);
        const to = candidate!;
        return {
          patch: { assigneeId: to.userId, assignedAt: now },
          note: input.note ? `指派给 ${to.displayName}：${input.note}` : `指派给 ${to.displayName}`,
          details: {
            assignee: { id: to.userId, name: to.displayName, username: to.username, phone: to.phone },
            previousAssigneeId: row.assigneeId,
          },
        };
      });
    },

    /** 批注: a note in the history (allowed on a closed alarm too). @throws forbidden | not_found | validation_failed */
    async comment(actor: Actor, id: string, raw: unknown): Promise<AlarmDetail> {
      requirePermission(actor, 'alarm:handle');
      const input = parse(CommentAlarmRequest, raw);
      return act(actor, id, 'comment', () => ({ patch: {}, note: input.note }));
    },

    /**
     * 关闭: only once the condition has cleared, with the outcome (required note).
     * @throws forbidden | not_found | conflict | validation_failed
     */
    async close(actor: Actor, id: string, raw: unknown): Promise<AlarmDetail> {
      requirePermission(actor, 'alarm:handle');
      const input = parse(CloseAlarmRequest, raw);
      return act(actor, id, 'close', (_tx, row, now) => ({
        patch: {
          status: nextAlarmStatus(row, 'close'),
          closedAt: now,
          closedById: userIdOf(actor),
          closeNote: input.note,
        },
        note: input.note,
      }));
    },

    /**
     * 转为事件: opens an incident record (source `alarm`) for the command work, linked from the alarm. A
     * second escalation answers the incident of the first (`created: false`) and writes nothing.
     * @throws forbidden | not_found | conflict
     */
    async escalateToIncident(actor: Actor, id: string, raw: unknown): Promise<EscalateAlarmResult> {
      requirePermission(actor, 'incident:write');
      const input = parse(EscalateAlarmRequest, raw);
      const now = clock();
      type Outcome = { incident: IncidentRow; created: boolean; ruleId: string };
      const result = await db.transaction(async (tx): Promise<Outcome> => {
        const row = ensureVisible(actor, await lockAlarm(tx, id).then((r) => r && scopedAlarm(r)), WHAT);
        if (row.incidentId) {
          const existing = await getIncidentById(tx, row.incidentId);
          if (existing) return { incident: existing, created: false, ruleId: row.ruleId };
        }
        const refusal = alarmActionRefusal(row, 'to_incident');
        if (refusal) throw new AppError('conflict', refusal);
        const station = row.stationId ? await getStationById(tx, row.stationId) : null;
        const level = ALARM_LEVEL_LABELS[row.level as (typeof ALARM_LEVELS)[number]];
        const levelText = level ? `${level.color}（${level.grade}）` : row.level;
        const incident = await insertIncident(tx, {
          title: [row.ruleName, station?.name ?? row.subject, levelText].join(' · '),
          source: 'alarm',
          alarmId: row.id,
          warningLevel: row.level,
          regionCode: row.regionCode,
          orgUnitId: row.orgUnitId,
          lon: station?.lon ?? null,
          lat: station?.lat ?? null,
          description: input.note || `由告警转入：${row.subject}，${levelText}`,
          occurredAt: row.raisedAt,
          knownAt: now,
          createdById: userIdOf(actor),
          createdAt: now,
        });
        await updateAlarm(tx, id, { incidentId: incident.id, updatedAt: now });
        const name = await actorName(tx, actor);
        // The incident record starts with its intake (issue #6): classified later (PATCH eventType).
        await appendTimeline(tx, {
          incidentId: incident.id,
          at: now,
          kind: 'intake',
          actorId: userIdOf(actor),
          actorName: name,
          summary: `由监测告警转入：${incident.title}${input.note ? `；${input.note}` : ''}（待分类定级）`,
          data: { source: 'alarm', alarmId: id, warningLevel: row.level },
          refId: id,
        });
        await insertAlarmEvent(tx, {
          alarmId: id,
          at: now,
          kind: ALARM_ACTION_EVENT.to_incident,
          actorId: userIdOf(actor),
          actorName: name,
          note: input.note ? `${incident.title}：${input.note}` : incident.title,
          createdAt: now,
        });
        await audit(
          tx,
          actor,
          {
            action: 'alarm.to_incident',
            entityType: 'alarm',
            entityId: id,
            regionCode: row.regionCode,
            details: {
              incidentId: incident.id,
              title: incident.title,
              level: row.level,
              note: input.note ?? null,
            },
          },
          now,
        );
        await insertOutboxRow(tx, {
          topic: 'incident.created',
          key: incident.id,
          regionCode: row.regionCode,
          payload: {
            incidentId: incident.id,
            title: incident.title,
            source: 'alarm',
            alarmId: id,
            ruleId: row.ruleId,
            warningLevel: row.level,
            regionCode: row.regionCode,
            lon: incident.lon,
            lat: incident.lat,
            occurredAt: incident.occurredAt.toISOString(),
            actor: { id: userIdOf(actor), name },
          },
          createdAt: now,
        });
        return { incident, created: true, ruleId: row.ruleId };
      });
      if (result.created)
        a.bus.publish([{ alarmId: id, ruleId: result.ruleId, kind: 'to_incident', at: now.getTime() }]);
      return { created: result.created, incident: toIncidentRef(result.incident), alarm: await detailOf(id) };
    },
  };
}

export type AlarmService = ReturnType<typeof createAlarmService>;
