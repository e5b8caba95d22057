/**
 * The duty watch (值班值守, issue #6 part 1): rosters checked by the domain's `checkRoster` (400 listing every
 * problem), sign-in by a person on the shift within its window, the duty log with open items, shift handover
 * (open items carried over) and take-over, the townships' nil reports (报平安) and the 值班日报 (.docx).
 *
 * Each watch is a region: the county bureau (the configured county code) and each township office keep their own.
 * An actor's own watch is the county for county-level accounts and their township for township accounts; another
 * watch within the actor's jurisdiction may be named with `regionCode`. Every change is audited in its
 * transaction and published on the command bus (topic `duty` / `nil_report`) after commit.
 */
import {
  AppError,
  checkRoster,
  DEFAULT_ROSTER_POLICY,
  DUTY_LOG_KIND_LABELS,
  formatBeijingIso,
  getBeijingDate,
  getBeijingTimeOn,
  hasPermission,
  INCIDENT_GRADES,
  isInScope,
  nilReportStatus,
  notFound,
  reportKindLabel,
  shiftInterval,
  type Actor,
  type DailyReportQuery,
  type DutyCurrentView,
  type DutyLogList,
  type DutyLogQuery,
  type DutyLogRequest,
  type DutyLogView,
  type DutyShift,
  type ErrorDetail,
  type HandoverRequest,
  type HandoverView,
  type NilReportBoard,
  type NilReportRequest,
  type RosterProblemView,
  type SaveShiftsRequest,
  type ShiftsQuery,
  type ShiftsResponse,
  type ShiftView,
  type TrackedReportStep,
  addCalendarDays,
} from '@ningan/domain';
import type { CommandBus } from '../command/bus.ts';
import { renderDailyReport } from '../command/documents.ts';
import { nilReportDueAt } from '../command/scheduler.ts';
import type { DbOrTx } from '../db/client.ts';
import {
  closeDutyLog,
  currentShift,
  deleteShift,
  getDutyLog,
  getHandover,
  getShift,
  insertDutyLog,
  insertHandover,
  insertNilReport,
  insertShift,
  insertSignIn,
  listDutyLog,
  listHandovers,
  listNilChases,
  listNilReports,
  listOpenItems,
  listShifts,
  listSignIns,
  listTownships,
  nextShift,
  shiftsInUse,
  updateHandover,
  updateShift,
  type DutyLogRow,
  type HandoverRow,
  type ShiftRow,
  type StoredDutyPerson,
} from '../repositories/duty.repository.ts';
import {
  getIncident,
  listIncidentsKnownBetween,
  listReportsFiledBetween,
} from '../repositories/incident-reports.repository.ts';
import { appendTimeline } from '../repositories/incident-timeline.repository.ts';
import { getRegion } from '../repositories/regions.repository.ts';
import { getUserById } from '../repositories/users.repository.ts';
import { audit, ensureVisible, rejectIfAny, requirePermission, type ServiceDeps } from './context.ts';
import { BUREAU_NAME } from './incident-reports.service.ts';

export interface DutyService {
  shifts(actor: Actor, query: ShiftsQuery): Promise<ShiftsResponse>;
  /** Replaces the region's shifts on the dates given; validation_failed lists every roster problem. */
  saveShifts(actor: Actor, input: SaveShiftsRequest): Promise<ShiftsResponse>;
  deleteShift(actor: Actor, id: string): Promise<void>;
  current(actor: Actor, regionCode?: string): Promise<DutyCurrentView>;
  /** Sign-in of the actor, who must be on the shift, from `dutySignInEarlyMinutes` before it until its end. */
  signIn(actor: Actor, shiftId: string): Promise<ShiftView>;
  log(actor: Actor, query: DutyLogQuery): Promise<DutyLogList>;
  addLog(actor: Actor, input: DutyLogRequest): Promise<DutyLogView>;
  closeLog(actor: Actor, seq: number): Promise<DutyLogView>;
  handOver(actor: Actor, input: HandoverRequest): Promise<HandoverView>;
  takeOver(actor: Actor, id: string): Promise<HandoverView>;
  nilReports(actor: Actor, date?: string): Promise<NilReportBoard>;
  submitNilReport(actor: Actor, input: NilReportRequest): Promise<NilReportBoard>;
  dailyReport(actor: Actor, query: DailyReportQuery): Promise<{ fileName: string; content: Buffer }>;
}

const personOf = (p: unknown): StoredDutyPerson | null => {
  if (!p || typeof p !== 'object') return null;
  const o = p as Record<string, unknown>;
  return {
    userId: typeof o.userId === 'string' ? o.userId : null,
    name: typeof o.name === 'string' ? o.name : '',
    phone: typeof o.phone === 'string' ? o.phone : null,
  };
};
const peopleOf = (p: unknown): StoredDutyPerson[] =>
  Array.isArray(p) ? p.map(personOf).filter((x): x is StoredDutyPerson => x !== null) : [];

const shiftKey = (s: { date: string; start: string; end: string }) => `${s.date}/${s.start}-${s.end}`;
const personId = (p: StoredDutyPerson) => p.userId ?? `name:${p.name}`;

function toDomainShift(s: {
  date: string;
  start: string;
  end: string;
  leader: StoredDutyPerson | null;
  officers: StoredDutyPerson[];
}): DutyShift {
  return {
    date: s.date,
    shiftId: `${s.start}-${s.end}`,
    start: s.start,
    end: s.end,
    leaderOnDuty: s.leader ? { id: personId(s.leader), name: s.leader.name } : null,
    officers: s.officers.map((o) => ({ id: personId(o), name: o.name })),
  };
}

function problemView(p: ReturnType<typeof checkRoster>[number]): RosterProblemView {
  return {
    kind: p.kind,
    message: p.message,
    shifts: p.shifts,
    ...(p.personId ? { personId: p.personId } : {}),
    ...(p.from ? { from: p.from.toISOString() } : {}),
    ...(p.to ? { to: p.to.toISOString() } : {}),
  };
}

function logView(r: DutyLogRow): DutyLogView {
  return {
    seq: r.seq,
    regionCode: r.regionCode,
    shiftId: r.shiftId,
    at: r.at.toISOString(),
    kind: r.kind as DutyLogView['kind'],
    text: r.text,
    incidentId: r.incidentId,
    actorName: r.actorName,
    openItem: r.openItem === 1,
    closedAt: r.closedAt?.toISOString() ?? null,
  };
}

function handoverView(h: HandoverRow): HandoverView {
  const items = Array.isArray(h.openItems) ? (h.openItems as Record<string, unknown>[]) : [];
  return {
    id: h.id,
    fromShiftId: h.fromShiftId,
    toShiftId: h.toShiftId,
    at: h.at.toISOString(),
    handedOverByName: h.handedOverByName,
    takenOverByName: h.takenOverByName,
    takenOverAt: h.takenOverAt?.toISOString() ?? null,
    openItems: items.map((i) => ({
      logSeq: typeof i.logSeq === 'number' ? i.logSeq : null,
      incidentId: typeof i.incidentId === 'string' ? i.incidentId : null,
      text: typeof i.text === 'string' ? i.text : '',
    })),
    notes: h.notes,
  };
}

const placeOf = (intake: unknown): string => {
  const place = (intake as Record<string, unknown> | null)?.place;
  return typeof place === 'string' ? place : '';
};

/** [start, end) of a Beijing day. */
const dayRange = (day: string) => ({
  from: getBeijingTimeOn(day, 0),
  to: getBeijingTimeOn(addCalendarDays(day, 1), 0),
});

export function createDutyService(deps: ServiceDeps, o: { bus: CommandBus }): DutyService {
  const { db, clock, config } = deps;
  const county = config.regionCode;

  /**
   * The watch an actor works in: `regionCode` (county or township, within the jurisdiction) or their own.
   * A member department (`department` scope) reads only who is on duty at the county bureau (`rosterOnly`
   * reads: the roster and the current shift, without the desk's log); enterprises have no watch.
   */
  async function watchOf(
    actor: Actor,
    regionCode?: string,
    tx: DbOrTx = db,
    rosterOnly = false,
  ): Promise<{ code: string; name: string }> {
    const own =
      actor.scope.level === 'township' || actor.scope.level === 'village'
        ? actor.scope.regionCode.slice(0, 9)
        : county;
    const code = regionCode ?? own;
    const region = await getRegion(tx, code);
    const isWatch =
      region && (region.code === county || (region.level === 'township' && region.parentCode === county));
    if (!region || !isWatch) throw notFound('值班单位');
    if (!isInScope(actor.scope, { regionCode: code }) && code !== own) throw notFound('值班单位');
    if (actor.scope.level === 'enterprise') throw notFound('值班单位');
    if (actor.scope.level === 'department' && (!rosterOnly || code !== county)) throw notFound('值班单位');
    return { code, name: region.code === county ? BUREAU_NAME : `${region.name}应急办` };
  }

  async function shiftViews(rows: ShiftRow[], tx: DbOrTx = db): Promise<ShiftView[]> {
    const signIns = await listSignIns(
      tx,
      rows.map((r) => r.id),
    );
    const names = new Map<string, string>();
    for (const code of new Set(rows.map((r) => r.regionCode)))
      names.set(code, (await getRegion(tx, code))?.name ?? code);
    return rows.map((r) => ({
      id: r.id,
      regionCode: r.regionCode,
      regionName: names.get(r.regionCode) ?? r.regionCode,
      date: r.date,
      start: r.start,
      end: r.end,
      startsAt: r.startsAt.toISOString(),
      endsAt: r.endsAt.toISOString(),
      leader: personOf(r.leader),
      officers: peopleOf(r.officers),
      signedIn: signIns
        .filter((s) => s.shiftId === r.id)
        .map((s) => ({ userId: s.userId, userName: s.userName, at: s.at.toISOString() })),
    }));
  }

  async function visibleShift(actor: Actor, id: string, tx: DbOrTx = db): Promise<ShiftRow> {
    const shift = ensureVisible(actor, await getShift(tx, id), '班次');
    return shift;
  }

  const actorName = async (actor: Actor, tx: DbOrTx = db) =>
    (await getUserById(tx, actor.userId))?.displayName ?? actor.username;

  const publish = (regionCode: string, topic: 'duty' | 'nil_report', refId?: string) =>
    o.bus.publish([
      { incidentId: null, regionCode, topic, ...(refId ? { refId } : {}), at: clock().getTime() },
    ]);

  const onShift = (shift: ShiftRow, userId: string) =>
    [personOf(shift.leader), ...peopleOf(shift.officers)].some((p) => p?.userId === userId);

  async function rosterProblems(regionCode: string, dates: string[], tx: DbOrTx = db) {
    const sorted = [...dates].sort();
    const from = addCalendarDays(sorted[0]!, -1);
    const to = addCalendarDays(sorted.at(-1)!, 1);
    return { from, to, existing: await listShifts(tx, regionCode, from, to) };
  }

  return {
    async shifts(actor, q) {
      requirePermission(actor, 'incident:read');
      const watch = await watchOf(actor, q.regionCode, db, true);
      const today = getBeijingDate(clock());
      const from = q.from ?? today;
      const to = q.to ?? addCalendarDays(from, 6);
      if (to < from) rejectIfAny([{ path: 'to', message: '结束日期不能早于开始日期' }]);
      const rows = await listShifts(db, watch.code, from, to);
      const problems = rows.length
        ? checkRoster(
            rows.map((r) =>
              toDomainShift({ ...r, leader: personOf(r.leader), officers: peopleOf(r.officers) }),
            ),
            DEFAULT_ROSTER_POLICY,
          )
        : [];
      return { items: await shiftViews(rows), problems: problems.map(problemView) };
    },

    async saveShifts(actor, input) {
      requirePermission(actor, 'duty:write');
      const now = clock();
      const result = await db.transaction(async (tx) => {
        const watch = await watchOf(actor, input.regionCode, tx);
        const problems: ErrorDetail[] = [];
        const dates = [...new Set(input.shifts.map((s) => s.date))];
        const { existing } = await rosterProblems(watch.code, dates, tx);
        const byId = new Map(existing.map((e) => [e.id, e]));
        // Referenced user accounts must exist.
        const userIds = new Set(
          input.shifts
            .flatMap((s) => [s.leader?.userId, ...s.officers.map((x) => x.userId)])
            .filter((x): x is string => typeof x === 'string'),
        );
        for (const id of userIds)
          if (!(await getUserById(tx, id))) problems.push({ path: 'shifts', message: `用户 ${id} 不存在` });
        input.shifts.forEach((s, i) => {
          if (s.id && (!byId.has(s.id) || !dates.includes(byId.get(s.id)!.date)))
            problems.push({ path: `shifts.${i}.id`, message: '该班次不存在或不在本次保存的日期内' });
        });
        const store = (p: {
          userId?: string | null;
          name: string;
          phone?: string | null;
        }): StoredDutyPerson => ({
          userId: p.userId ?? null,
          name: p.name,
          phone: p.phone ?? null,
        });
        const incoming = input.shifts.map((s) => ({
          ...s,
          leader: s.leader ? store(s.leader) : null,
          officers: s.officers.map(store),
        }));
        // The roster as it would be: the new shifts plus the neighbouring days kept.
        const kept = existing.filter((e) => !dates.includes(e.date));
        const roster = [
          ...incoming.map(toDomainShift),
          ...kept.map((e) =>
            toDomainShift({ ...e, leader: personOf(e.leader), officers: peopleOf(e.officers) }),
          ),
        ];
        const newKeys = new Set(incoming.map((s) => `${s.date}/${s.start}-${s.end}`));
        const span = incoming.map((s) => shiftInterval(s));
        const spanFrom = Math.min(...span.map((x) => x.start.getTime()));
        const spanTo = Math.max(...span.map((x) => x.end.getTime()));
        for (const p of checkRoster(roster, DEFAULT_ROSTER_POLICY)) {
          const concernsNew =
            p.shifts.some((k) => newKeys.has(k)) ||
            (p.kind === 'coverage_gap' &&
              p.from !== undefined &&
              p.to !== undefined &&
              p.from.getTime() < spanTo &&
              p.to.getTime() > spanFrom);
          if (concernsNew) problems.push({ path: 'shifts', message: p.message });
        }
        // Shifts of these dates that go away must not carry a record of duty.
        const keepIds = new Set(input.shifts.map((s) => s.id).filter((x): x is string => !!x));
        const removed = existing.filter((e) => dates.includes(e.date) && !keepIds.has(e.id));
        const inUse = await shiftsInUse(
          tx,
          removed.map((r) => r.id),
        );
        for (const r of removed)
          if (inUse.has(r.id))
            problems.push({
              path: 'shifts',
              message: `${shiftKey(r)} 已有签到、交接班或日志记录，不能删除（请在保存时带上它的 id）`,
            });
        rejectIfAny(problems);

        for (const r of removed) await deleteShift(tx, r.id);
        const saved: ShiftRow[] = [];
        for (const s of incoming) {
          const { start, end } = shiftInterval(s);
          const values = {
            regionCode: watch.code,
            date: s.date,
            start: s.start,
            end: s.end,
            startsAt: start,
            endsAt: end,
            leader: s.leader,
            officers: s.officers,
            updatedAt: now,
          };
          if (s.id) {
            await updateShift(tx, s.id, values);
            saved.push({ ...byId.get(s.id)!, ...values });
          } else saved.push(await insertShift(tx, { ...values, createdAt: now }));
        }
        await audit(
          tx,
          actor,
          {
            action: 'duty.shift_save',
            entityType: 'duty_roster',
            entityId: watch.code,
            regionCode: watch.code,
            details: { dates, shifts: saved.length, removed: removed.length },
          },
          now,
        );
        return { code: watch.code, saved, dates };
      });
      publish(result.code, 'duty');
      const sorted = [...result.dates].sort();
      return this.shifts(actor, { regionCode: result.code, from: sorted[0], to: sorted.at(-1) });
    },

    async deleteShift(actor, id) {
      requirePermission(actor, 'duty:write');
      const now = clock();
      const code = await db.transaction(async (tx) => {
        const shift = await visibleShift(actor, id, tx);
        if ((await shiftsInUse(tx, [id])).has(id))
          throw new AppError('conflict', '该班次已有签到、交接班或日志记录，不能删除');
        await deleteShift(tx, id);
        await audit(
          tx,
          actor,
          {
            action: 'duty.shift_delete',
            entityType: 'duty_shift',
            entityId: id,
            regionCode: shift.regionCode,
            details: { shift: shiftKey(shift) },
          },
          now,
        );
        return shift.regionCode;
      });
      publish(code, 'duty', id);
    },

    async current(actor, regionCode) {
      requirePermission(actor, 'incident:read');
      const watch = await watchOf(actor, regionCode, db, true);
      // A member department sees who is on duty, not the desk's open items or handovers.
      const desk = actor.scope.level !== 'department';
      const now = clock();
      const shift = await currentShift(db, watch.code, now);
      const next = await nextShift(db, watch.code, now);
      const [views, open, handovers] = await Promise.all([
        shiftViews([shift, next].filter((x): x is ShiftRow => x !== null)),
        desk ? listOpenItems(db, watch.code) : [],
        desk ? listHandovers(db, watch.code, 1) : [],
      ]);
      const shiftView = shift ? (views.find((v) => v.id === shift.id) ?? null) : null;
      return {
        regionCode: watch.code,
        shift: shiftView,
        signedIn: shiftView?.signedIn ?? [],
        openItems: open.map(logView),
        nextShift: next ? (views.find((v) => v.id === next.id) ?? null) : null,
        lastHandover: handovers[0] ? handoverView(handovers[0]) : null,
      };
    },

    async signIn(actor, shiftId) {
      requirePermission(actor, 'duty:write');
      const now = clock();
      const code = await db.transaction(async (tx) => {
        const shift = await visibleShift(actor, shiftId, tx);
        const problems: ErrorDetail[] = [];
        if (!onShift(shift, actor.userId))
          problems.push({ path: 'shiftId', message: '您不在该班次的排班中，不能签到' });
        const opens = new Date(shift.startsAt.getTime() - config.command.dutySignInEarlyMinutes * 60_000);
        if (now.getTime() < opens.getTime())
          problems.push({
            path: 'shiftId',
            message: `签到时间未到：${formatBeijingIso(opens).slice(0, 16).replace('T', ' ')} 起可签到`,
          });
        if (now.getTime() >= shift.endsAt.getTime())
          problems.push({ path: 'shiftId', message: '该班次已结束' });
        rejectIfAny(problems);
        const name = await actorName(actor, tx);
        if (await insertSignIn(tx, { shiftId, userId: actor.userId, userName: name, at: now }))
          await audit(
            tx,
            actor,
            {
              action: 'duty.sign_in',
              entityType: 'duty_shift',
              entityId: shiftId,
              regionCode: shift.regionCode,
              details: { shift: shiftKey(shift) },
            },
            now,
          );
        return shift.regionCode;
      });
      publish(code, 'duty', shiftId);
      const [view] = await shiftViews([(await getShift(db, shiftId))!]);
      return view!;
    },

    async log(actor, q) {
      requirePermission(actor, 'incident:read');
      const watch = await watchOf(actor, q.regionCode);
      const { from, to } = dayRange(q.date ?? getBeijingDate(clock()));
      return { items: (await listDutyLog(db, watch.code, from, to)).map(logView) };
    },

    async addLog(actor, input) {
      requirePermission(actor, 'duty:write');
      const now = clock();
      const result = await db.transaction(async (tx) => {
        const watch = await watchOf(actor, input.regionCode, tx);
        if (input.incidentId) ensureVisible(actor, await getIncident(tx, input.incidentId), '事件');
        const name = await actorName(actor, tx);
        const shift = await currentShift(tx, watch.code, now);
        const row = await insertDutyLog(tx, {
          regionCode: watch.code,
          shiftId: shift?.id ?? null,
          at: now,
          kind: input.kind,
          text: input.text,
          incidentId: input.incidentId ?? null,
          actorId: actor.userId,
          actorName: name,
          openItem: input.openItem ? 1 : 0,
        });
        let seq: number | undefined;
        if (input.incidentId)
          seq = (
            await appendTimeline(tx, {
              incidentId: input.incidentId,
              at: now,
              kind: 'note',
              actorId: actor.userId,
              actorName: name,
              summary: `值班日志（${DUTY_LOG_KIND_LABELS[input.kind]}）：${input.text.slice(0, 200)}`,
              refId: String(row.seq),
            })
          ).seq;
        await audit(
          tx,
          actor,
          {
            action: 'duty.log',
            entityType: 'duty_log',
            entityId: String(row.seq),
            regionCode: watch.code,
            details: { kind: input.kind, incidentId: input.incidentId ?? null, openItem: !!input.openItem },
          },
          now,
        );
        return { row, seq };
      });
      publish(result.row.regionCode, 'duty', String(result.row.seq));
      if (result.row.incidentId && result.seq !== undefined)
        o.bus.publish([
          {
            incidentId: result.row.incidentId,
            regionCode: (await getIncident(db, result.row.incidentId))?.regionCode ?? result.row.regionCode,
            topic: 'timeline',
            seq: result.seq,
            at: now.getTime(),
          },
        ]);
      return logView(result.row);
    },

    async closeLog(actor, seq) {
      requirePermission(actor, 'duty:write');
      const now = clock();
      const row = await db.transaction(async (tx) => {
        const entry = ensureVisible(actor, await getDutyLog(tx, seq), '值班日志');
        if (entry.openItem !== 1 || entry.closedAt)
          throw new AppError('conflict', entry.closedAt ? '该事项已办结' : '该日志不是待办事项');
        await closeDutyLog(tx, seq, now);
        await audit(
          tx,
          actor,
          {
            action: 'duty.log_close',
            entityType: 'duty_log',
            entityId: String(seq),
            regionCode: entry.regionCode,
            details: { text: entry.text.slice(0, 200) },
          },
          now,
        );
        return { ...entry, closedAt: now };
      });
      publish(row.regionCode, 'duty', String(seq));
      return logView(row);
    },

    async handOver(actor, input) {
      requirePermission(actor, 'duty:write');
      const now = clock();
      const row = await db.transaction(async (tx) => {
        const from = await visibleShift(actor, input.fromShiftId, tx);
        const problems: ErrorDetail[] = [];
        if (!onShift(from, actor.userId) && !hasPermission(actor.roles, 'incident:command'))
          problems.push({ path: 'fromShiftId', message: '只有本班次的值班人员（或指挥长）可以交班' });
        let to: ShiftRow | null = null;
        if (input.toShiftId) {
          to = await getShift(tx, input.toShiftId);
          if (!to || to.regionCode !== from.regionCode)
            problems.push({ path: 'toShiftId', message: '接班班次不存在或不属于同一值班单位' });
          else if (to.startsAt.getTime() < from.startsAt.getTime())
            problems.push({ path: 'toShiftId', message: '接班班次不能早于交班班次' });
        }
        rejectIfAny(problems);
        const open = await listOpenItems(tx, from.regionCode);
        const name = await actorName(actor, tx);
        const inserted = await insertHandover(tx, {
          fromShiftId: from.id,
          toShiftId: to?.id ?? null,
          at: now,
          handedOverById: actor.userId,
          handedOverByName: name,
          openItems: open.map((l) => ({ logSeq: l.seq, incidentId: l.incidentId, text: l.text })),
          notes: input.notes || null,
        });
        if (!inserted) throw new AppError('conflict', '该班次已交班');
        await audit(
          tx,
          actor,
          {
            action: 'duty.handover',
            entityType: 'duty_handover',
            entityId: inserted.id,
            regionCode: from.regionCode,
            details: { from: shiftKey(from), to: to ? shiftKey(to) : null, openItems: open.length },
          },
          now,
        );
        return inserted;
      });
      const shift = await getShift(db, row.fromShiftId);
      publish(shift?.regionCode ?? county, 'duty', row.id);
      return handoverView(row);
    },

    async takeOver(actor, id) {
      requirePermission(actor, 'duty:write');
      const now = clock();
      const result = await db.transaction(async (tx) => {
        const handover = await getHandover(tx, id);
        const from = handover ? await getShift(tx, handover.fromShiftId) : null;
        if (!handover || !from) throw notFound('交接班记录');
        ensureVisible(actor, from, '交接班记录');
        if (handover.takenOverAt)
          throw new AppError('conflict', `已由 ${handover.takenOverByName ?? ''} 接班`);
        const to = handover.toShiftId ? await getShift(tx, handover.toShiftId) : null;
        const allowed = to ? onShift(to, actor.userId) : !onShift(from, actor.userId);
        if (!allowed && !hasPermission(actor.roles, 'incident:command'))
          rejectIfAny([{ path: 'id', message: '只有接班班次的值班人员（或指挥长）可以接班' }]);
        const name = await actorName(actor, tx);
        await updateHandover(tx, id, {
          takenOverById: actor.userId,
          takenOverByName: name,
          takenOverAt: now,
        });
        await audit(
          tx,
          actor,
          {
            action: 'duty.take_over',
            entityType: 'duty_handover',
            entityId: id,
            regionCode: from.regionCode,
            details: { from: shiftKey(from), to: to ? shiftKey(to) : null },
          },
          now,
        );
        return {
          row: { ...handover, takenOverById: actor.userId, takenOverByName: name, takenOverAt: now },
          code: from.regionCode,
        };
      });
      publish(result.code, 'duty', id);
      return handoverView(result.row);
    },

    async nilReports(actor, date) {
      requirePermission(actor, 'incident:read');
      const now = clock();
      const day = date ?? getBeijingDate(now);
      const dueTime = config.command.nilReportDueTime;
      const townships = (await listTownships(db, county)).filter((t) =>
        isInScope(actor.scope, { regionCode: t.code }),
      );
      if (!townships.length && actor.scope.level !== 'county') throw notFound('乡镇');
      const [reports, chases] = await Promise.all([listNilReports(db, day), listNilChases(db, day)]);
      const status = nilReportStatus(
        townships,
        reports.map((r) => ({ townshipCode: r.townshipCode, submittedAt: r.submittedAt, day: r.date })),
        day,
        dueTime,
        now,
      );
      const byCode = new Map(reports.map((r) => [r.townshipCode, r]));
      return {
        date: day,
        dueAt: nilReportDueAt(day, dueTime).toISOString(),
        counts: status.counts,
        items: status.townships.map((t) => ({
          townshipCode: t.code,
          townshipName: t.name,
          state: t.state,
          submittedAt: t.submittedAt?.toISOString() ?? null,
          submittedByName: byCode.get(t.code)?.submittedByName ?? null,
          note: byCode.get(t.code)?.note ?? null,
          chased: chases.has(t.code),
        })),
      };
    },

    async submitNilReport(actor, input) {
      requirePermission(actor, 'duty:nil_report');
      if (actor.scope.level !== 'township')
        rejectIfAny([{ path: '(body)', message: '报平安由乡镇（街道）账号报送' }]);
      const township = actor.scope.regionCode;
      const now = clock();
      const day = getBeijingDate(now);
      await db.transaction(async (tx) => {
        const name = await actorName(actor, tx);
        const chased = (await listNilChases(tx, day)).has(township);
        const row = await insertNilReport(tx, {
          date: day,
          townshipCode: township,
          submittedAt: now,
          submittedById: actor.userId,
          submittedByName: name,
          note: input.note?.trim() || null,
          chased: chased ? 1 : 0,
        });
        if (!row) throw new AppError('conflict', '今日已报平安');
        const late = now.getTime() > nilReportDueAt(day, config.command.nilReportDueTime).getTime();
        await insertDutyLog(tx, {
          regionCode: township,
          shiftId: (await currentShift(tx, township, now))?.id ?? null,
          at: now,
          kind: 'notice',
          text: `${day} 报平安${late ? '（迟报）' : ''}：${input.note?.trim() || '平安'}`,
          incidentId: null,
          actorId: actor.userId,
          actorName: name,
          openItem: 0,
        });
        await audit(
          tx,
          actor,
          {
            action: 'duty.nil_report',
            entityType: 'nil_report',
            entityId: `${day}/${township}`,
            regionCode: township,
            details: { date: day, late, chased, note: input.note ?? null },
          },
          now,
        );
      });
      publish(township, 'nil_report', `${day}/${township}`);
      return this.nilReports(actor, day);
    },

    async dailyReport(actor, q) {
      requirePermission(actor, 'incident:read');
      const watch = await watchOf(actor, q.regionCode);
      const now = clock();
      const day = q.date ?? getBeijingDate(now);
      const { from, to } = dayRange(day);
      const shifts = await listShifts(db, watch.code, day, day);
      const views = await shiftViews(shifts);
      const [incidents, reports, log, handovers, board] = await Promise.all([
        listIncidentsKnownBetween(db, watch.code, from, to),
        listReportsFiledBetween(db, watch.code, from, to),
        listDutyLog(db, watch.code, from, to),
        listHandovers(db, watch.code, 50),
        this.nilReports(actor, day),
      ]);
      const shiftNames = new Map(views.map((v) => [v.id, `${v.start}–${v.end}`]));
      const names = (state: string) =>
        board.items.filter((i) => i.state === state).map((i) => i.townshipName);
      const content = await renderDailyReport({
        unitName: watch.name,
        day,
        generatedAt: now,
        shifts: views.map((v) => ({
          time: `${v.start}–${v.end}`,
          leader: v.leader?.name ?? '（未排）',
          officers: v.officers.map((x) => x.name).join('、') || '（未排）',
          signedIn:
            v.signedIn
              .map((s) => `${s.userName} ${formatBeijingIso(new Date(s.at)).slice(11, 16)}`)
              .join('、') || '未签到',
        })),
        incidents: incidents.map((i) => ({
          knownAt: i.knownAt ?? i.createdAt,
          title: i.title,
          place: placeOf(i.intake),
          grade: (INCIDENT_GRADES as readonly string[]).includes(i.grade ?? '')
            ? (i.grade as string)
            : '未定级',
          status:
            (
              { reported: '已接报', responding: '处置中', closed: '已结束', merged: '已合并' } as Record<
                string,
                string
              >
            )[i.status] ?? i.status,
        })),
        reports: reports.map((r) => ({
          filedAt: r.filedAt,
          incidentTitle: r.incidentTitle,
          kindLabel: reportKindLabel(r.step as TrackedReportStep, r.n),
          recipient: r.recipient,
          filedByName: r.filedByName,
        })),
        nilReports: {
          dueTime: config.command.nilReportDueTime,
          submitted: names('submitted'),
          late: names('late'),
          missing: names('missing'),
        },
        log: log.map((l) => ({
          at: l.at,
          kind: DUTY_LOG_KIND_LABELS[l.kind as DutyLogView['kind']] ?? l.kind,
          text: l.text,
          actorName: l.actorName,
          open: l.openItem === 1 && !l.closedAt,
        })),
        handovers: handovers
          .filter((h) => h.at.getTime() >= from.getTime() && h.at.getTime() < to.getTime())
          .map((h) => {
            const v = handoverView(h);
            return {
              at: h.at,
              from: `${shiftNames.get(h.fromShiftId) ?? ''}班 ${h.handedOverByName}`,
              to: h.takenOverByName ? `${h.takenOverByName} 接班` : '待接班',
              items: v.openItems.map((i) => i.text),
              notes: h.notes ?? '',
            };
          }),
      });
      return { fileName: `${watch.name}值班日报-${day}.docx`, content };
    },
  };
}
