/**
 * Incidents (一盘棋, issue #6 parts 2, 3, 8, 9): intake by phone, field reports from village officers, incidents
 * from external warnings; classification and statutory grading at intake and on every follow-up (domain
 * `gradeIncident` / `regradeOnFollowUp`); the response-level decision; possible duplicates and merging; contact
 * notes; close-out with the open-work check; after-action findings (复盘); the workspace in one round trip; the
 * command stream (SSE) of changes in the caller's jurisdiction.
 *
 * Every change: permission + jurisdiction check, then in ONE transaction the row, its timeline entries, the audit
 * row and the recomputed reporting timer (`incidents.next_timer_at`); `CommandBus.publish` after commit.
 */
import {
  AppError,
  CloseRequest,
  ContactNoteRequest,
  CONTACT_CHANNEL_LABELS,
  CreateFindingRequest,
  describeEventType,
  DuplicatesRequest,
  eventClassOf,
  FieldReportRequest,
  FindingListQuery,
  findPossibleDuplicates,
  FollowUpRequest,
  FromExternalWarningRequest,
  getEventType,
  gradeIncident,
  GRADING_RULE_LABELS,
  GRADING_RULES,
  hasPermission,
  IncidentListQuery,
  IncidentPatchRequest,
  IntakeRequest,
  isEventTypeId,
  isInScope,
  MergeRequest,
  nextFindingState,
  notFound,
  RectifyFindingRequest,
  regradeOnFollowUp,
  RESPONSE_LEVEL_LABELS,
  ResponseLevelRequest,
  VerifyFindingRequest,
  type Actor,
  type DuplicateCandidateView,
  type ErrorDetail,
  type EventTypeId,
  type FindingView,
  type GradingRule,
  type IncidentDetail,
  type IncidentFigures,
  type IncidentFiguresView,
  type IncidentGrading,
  type IncidentIntakeView,
  type IncidentView,
  type Page,
  type ScopedRecord,
  type TimelineEntryView,
  type WorkspaceCore,
} from '@ningan/domain';
import type { CommandBus, CommandChange } from '../command/bus.ts';
import { refreshReportingClock } from '../command/reporting.ts';
import {
  computeReportingStatus,
  regimeOf,
  reportingStatusView,
  reportingSummaryOf,
  type ReportingComputation,
} from '../command/reporting-facts.ts';
import type { DbOrTx } from '../db/client.ts';
import {
  getIncidentFile,
  incidentFileProblems,
  saveIncidentFile,
  type IncidentFileRow,
} from '../repositories/incident-files.repository.ts';
import {
  appendTimeline,
  listTimeline,
  type TimelineEntryInput,
  type TimelineRow,
} from '../repositories/incident-timeline.repository.ts';
import {
  endActivations,
  findByClientId,
  findByExternalWarning,
  findDuplicateCandidates,
  findFindings,
  findIncidents,
  findOpenWork,
  getIncident,
  getRegionRow,
  insertFinding,
  insertIncidentRow,
  listFindingsOf,
  lockClientId,
  lockFinding,
  lockIncident,
  openTaskCounts,
  regionNames,
  reportsOf,
  updateFinding,
  updateIncidentRow,
  type FindingRow,
  type IncidentReportRow,
  type IncidentRow,
} from '../repositories/incidents.repository.ts';
import { getSession } from '../repositories/sessions.repository.ts';
import { getUserById, scopeOfUser } from '../repositories/users.repository.ts';
import { getExternalById } from '../repositories/warnings.repository.ts';
import {
  audit,
  beijingDate,
  parseInput,
  rejectIfAny,
  requirePermission,
  type ServiceDeps,
} from './context.ts';

export interface IncidentServiceDeps {
  bus: CommandBus;
  /** Stream ping (and session re-check) interval, ms; default 15 s. */
  pingMs?: number;
}

const WHAT = '事件';
const FINDING = '复盘问题';

/** The fields of the figures the grading rules read. */
const GRADED_FIGURES = ['deaths', 'missing', 'seriousInjuries', 'directLossWanYuan', 'burnedAreaHa'] as const;
/** Casualty counts whose change needs a 伤亡变化补报 (493号令 第十三条). */
const CASUALTY_FIGURES = ['deaths', 'missing', 'seriousInjuries', 'injuries'] as const;

const userIdOf = (actor: Actor) => (actor.via === 'system' || actor.via === 'cli' ? null : actor.userId);
const scoped = (r: Pick<IncidentRow, 'regionCode' | 'orgUnitId'>): ScopedRecord => ({
  regionCode: r.regionCode,
  orgUnitId: r.orgUnitId,
});
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const townshipOf = (code: string) =>
  code.length === 12 ? code.slice(0, 9) : code.length === 9 ? code : null;

function gradedFigures(f: IncidentFiguresView): IncidentFigures {
  const out: IncidentFigures = {};
  for (const k of GRADED_FIGURES) if (f[k] !== undefined) out[k] = f[k];
  return out;
}

const typeOf = (r: IncidentRow): EventTypeId | null =>
  r.eventType !== null && isEventTypeId(r.eventType) ? r.eventType : null;

interface GradeBasis {
  rule: GradingRule;
  reasons: string[];
}
function basisOf(r: IncidentRow): GradeBasis | null {
  const b = r.gradeBasis as Partial<GradeBasis> | null;
  if (!b || !Array.isArray(b.reasons) || !(GRADING_RULES as readonly string[]).includes(String(b.rule)))
    return null;
  return { rule: b.rule as GradingRule, reasons: b.reasons.map(String) };
}

function figuresText(f: IncidentFiguresView): string {
  const parts: string[] = [];
  if (f.deaths !== undefined) parts.push(`死亡 ${f.deaths} 人`);
  if (f.missing !== undefined) parts.push(`失踪 ${f.missing} 人`);
  if (f.seriousInjuries !== undefined) parts.push(`重伤 ${f.seriousInjuries} 人`);
  if (f.injuries !== undefined) parts.push(`受伤 ${f.injuries} 人`);
  if (f.directLossWanYuan !== undefined) parts.push(`直接经济损失 ${f.directLossWanYuan} 万元`);
  if (f.burnedAreaHa !== undefined) parts.push(`受害森林面积 ${f.burnedAreaHa} 公顷`);
  if (f.affectedPeople !== undefined) parts.push(`受灾 ${f.affectedPeople} 人`);
  if (f.evacuated !== undefined) parts.push(`转移 ${f.evacuated} 人`);
  return parts.length ? parts.join('，') : '暂无伤亡报告';
}

function toTimelineView(r: TimelineRow): TimelineEntryView {
  return {
    seq: r.seq,
    incidentId: r.incidentId,
    at: r.at.toISOString(),
    kind: r.kind,
    actorName: r.actorName,
    summary: r.summary,
    data: r.data ?? null,
    refId: r.refId,
  };
}

function toFindingView(r: FindingRow, today: string, incidentTitle?: string): FindingView {
  return {
    id: r.id,
    incidentId: r.incidentId,
    ...(incidentTitle !== undefined ? { incidentTitle } : {}),
    finding: r.finding,
    responsibleUnit: r.responsibleUnit,
    responsibleOrgUnitId: r.responsibleOrgUnitId,
    dueOn: r.dueOn,
    state: r.state as FindingView['state'],
    rectification: r.rectification,
    rectifiedAt: iso(r.rectifiedAt),
    verifiedByName: r.verifiedByName,
    verifiedAt: iso(r.verifiedAt),
    verificationNote: r.verificationNote,
    overdue: r.state !== 'verified' && r.dueOn < today,
    createdByName: r.createdByName,
    createdAt: r.createdAt.toISOString(),
  };
}

/** A sink the command stream writes to (http: the SSE response). */
export interface CommandSink {
  send(event: 'change' | 'end', data: unknown): boolean;
  ping(): boolean;
  end(): void;
}

export function createIncidentService(deps: ServiceDeps, s: IncidentServiceDeps) {
  const { db, clock, config, log } = deps;
  const commandConfig = config.command;

  // ---- helpers ----

  async function actorName(tx: DbOrTx, actor: Actor): Promise<string> {
    const id = userIdOf(actor);
    const user = id ? await getUserById(tx, id) : null;
    return user?.displayName ?? actor.username;
  }

  async function loadVisible(tx: DbOrTx, actor: Actor, id: string, lock = false): Promise<IncidentRow> {
    const row = lock ? await lockIncident(tx, id) : await getIncident(tx, id);
    if (!row || !isInScope(actor.scope, scoped(row))) throw notFound(WHAT);
    return row;
  }

  function reportingOf(
    row: IncidentRow,
    reports: readonly IncidentReportRow[],
    now: Date,
  ): ReportingComputation {
    return computeReportingStatus(
      row,
      reports.filter((r) => r.incidentId === row.id),
      now,
      commandConfig,
    );
  }

  /**
   * Recomputes the durable reporting timer (`incidents.next_timer_at`) of `row` inside `tx`, after a change of its
   * reporting facts (the reporting clock's `refreshReportingClock`; a passed, unfired instant wakes it at once).
   */
  async function refreshClock(tx: DbOrTx, row: IncidentRow, now: Date): Promise<IncidentRow> {
    await refreshReportingClock(tx, row.id, now, commandConfig);
    return row;
  }

  async function viewsOf(tx: DbOrTx, rows: readonly IncidentRow[], now: Date): Promise<IncidentView[]> {
    const ids = rows.map((r) => r.id);
    const codes = rows.flatMap((r) => [r.regionCode, townshipOf(r.regionCode) ?? r.regionCode]);
    const [names, reports, tasks] = await Promise.all([
      regionNames(tx, codes),
      reportsOf(tx, ids),
      openTaskCounts(tx, ids),
    ]);
    return rows.map((r) => viewOf(r, names, reportingOf(r, reports, now), tasks.get(r.id) ?? 0));
  }

  function viewOf(
    r: IncidentRow,
    names: Map<string, string>,
    reporting: ReportingComputation,
    openTasks: number,
  ): IncidentView {
    const type = typeOf(r);
    const intake = (r.intake ?? {}) as IncidentIntakeView;
    const township = townshipOf(r.regionCode);
    return {
      id: r.id,
      title: r.title,
      source: r.source as IncidentView['source'],
      status: r.status as IncidentView['status'],
      eventType: type,
      eventTypeLabel: type ? getEventType(type).zh : null,
      eventClass: type ? eventClassOf(type) : null,
      grade: (r.grade as IncidentView['grade']) ?? null,
      responseLevel: (r.responseLevel as IncidentView['responseLevel']) ?? null,
      regionCode: r.regionCode,
      regionName: names.get(r.regionCode) ?? r.regionCode,
      townshipName: township ? (names.get(township) ?? null) : null,
      lon: r.lon,
      lat: r.lat,
      place: intake.place ?? null,
      occurredAt: r.occurredAt.toISOString(),
      knownAt: iso(r.knownAt),
      createdAt: r.createdAt.toISOString(),
      updatedAt: (r.updatedAt ?? r.createdAt).toISOString(),
      figures: r.figures ?? {},
      version: r.version,
      reportingSummary: reportingSummaryOf(reporting, r.status === 'closed' || r.status === 'merged'),
      openTasks,
      mergedIntoId: r.mergedIntoId,
    };
  }

  /** Where an incident is for the duplicate search: its point, else its region's representative point. */
  async function sightingOf(
    tx: DbOrTx,
    r: Pick<IncidentRow, 'id' | 'eventType' | 'lon' | 'lat' | 'regionCode' | 'occurredAt'>,
  ) {
    const type = r.eventType !== null && isEventTypeId(r.eventType) ? r.eventType : null;
    if (!type) return null;
    let lon = r.lon;
    let lat = r.lat;
    if (lon === null || lat === null) {
      const region = await getRegionRow(tx, r.regionCode);
      lon = region?.lon ?? null;
      lat = region?.lat ?? null;
    }
    if (lon === null || lat === null) return null;
    return { id: r.id, type, lon, lat, at: r.occurredAt };
  }

  async function duplicatesFor(
    tx: DbOrTx,
    actor: Actor,
    sighting: { id: string; type: EventTypeId; lon: number; lat: number; at: Date } | null,
    now: Date,
  ): Promise<DuplicateCandidateView[]> {
    if (!sighting) return [];
    const windowMs = commandConfig.duplicates.windowMinutes * 60_000;
    const candidates = await findDuplicateCandidates(
      tx,
      actor.scope,
      new Date(sighting.at.getTime() - windowMs),
      new Date(sighting.at.getTime() + windowMs),
    );
    const byId = new Map(candidates.map((c) => [c.id, c]));
    const found = findPossibleDuplicates(
      sighting,
      candidates.map((c) => ({
        id: c.id,
        type: c.eventType as EventTypeId,
        lon: c.lon!,
        lat: c.lat!,
        at: c.occurredAt,
      })),
      commandConfig.duplicates,
    ).slice(0, 20);
    const rows = found.map((d) => byId.get(d.incident.id)!);
    const views = new Map((await viewsOf(tx, rows, now)).map((v) => [v.id, v]));
    return found.map((d) => ({
      incident: views.get(d.incident.id)!,
      distanceKm: d.distanceKm,
      minutesApart: d.minutesApart,
      typeMatch: d.typeMatch,
    }));
  }

  async function detailOf(tx: DbOrTx, actor: Actor, row: IncidentRow, now: Date): Promise<IncidentDetail> {
    const reports = await reportsOf(tx, [row.id]);
    const [names, tasks] = await Promise.all([
      regionNames(tx, [row.regionCode, townshipOf(row.regionCode) ?? row.regionCode]),
      openTaskCounts(tx, [row.id]),
    ]);
    const reporting = reportingOf(row, reports, now);
    const view = viewOf(row, names, reporting, tasks.get(row.id) ?? 0);
    const basis = basisOf(row);
    const open = row.status === 'reported' || row.status === 'responding';
    return {
      ...view,
      description: row.description,
      intake: row.intake ?? {},
      gradeBasis: basis?.reasons ?? [],
      gradingRule: basis ? GRADING_RULE_LABELS[basis.rule] : null,
      reporting: reportingStatusView(reporting),
      duplicates: open ? await duplicatesFor(tx, actor, await sightingOf(tx, row), now) : [],
      alarmId: row.alarmId,
      closeSummary: row.closeSummary,
      closedAt: iso(row.closedAt),
    };
  }

  /** Region of a new incident: it must exist, be a township or village of the county, and be in scope. */
  async function checkRegion(actor: Actor, code: string, path: string): Promise<ErrorDetail[]> {
    const region = await getRegionRow(db, code);
    if (!region || !code.startsWith(config.regionCode))
      return [{ path, message: '区划代码不存在或不在本县' }];
    if (!isInScope(actor.scope, { regionCode: code })) return [{ path, message: '不在您的管辖范围内' }];
    return [];
  }

  function publish(changes: CommandChange[]): void {
    s.bus.publish(changes);
  }
  const change = (
    row: Pick<IncidentRow, 'id' | 'regionCode'>,
    topic: string,
    at: Date,
    extra: { seq?: number; refId?: string } = {},
  ): CommandChange => ({ incidentId: row.id, regionCode: row.regionCode, topic, at: at.getTime(), ...extra });

  const timeline = (tx: DbOrTx, entry: TimelineEntryInput) => appendTimeline(tx, entry);

  /** Grades `type` with `figures`, for storing: grade, basis, and the timeline summary line. */
  function grade(type: EventTypeId, figures: IncidentFiguresView): IncidentGrading {
    return gradeIncident({ type, figures: gradedFigures(figures) }, commandConfig.grading);
  }

  function conflictIfStale(row: IncidentRow, version: number): void {
    if (row.version !== version)
      throw new AppError('conflict', '事件已被他人修改，请刷新后重试', {
        details: [{ path: 'version', message: `当前版本为 ${row.version}` }],
      });
  }

  function requireOpen(row: IncidentRow): void {
    if (row.status === 'closed') throw new AppError('conflict', '事件已结束，不能再修改');
    if (row.status === 'merged') throw new AppError('conflict', '事件已合并到另一事件，请在该事件中操作');
  }

  /** Writes a new incident with its intake and grading timeline rows and audit, in `tx`. */
  async function createIncident(
    tx: DbOrTx,
    actor: Actor,
    name: string,
    now: Date,
    values: {
      title: string;
      source: IncidentRow['source'];
      eventType: EventTypeId | null;
      figures: IncidentFiguresView;
      regionCode: string;
      orgUnitId?: string | null;
      lon: number | null;
      lat: number | null;
      description: string;
      occurredAt: Date;
      knownAt: Date;
      intake: IncidentIntakeView;
    },
    auditAction: 'incident.create' | 'incident.field_report',
    intakeSummary: string,
  ): Promise<{ row: IncidentRow; seq: number }> {
    const grading = values.eventType ? grade(values.eventType, values.figures) : null;
    let row = await insertIncidentRow(tx, {
      title: values.title,
      source: values.source,
      status: 'reported',
      eventType: values.eventType,
      eventClass: values.eventType ? eventClassOf(values.eventType) : null,
      figures: values.figures,
      grade: grading?.grade ?? null,
      gradeBasis: grading ? { rule: grading.rule, reasons: grading.reasons } : null,
      knownAt: values.knownAt,
      intake: values.intake,
      regionCode: values.regionCode,
      orgUnitId: values.orgUnitId ?? null,
      lon: values.lon,
      lat: values.lat,
      description: values.description,
      occurredAt: values.occurredAt,
      createdById: userIdOf(actor),
      createdAt: now,
      updatedAt: now,
    });
    let last = await timeline(tx, {
      incidentId: row.id,
      at: now,
      kind: 'intake',
      actorId: userIdOf(actor),
      actorName: name,
      summary: intakeSummary,
      data: { source: values.source, figures: values.figures, intake: values.intake },
    });
    if (grading && values.eventType) {
      last = await timeline(tx, {
        incidentId: row.id,
        at: now,
        kind: 'grading',
        actorId: null,
        actorName: '系统',
        summary: `定级：${grading.grade ?? '未定级（按预案研判）'}（${GRADING_RULE_LABELS[grading.rule]}）`,
        data: { grade: grading.grade, rule: grading.rule, reasons: grading.reasons },
      });
    }
    await audit(
      tx,
      actor,
      {
        action: auditAction,
        entityType: 'incident',
        entityId: row.id,
        regionCode: row.regionCode,
        details: {
          title: row.title,
          source: row.source,
          eventType: row.eventType,
          grade: row.grade,
          figures: values.figures,
        },
      },
      now,
    );
    row = await refreshClock(tx, row, now);
    return { row, seq: last.seq };
  }

  // ---- command stream ----

  interface Connection {
    actor: Actor;
    sessionId: string;
    sink: CommandSink;
    timer: NodeJS.Timeout;
    closed: boolean;
  }
  const connections = new Set<Connection>();
  const drop = (c: Connection) => {
    if (c.closed) return;
    c.closed = true;
    clearInterval(c.timer);
    connections.delete(c);
  };
  const endStream = (c: Connection, code: string, message: string) => {
    c.sink.send('end', { code, message });
    drop(c);
    c.sink.end();
  };
  s.bus.subscribe((changes) => {
    for (const c of connections) {
      if (c.closed) continue;
      for (const ch of changes) {
        if (!isInScope(c.actor.scope, { regionCode: ch.regionCode })) continue;
        if (!c.sink.send('change', ch)) {
          drop(c);
          c.sink.end();
          break;
        }
      }
    }
  });
  async function recheck(c: Connection): Promise<void> {
    const now = clock();
    const session = await getSession(db, c.sessionId);
    const idleMs = config.session.idleMinutes * 60_000;
    if (!session || session.expiresAt <= now || now.getTime() - session.lastSeenAt.getTime() > idleMs)
      return endStream(c, 'session_expired', '会话已结束，请重新登录');
    const user = await getUserById(db, session.userId);
    if (!user || user.disabled) return endStream(c, 'account_disabled', '账号已停用');
    if (!hasPermission(user.roles as Actor['roles'], 'incident:read'))
      return endStream(c, 'forbidden', '没有查看事件的权限');
    c.actor = { ...c.actor, roles: user.roles as Actor['roles'], scope: scopeOfUser(user) };
  }

  return {
    /** Incidents in the caller's jurisdiction, newest first. @throws forbidden | validation_failed */
    async list(actor: Actor, raw: unknown): Promise<Page<IncidentView>> {
      requirePermission(actor, 'incident:read');
      const q = parseInput(IncidentListQuery, raw ?? {});
      const { rows, total } = await findIncidents(db, actor.scope, q);
      return { items: await viewsOf(db, rows, clock()), total, page: q.page, pageSize: q.pageSize };
    },

    /** @throws forbidden | not_found */
    async get(actor: Actor, id: string): Promise<IncidentDetail> {
      requirePermission(actor, 'incident:read');
      const row = await loadVisible(db, actor, id);
      return detailOf(db, actor, row, clock());
    },

    /** Possible duplicates of a prospective incident (接报 form, before saving). */
    async duplicates(actor: Actor, raw: unknown): Promise<{ items: DuplicateCandidateView[] }> {
      requirePermission(actor, 'incident:read');
      const input = parseInput(DuplicatesRequest, raw);
      const items = await duplicatesFor(
        db,
        actor,
        { id: '', type: input.eventType, lon: input.lon, lat: input.lat, at: new Date(input.occurredAt) },
        clock(),
      );
      return { items };
    },

    /**
     * 接报: a phone call (or an incident typed in by hand), graded at once; answers the detail with the
     * possible duplicates. @throws forbidden | validation_failed
     */
    async intake(actor: Actor, raw: unknown): Promise<IncidentDetail> {
      requirePermission(actor, 'incident:write');
      const input = parseInput(IntakeRequest, raw);
      const now = clock();
      const problems = await checkRegion(actor, input.regionCode, 'regionCode');
      const occurredAt = new Date(input.occurredAt);
      const knownAt = input.knownAt ? new Date(input.knownAt) : now;
      if (occurredAt.getTime() > now.getTime() + 5 * 60_000)
        problems.push({ path: 'occurredAt', message: '事发时间不能晚于现在' });
      if (knownAt.getTime() < occurredAt.getTime())
        problems.push({ path: 'knownAt', message: '接报时间不能早于事发时间' });
      rejectIfAny(problems);
      const type = input.eventType;
      const figures = input.figures ?? {};
      const { row, seq } = await db.transaction(async (tx) => {
        const name = await actorName(tx, actor);
        const intake: IncidentIntakeView = {
          caller: input.caller,
          place: input.place,
          ...(input.measuresTaken ? { measuresTaken: input.measuresTaken } : {}),
          casualtiesText: figuresText(figures),
          ...(input.accidentType ? { accidentType: input.accidentType } : {}),
          ...(input.hazard ? { hazard: input.hazard } : {}),
          reportedByName: name,
        };
        const caller = [input.caller.unit, input.caller.name, input.caller.phone].filter(Boolean).join(' ');
        return createIncident(
          tx,
          actor,
          name,
          now,
          {
            title: input.title ?? `${input.place}${getEventType(type).zh}`,
            source: input.source,
            eventType: type,
            figures,
            regionCode: input.regionCode,
            lon: input.lon ?? null,
            lat: input.lat ?? null,
            description: input.description,
            occurredAt,
            knownAt,
            intake,
          },
          'incident.create',
          `${input.source === 'phone' ? '电话接报' : '录入事件'}：${describeEventType(type)}，${input.place}；来电人 ${caller}；${figuresText(figures)}`,
        );
      });
      publish([change(row, 'incident', now, { seq })]);
      return detailOf(db, actor, row, now);
    },

    /**
     * A village information officer's report from a phone. Idempotent on `clientId`: a retry answers the first
     * incident (`created: false`) and writes nothing. Photos are stored with the incident.
     * @throws forbidden | validation_failed | conflict (the client id belongs to another account's report)
     */
    async fieldReport(actor: Actor, raw: unknown): Promise<{ incidentId: string; created: boolean }> {
      requirePermission(actor, 'incident:field_report');
      const input = parseInput(FieldReportRequest, raw);
      const now = clock();
      const regionCode = actor.scope.regionCode;
      if (actor.scope.level === 'enterprise' || actor.scope.level === 'department')
        throw new AppError('forbidden', '现场报告须由乡镇或村（社区）账号提交');
      const photos = (input.photos ?? []).map((p, i) => ({
        ...p,
        content: Buffer.from(p.dataBase64, 'base64'),
        path: `photos.${i}`,
      }));
      rejectIfAny(photos.flatMap((p) => incidentFileProblems(p, p.path)));
      const result = await db.transaction(async (tx) => {
        await lockClientId(tx, input.clientId);
        const existing = await findByClientId(tx, input.clientId);
        if (existing) {
          if (existing.createdById !== userIdOf(actor)) throw new AppError('conflict', '该报告编号已被使用');
          return { row: existing, created: false, seq: undefined };
        }
        const name = await actorName(tx, actor);
        const region = await getRegionRow(tx, regionCode);
        const type = input.eventType;
        const figures: IncidentFiguresView = {
          ...(input.deaths !== undefined ? { deaths: input.deaths } : {}),
          ...(input.missing !== undefined ? { missing: input.missing } : {}),
          ...(input.injuries !== undefined ? { injuries: input.injuries } : {}),
        };
        const created = await createIncident(
          tx,
          actor,
          name,
          now,
          {
            title: `${region?.name ?? ''}${getEventType(type).zh}（现场报告）`,
            source: 'field',
            eventType: type,
            figures,
            regionCode,
            lon: input.lon,
            lat: input.lat,
            description: input.description,
            occurredAt: now,
            knownAt: now,
            intake: {
              clientId: input.clientId,
              place: region?.name ?? regionCode,
              casualtiesText: figuresText(figures),
              ...(input.accuracyM !== undefined ? { accuracyM: input.accuracyM } : {}),
              reportedByName: name,
              photoIds: [],
            },
          },
          'incident.field_report',
          `村灾害信息员 ${name} 现场报告：${describeEventType(type)}，${input.description}；${figuresText(figures)}${photos.length ? `；照片 ${photos.length} 张` : ''}`,
        );
        let row = created.row;
        const ids: string[] = [];
        for (const p of photos) {
          const file = await saveIncidentFile(tx, {
            incidentId: row.id,
            fileName: p.fileName,
            contentType: p.contentType,
            content: p.content,
            uploadedById: userIdOf(actor),
            uploadedByName: name,
            createdAt: now,
          });
          ids.push(file.id);
          await audit(
            tx,
            actor,
            {
              action: 'incident.file_upload',
              entityType: 'incident_file',
              entityId: file.id,
              regionCode,
              details: { incidentId: row.id, fileName: file.fileName, size: file.size, sha256: file.sha256 },
            },
            now,
          );
        }
        if (ids.length)
          row = await updateIncidentRow(tx, row.id, {
            intake: { ...(row.intake as IncidentIntakeView), photoIds: ids },
          });
        return { row, created: true, seq: created.seq };
      });
      if (result.created) publish([change(result.row, 'incident', now, { seq: result.seq })]);
      return { incidentId: result.row.id, created: result.created };
    },

    /**
     * An incident from a received external warning (the county's). A second call answers the open incident of
     * the first (`created: false`). @throws forbidden | not_found | validation_failed
     */
    async fromExternalWarning(
      actor: Actor,
      externalId: string,
      raw: unknown,
    ): Promise<{ detail: IncidentDetail; created: boolean }> {
      requirePermission(actor, 'incident:write');
      const input = parseInput(FromExternalWarningRequest, raw);
      const now = clock();
      const result = await db.transaction(async (tx) => {
        const ext = await getExternalById(tx, externalId);
        if (!ext || !isInScope(actor.scope, { regionCode: ext.regionCode })) throw notFound('外部预警');
        const existing = await findByExternalWarning(tx, ext.id);
        if (existing) return { row: existing, created: false, seq: undefined };
        const name = await actorName(tx, actor);
        const alert = ext.alert as {
          info?: { description?: string; areaDesc?: string; area?: { areaDesc?: string }[] }[];
        };
        const info = alert.info?.[0];
        const title = ext.headline ?? ext.event ?? getEventType(input.eventType).zh;
        const created = await createIncident(
          tx,
          actor,
          name,
          now,
          {
            title,
            source: 'external_warning',
            eventType: input.eventType,
            figures: {},
            regionCode: ext.regionCode,
            lon: null,
            lat: null,
            description: info?.description ?? title,
            occurredAt: ext.effectiveAt ?? ext.sentAt,
            knownAt: now,
            intake: {
              externalWarningId: ext.id,
              externalWarningTitle: title,
              ...(info?.area?.[0]?.areaDesc ? { place: info.area[0].areaDesc } : {}),
              reportedByName: name,
            },
          },
          'incident.create',
          `由外部预警转入：${title}（${ext.sender}）`,
        );
        return { row: created.row, created: true, seq: created.seq };
      });
      if (result.created) publish([change(result.row, 'incident', now, { seq: result.seq })]);
      return { detail: await detailOf(db, actor, result.row, now), created: result.created };
    },

    /**
     * Edits the incident; classifying (eventType) regrades. @throws forbidden | not_found | validation_failed |
     * conflict (stale version, closed or merged)
     */
    async update(actor: Actor, id: string, raw: unknown): Promise<IncidentDetail> {
      requirePermission(actor, 'incident:write');
      const input = parseInput(IncidentPatchRequest, raw);
      const now = clock();
      if (input.regionCode) rejectIfAny(await checkRegion(actor, input.regionCode, 'regionCode'));
      const { row, seq } = await db.transaction(async (tx) => {
        const before = await loadVisible(tx, actor, id, true);
        conflictIfStale(before, input.version);
        requireOpen(before);
        const name = await actorName(tx, actor);
        const intake = { ...((before.intake ?? {}) as IncidentIntakeView) };
        if (input.place !== undefined) intake.place = input.place;
        const patch: Partial<IncidentRow> = {
          ...(input.title !== undefined ? { title: input.title } : {}),
          ...(input.regionCode !== undefined ? { regionCode: input.regionCode } : {}),
          ...(input.lon !== undefined ? { lon: input.lon, lat: input.lat ?? null } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.place !== undefined ? { intake } : {}),
        };
        const changed = Object.keys(patch).filter((k) => k !== 'intake');
        if (input.place !== undefined && intake.place !== (before.intake as IncidentIntakeView).place)
          changed.push('place');
        let grading: IncidentGrading | null = null;
        if (input.eventType !== undefined && input.eventType !== before.eventType) {
          grading = grade(input.eventType, before.figures ?? {});
          const manual = grading.rule === 'none' && before.grade !== null;
          Object.assign(patch, {
            eventType: input.eventType,
            eventClass: eventClassOf(input.eventType),
            grade: manual ? before.grade : grading.grade,
            gradeBasis: { rule: grading.rule, reasons: grading.reasons },
          });
          changed.push('eventType');
        }
        if (!changed.length) return { row: before, seq: undefined };
        let row = await updateIncidentRow(tx, id, { ...patch, version: before.version + 1, updatedAt: now });
        let last = await timeline(tx, {
          incidentId: id,
          at: now,
          kind: 'note',
          actorId: userIdOf(actor),
          actorName: name,
          summary:
            input.eventType !== undefined && input.eventType !== before.eventType
              ? `${before.eventType ? '更改事件类型' : '事件分类'}：${describeEventType(input.eventType)}`
              : `修改事件信息（${changed.join('、')}）`,
          data: { changed },
        });
        if (grading && input.eventType) {
          last = await timeline(tx, {
            incidentId: id,
            at: now,
            kind: 'grading',
            actorId: null,
            actorName: '系统',
            summary: `定级：${row.grade ?? '未定级（按预案研判）'}（${GRADING_RULE_LABELS[grading.rule]}）`,
            data: { from: before.grade, grade: row.grade, rule: grading.rule, reasons: grading.reasons },
          });
        }
        await audit(
          tx,
          actor,
          {
            action: 'incident.update',
            entityType: 'incident',
            entityId: id,
            regionCode: row.regionCode,
            details: {
              changed,
              ...(grading ? { eventType: row.eventType, grade: [before.grade, row.grade] } : {}),
            },
          },
          now,
        );
        row = await refreshClock(tx, row, now);
        return { row, seq: last.seq };
      });
      if (seq !== undefined) publish([change(row, 'incident', now, { seq })]);
      return detailOf(db, actor, row, now);
    },

    /**
     * 续报: new cumulative figures; regrades (domain `regradeOnFollowUp`), records casualty changes (补报 clock)
     * and stabilisation (核报 clock). @throws forbidden | not_found | validation_failed | conflict
     */
    async followUp(actor: Actor, id: string, raw: unknown): Promise<IncidentDetail> {
      requirePermission(actor, 'incident:write');
      const input = parseInput(FollowUpRequest, raw);
      const now = clock();
      const at = input.at ? new Date(input.at) : now;
      if (at.getTime() > now.getTime() + 60_000)
        rejectIfAny([{ path: 'at', message: '续报时间不能晚于现在' }]);
      const { row, seq } = await db.transaction(async (tx) => {
        const before = await loadVisible(tx, actor, id, true);
        requireOpen(before);
        const type = typeOf(before);
        if (!type) rejectIfAny([{ path: 'figures', message: '请先确定事件类型（分类）再续报数字' }]);
        const name = await actorName(tx, actor);
        const old = (before.figures ?? {}) as IncidentFiguresView;
        const figures: IncidentFiguresView = { ...old, ...input.figures };
        const regrading = regradeOnFollowUp(
          {
            type: type!,
            grade: (before.grade as IncidentDetail['grade']) ?? null,
            figures: gradedFigures(old),
          },
          gradedFigures(figures),
          commandConfig.grading,
        );
        const casualtyChanged = CASUALTY_FIGURES.some((k) => (old[k] ?? null) !== (figures[k] ?? null));
        const patch: Partial<IncidentRow> = {
          figures,
          grade: regrading.to,
          gradeBasis:
            regrading.grading.rule === 'none' && before.gradeBasis
              ? before.gradeBasis
              : { rule: regrading.grading.rule, reasons: regrading.grading.reasons },
          intake: { ...((before.intake ?? {}) as IncidentIntakeView), casualtiesText: figuresText(figures) },
          version: before.version + 1,
          updatedAt: now,
        };
        if (casualtyChanged)
          patch.casualtyChangesAt = [...(before.casualtyChangesAt ?? []), at.toISOString()];
        if (input.stabilized && !before.stabilizedAt) patch.stabilizedAt = at;
        let row = await updateIncidentRow(tx, id, patch);
        let last = await timeline(tx, {
          incidentId: id,
          at,
          kind: 'follow_up',
          actorId: userIdOf(actor),
          actorName: name,
          summary: `续报：${input.note}；${figuresText(figures)}${input.stabilized ? '；灾情已稳定' : ''}`,
          data: { figures, changes: regrading.figureChanges, stabilized: input.stabilized ?? false },
        });
        await audit(
          tx,
          actor,
          {
            action: 'incident.follow_up',
            entityType: 'incident',
            entityId: id,
            regionCode: row.regionCode,
            details: {
              figures,
              changes: regrading.figureChanges,
              note: input.note,
              stabilized: input.stabilized ?? false,
            },
          },
          now,
        );
        if (regrading.changed) {
          last = await timeline(tx, {
            incidentId: id,
            at,
            kind: 'grading',
            actorId: null,
            actorName: '系统',
            summary: `重新定级：${regrading.from ?? '未定级'} → ${regrading.to ?? '未定级'}`,
            data: {
              from: regrading.from,
              to: regrading.to,
              direction: regrading.direction,
              reasons: regrading.reasons,
            },
          });
          await audit(
            tx,
            actor,
            {
              action: 'incident.regrade',
              entityType: 'incident',
              entityId: id,
              regionCode: row.regionCode,
              details: { from: regrading.from, to: regrading.to, reasons: regrading.reasons },
            },
            now,
          );
        }
        row = await refreshClock(tx, row, now);
        return { row, seq: last.seq };
      });
      publish([change(row, 'incident', now, { seq })]);
      return detailOf(db, actor, row, now);
    },

    /** The response level (Ⅰ–Ⅳ), a recorded decision with who and why. @throws forbidden | not_found | conflict */
    async setResponseLevel(actor: Actor, id: string, raw: unknown): Promise<IncidentDetail> {
      requirePermission(actor, 'incident:command');
      const input = parseInput(ResponseLevelRequest, raw);
      const now = clock();
      const { row, seq } = await db.transaction(async (tx) => {
        const before = await loadVisible(tx, actor, id, true);
        requireOpen(before);
        const name = await actorName(tx, actor);
        const row = await updateIncidentRow(tx, id, {
          responseLevel: input.level,
          status: 'responding',
          version: before.version + 1,
          updatedAt: now,
        });
        const entry = await timeline(tx, {
          incidentId: id,
          at: now,
          kind: 'decision',
          actorId: userIdOf(actor),
          actorName: name,
          summary: `${name} 决定启动${RESPONSE_LEVEL_LABELS[input.level]}${before.responseLevel ? `（原${RESPONSE_LEVEL_LABELS[before.responseLevel as keyof typeof RESPONSE_LEVEL_LABELS] ?? before.responseLevel}）` : ''}：${input.reason}`,
          data: {
            level: input.level,
            from: before.responseLevel,
            reason: input.reason,
            decidedBy: { id: userIdOf(actor), name },
          },
        });
        await audit(
          tx,
          actor,
          {
            action: 'incident.response_level',
            entityType: 'incident',
            entityId: id,
            regionCode: row.regionCode,
            details: { level: input.level, from: before.responseLevel, reason: input.reason },
          },
          now,
        );
        return { row, seq: entry.seq };
      });
      publish([change(row, 'incident', now, { seq })]);
      return detailOf(db, actor, row, now);
    },

    /**
     * Merges `duplicateId` into `id`: the duplicate becomes `merged` (its figures and reports stay readable),
     * both timelines get a `merge` entry. @throws forbidden | not_found | validation_failed | conflict
     */
    async merge(actor: Actor, id: string, raw: unknown): Promise<IncidentDetail> {
      requirePermission(actor, 'incident:write');
      const input = parseInput(MergeRequest, raw);
      if (input.duplicateId === id) rejectIfAny([{ path: 'duplicateId', message: '不能与自身合并' }]);
      const now = clock();
      const { row, dup, seqs } = await db.transaction(async (tx) => {
        // Lock in id order: two merges of the same pair cannot deadlock.
        const [first, second] = [id, input.duplicateId].sort();
        const a = await loadVisible(tx, actor, first!, true);
        const b = await loadVisible(tx, actor, second!, true);
        const [target, duplicate] = a.id === id ? [a, b] : [b, a];
        requireOpen(target);
        if (duplicate.status === 'merged') throw new AppError('conflict', '该事件已合并到其他事件');
        if (duplicate.status === 'closed') throw new AppError('conflict', '已结束的事件不能合并');
        const name = await actorName(tx, actor);
        const dup = await updateIncidentRow(tx, duplicate.id, {
          status: 'merged',
          mergedIntoId: target.id,
          nextTimerAt: null,
          version: duplicate.version + 1,
          updatedAt: now,
        });
        const row = await updateIncidentRow(tx, target.id, { version: target.version + 1, updatedAt: now });
        const e1 = await timeline(tx, {
          incidentId: target.id,
          at: now,
          kind: 'merge',
          actorId: userIdOf(actor),
          actorName: name,
          summary: `合并重复事件：${duplicate.title}（${figuresText(duplicate.figures ?? {})}）`,
          data: { duplicateId: duplicate.id, duplicateTitle: duplicate.title, figures: duplicate.figures },
          refId: duplicate.id,
        });
        const e2 = await timeline(tx, {
          incidentId: duplicate.id,
          at: now,
          kind: 'merge',
          actorId: userIdOf(actor),
          actorName: name,
          summary: `已合并到事件：${target.title}`,
          data: { mergedIntoId: target.id, title: target.title },
          refId: target.id,
        });
        await audit(
          tx,
          actor,
          {
            action: 'incident.merge',
            entityType: 'incident',
            entityId: target.id,
            regionCode: target.regionCode,
            details: { duplicateId: duplicate.id, duplicateTitle: duplicate.title },
          },
          now,
        );
        return { row, dup, seqs: [e1.seq, e2.seq] as const };
      });
      publish([
        change(row, 'incident', now, { seq: seqs[0], refId: dup.id }),
        change(dup, 'incident', now, { seq: seqs[1], refId: row.id }),
      ]);
      return detailOf(db, actor, row, now);
    },

    /** A phone/radio/video/meeting contact note on the timeline. @throws forbidden | not_found | conflict */
    async addContact(actor: Actor, id: string, raw: unknown): Promise<TimelineEntryView> {
      requirePermission(actor, 'incident:write');
      const input = parseInput(ContactNoteRequest, raw);
      const now = clock();
      const at = input.at ? new Date(input.at) : now;
      if (at.getTime() > now.getTime() + 60_000)
        rejectIfAny([{ path: 'at', message: '联络时间不能晚于现在' }]);
      const { row, entry } = await db.transaction(async (tx) => {
        const row = await loadVisible(tx, actor, id, true);
        if (row.status === 'merged') throw new AppError('conflict', '事件已合并到另一事件，请在该事件中操作');
        const name = await actorName(tx, actor);
        const entry = await timeline(tx, {
          incidentId: id,
          at,
          kind: 'contact',
          actorId: userIdOf(actor),
          actorName: name,
          summary: `${CONTACT_CHANNEL_LABELS[input.channel]}联络 ${input.party}：${input.summary}`,
          data: { channel: input.channel, party: input.party, summary: input.summary },
        });
        await audit(
          tx,
          actor,
          {
            action: 'incident.contact',
            entityType: 'incident',
            entityId: id,
            regionCode: row.regionCode,
            details: { channel: input.channel, party: input.party, at: at.toISOString() },
          },
          now,
        );
        return { row, entry };
      });
      publish([change(row, 'timeline', now, { seq: entry.seq })]);
      return toTimelineView(entry);
    },

    /**
     * Close-out. Refused (validation_failed listing each) while tasks are open or allocations have not arrived,
     * unless `force`. Ends the plan activation and the reporting timers except a pending 核报.
     * @throws forbidden | not_found | validation_failed | conflict
     */
    async close(actor: Actor, id: string, raw: unknown): Promise<IncidentDetail> {
      requirePermission(actor, 'incident:command');
      const input = parseInput(CloseRequest, raw);
      const now = clock();
      const { row, seq } = await db.transaction(async (tx) => {
        const before = await loadVisible(tx, actor, id, true);
        requireOpen(before);
        const work = await findOpenWork(tx, id);
        const open: ErrorDetail[] = [
          ...work.tasks.map((t) => ({
            path: `tasks.${t.id}`,
            message: `任务未办结：${t.title}（${t.assigneeName}，${t.state === 'pending_read' ? '待查阅' : t.state === 'read' ? '已读' : '已反馈'}）`,
          })),
          ...work.allocations.map((a) => ({
            path: `allocations.${a.id}`,
            message: `调拨物资未到达：${a.destination}（${a.state === 'allocated' ? '已出库' : '运输中'}）`,
          })),
        ];
        if (open.length && !input.force)
          throw new AppError(
            'validation_failed',
            `尚有 ${open.length} 项工作未完成，不能结束事件（可强制结束并说明）`,
            {
              details: open,
            },
          );
        const name = await actorName(tx, actor);
        const disaster = regimeOf(before) === 'disaster';
        let row = await updateIncidentRow(tx, id, {
          status: 'closed',
          closedAt: now,
          closedById: userIdOf(actor),
          closeSummary: input.summary,
          // Closing a disaster means it is stable: the 核报 clock starts (it still must be filed).
          ...(disaster && !before.stabilizedAt ? { stabilizedAt: now } : {}),
          version: before.version + 1,
          updatedAt: now,
        });
        const ended = await endActivations(tx, id, now);
        const entry = await timeline(tx, {
          incidentId: id,
          at: now,
          kind: 'close',
          actorId: userIdOf(actor),
          actorName: name,
          summary: `事件结束${input.force && open.length ? `（强制结束，${open.length} 项工作未完成）` : ''}：${input.summary}`,
          data: {
            summary: input.summary,
            forced: Boolean(input.force && open.length),
            openWork: open,
            endedActivations: ended,
          },
        });
        await audit(
          tx,
          actor,
          {
            action: 'incident.close',
            entityType: 'incident',
            entityId: id,
            regionCode: row.regionCode,
            details: {
              summary: input.summary,
              forced: Boolean(input.force && open.length),
              openWork: open.length,
            },
          },
          now,
        );
        row = await refreshClock(tx, row, now);
        return { row, seq: entry.seq };
      });
      publish([change(row, 'incident', now, { seq })]);
      return detailOf(db, actor, row, now);
    },

    /** The incident's timeline, ascending, after `afterSeq`. @throws forbidden | not_found */
    async timeline(actor: Actor, id: string, afterSeq = 0): Promise<{ items: TimelineEntryView[] }> {
      requirePermission(actor, 'incident:read');
      await loadVisible(db, actor, id);
      return { items: (await listTimeline(db, id, afterSeq)).map(toTimelineView) };
    },

    /**
     * The workspace's own part (incident, timeline, findings); the route adds the tasks, activations,
     * allocations, situation reports and reports from their services. @throws forbidden | not_found
     */
    async workspace(actor: Actor, id: string): Promise<WorkspaceCore> {
      requirePermission(actor, 'incident:read');
      const now = clock();
      const row = await loadVisible(db, actor, id);
      const today = beijingDate(now);
      const [incident, entries, findings] = await Promise.all([
        detailOf(db, actor, row, now),
        listTimeline(db, id),
        listFindingsOf(db, id),
      ]);
      return {
        incident,
        timeline: entries.map(toTimelineView),
        findings: findings.map((f) => toFindingView(f, today)),
      };
    },

    // ---- findings (复盘) ----

    /** @throws forbidden | not_found */
    async listFindings(actor: Actor, id: string): Promise<{ items: FindingView[] }> {
      requirePermission(actor, 'incident:read');
      await loadVisible(db, actor, id);
      const today = beijingDate(clock());
      return { items: (await listFindingsOf(db, id)).map((f) => toFindingView(f, today)) };
    },

    /** Findings of the incidents in the caller's jurisdiction (default: not yet verified). */
    async findings(actor: Actor, raw: unknown): Promise<{ items: FindingView[] }> {
      requirePermission(actor, 'incident:read');
      const q = parseInput(FindingListQuery, raw ?? {});
      const today = beijingDate(clock());
      const rows = await findFindings(db, actor.scope, q.state);
      return { items: rows.map((r) => toFindingView(r.finding, today, r.incidentTitle)) };
    },

    /** Records a 复盘 finding. @throws forbidden | not_found | validation_failed */
    async createFinding(actor: Actor, id: string, raw: unknown): Promise<FindingView> {
      requirePermission(actor, 'incident:command');
      const input = parseInput(CreateFindingRequest, raw);
      const now = clock();
      const { row, finding, seq } = await db.transaction(async (tx) => {
        const row = await loadVisible(tx, actor, id, true);
        if (row.status === 'merged') throw new AppError('conflict', '事件已合并到另一事件，请在该事件中操作');
        const name = await actorName(tx, actor);
        const finding = await insertFinding(tx, {
          incidentId: id,
          finding: input.finding,
          responsibleUnit: input.responsibleUnit,
          responsibleOrgUnitId: input.responsibleOrgUnitId ?? null,
          dueOn: input.dueOn,
          state: 'open',
          createdById: userIdOf(actor),
          createdByName: name,
          createdAt: now,
        });
        const entry = await timeline(tx, {
          incidentId: id,
          at: now,
          kind: 'review',
          actorId: userIdOf(actor),
          actorName: name,
          summary: `复盘问题：${input.finding}（责任单位 ${input.responsibleUnit}，整改期限 ${input.dueOn}）`,
          data: { findingId: finding.id, state: 'open' },
          refId: finding.id,
        });
        await audit(
          tx,
          actor,
          {
            action: 'incident.finding_create',
            entityType: 'incident_finding',
            entityId: finding.id,
            regionCode: row.regionCode,
            details: {
              incidentId: id,
              finding: input.finding,
              responsibleUnit: input.responsibleUnit,
              dueOn: input.dueOn,
            },
          },
          now,
        );
        return { row, finding, seq: entry.seq };
      });
      publish([change(row, 'finding', now, { seq, refId: finding.id })]);
      return toFindingView(finding, beijingDate(now));
    },

    /**
     * 整改: by incident:write in the incident's jurisdiction, or task:feedback of the responsible org unit.
     * @throws forbidden | not_found | conflict (not open)
     */
    async rectifyFinding(actor: Actor, findingId: string, raw: unknown): Promise<FindingView> {
      const input = parseInput(RectifyFindingRequest, raw);
      return actOnFinding(actor, findingId, 'rectify', (f, name, now) => ({
        patch: { state: 'rectified', rectification: input.rectification, rectifiedAt: now },
        summary: `复盘问题整改：${f.finding} —— ${input.rectification}（${name}）`,
        details: { rectification: input.rectification },
      }));
    },

    /** 验证: accepted → verified (销号); rejected → back to open. @throws forbidden | not_found | conflict */
    async verifyFinding(actor: Actor, findingId: string, raw: unknown): Promise<FindingView> {
      requirePermission(actor, 'incident:command');
      const input = parseInput(VerifyFindingRequest, raw);
      return actOnFinding(
        actor,
        findingId,
        input.accepted ? 'verify_accept' : 'verify_reject',
        (f, name, now) => ({
          patch: input.accepted
            ? {
                state: 'verified',
                verifiedById: userIdOf(actor),
                verifiedByName: name,
                verifiedAt: now,
                verificationNote: input.note,
              }
            : {
                state: 'open',
                verificationNote: input.note,
                verifiedById: null,
                verifiedByName: null,
                verifiedAt: null,
              },
          summary: input.accepted
            ? `复盘问题验证通过（销号）：${f.finding}；${input.note}`
            : `复盘问题整改未通过验证，退回整改：${f.finding}；${input.note}`,
          details: { accepted: input.accepted, note: input.note },
        }),
      );
    },

    /** A stored photo, if its incident is in the caller's jurisdiction. @throws forbidden | not_found */
    async getFile(actor: Actor, id: string): Promise<IncidentFileRow> {
      if (!hasPermission(actor.roles, 'incident:read') && !hasPermission(actor.roles, 'task:feedback'))
        throw new AppError('forbidden', '没有执行此操作的权限');
      const file = await getIncidentFile(db, id);
      if (!file) throw notFound('文件');
      if (file.incidentId) {
        const incident = await getIncident(db, file.incidentId);
        const uploader = file.uploadedById !== null && file.uploadedById === userIdOf(actor);
        if (!incident || (!isInScope(actor.scope, scoped(incident)) && !uploader)) throw notFound('文件');
      } else if (file.uploadedById !== userIdOf(actor)) throw notFound('文件');
      return file;
    },

    // ---- live ----

    /**
     * Opens a command stream for `actor`'s session: `change` events for the jurisdiction, a ping every 15 s
     * (which re-checks the session), `end` when the session ends. Returns the close function.
     */
    openStream(actor: Actor, sessionId: string, sink: CommandSink): { close: () => void } {
      requirePermission(actor, 'incident:read');
      const c: Connection = {
        actor,
        sessionId,
        sink,
        closed: false,
        timer: setInterval(() => {
          if (!c.sink.ping()) {
            drop(c);
            c.sink.end();
            return;
          }
          recheck(c).catch((err: unknown) => log.error({ err }, 'command stream: session re-check failed'));
        }, s.pingMs ?? 15_000),
      };
      c.timer.unref();
      connections.add(c);
      return { close: () => drop(c) };
    },

    /** Ends every command stream (shutdown). */
    closeStreams(): void {
      for (const c of [...connections]) endStream(c, 'shutting_down', '服务正在重启，稍后自动重连');
    },

    get streams(): number {
      return connections.size;
    },
  };

  async function actOnFinding(
    actor: Actor,
    findingId: string,
    action: 'rectify' | 'verify_accept' | 'verify_reject',
    decide: (
      f: FindingRow,
      name: string,
      now: Date,
    ) => { patch: Partial<FindingRow>; summary: string; details: Record<string, unknown> },
  ): Promise<FindingView> {
    const now = clock();
    const { row, finding, seq } = await db.transaction(async (tx) => {
      const before = await lockFinding(tx, findingId);
      const incident = before ? await getIncident(tx, before.incidentId) : null;
      if (!before || !incident) throw notFound(FINDING);
      const inScope = isInScope(actor.scope, scoped(incident));
      if (action === 'rectify') {
        const asUnit =
          hasPermission(actor.roles, 'task:feedback') &&
          before.responsibleOrgUnitId !== null &&
          actor.scope.orgUnitId === before.responsibleOrgUnitId;
        if (!(hasPermission(actor.roles, 'incident:write') && inScope) && !asUnit) {
          if (!inScope && !asUnit) throw notFound(FINDING);
          throw new AppError('forbidden', '没有执行此操作的权限');
        }
      } else if (!inScope) throw notFound(FINDING);
      const next = nextFindingState(before.state as FindingView['state'], action);
      if (next === null)
        throw new AppError(
          'conflict',
          action === 'rectify' ? '只有待整改的问题可以登记整改情况' : '只有已整改的问题可以验证',
        );
      const name = await actorName(tx, actor);
      const d = decide(before, name, now);
      const finding = await updateFinding(tx, findingId, { ...d.patch, state: next });
      const entry = await timeline(tx, {
        incidentId: incident.id,
        at: now,
        kind: 'review',
        actorId: userIdOf(actor),
        actorName: name,
        summary: d.summary,
        data: { findingId, state: next, ...d.details },
        refId: findingId,
      });
      await audit(
        tx,
        actor,
        {
          action: action === 'rectify' ? 'incident.finding_rectify' : 'incident.finding_verify',
          entityType: 'incident_finding',
          entityId: findingId,
          regionCode: incident.regionCode,
          details: { incidentId: incident.id, from: before.state, to: next, ...d.details },
        },
        now,
      );
      return { row: incident, finding, seq: entry.seq };
    });
    publish([change(row, 'finding', now, { seq, refId: finding.id })]);
    return toFindingView(finding, beijingDate(now));
  }
}

export type IncidentService = ReturnType<typeof createIncidentService>;
