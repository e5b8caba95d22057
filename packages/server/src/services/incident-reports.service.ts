/**
 * Information reporting (信息报送, issue #6 part 4): an incident's reporting status and filed reports, a draft
 * prefilled from the incident, filing a report (versioned; a 续报 / 补报 without `n` fills the earliest open one —
 * the domain's semantics), and the filed report as a .docx. Filing appends the report, a timeline `report` entry and
 * an `incident.report` audit row and recomputes the incident's durable timer in one transaction; the command bus
 * hears of it after commit.
 */
import {
  AppError,
  FileReportRequest,
  reportKindLabel,
  ReportElements,
  type Actor,
  type ErrorDetail,
  type IncidentReportsView,
  type ReportDraft,
  type ReportDraftQuery,
  type ReportRecipient,
  type ReportView,
  type TrackedReportStep,
} from '@ningan/domain';
import type { CommandBus } from '../command/bus.ts';
import { renderReportDocument } from '../command/documents.ts';
import { refreshReportingClock } from '../command/reporting.ts';
import {
  computeReportingStatus,
  regimeOf,
  reportingStatusView,
  type ReportingComputation,
} from '../command/reporting-facts.ts';
import type { DbOrTx } from '../db/client.ts';
import {
  getIncident,
  getReportById,
  insertReport,
  listReports,
  lockIncident,
  nextReportVersion,
  type IncidentReportRow,
  type IncidentRow,
} from '../repositories/incident-reports.repository.ts';
import { appendTimeline } from '../repositories/incident-timeline.repository.ts';
import { getRegion } from '../repositories/regions.repository.ts';
import { getUserById } from '../repositories/users.repository.ts';
import {
  audit,
  ensureVisible,
  parseInput,
  rejectIfAny,
  requirePermission,
  type ServiceDeps,
} from './context.ts';

/** The county bureau's name on documents. */
export const BUREAU_NAME = '宁县应急管理局';

const ACCIDENT_STEPS: readonly TrackedReportStep[] = [
  '事故报告',
  '事故报告（县级上报）',
  '事故报告（市级上报）',
  '事故报告（省级上报）',
  '伤亡变化补报',
];
const SERIES: readonly TrackedReportStep[] = ['续报', '伤亡变化补报'];

/** Where a step goes when the status does not say (a step with no slot yet). */
const DEFAULT_RECIPIENT: Record<TrackedReportStep, ReportRecipient> = {
  事故报告: '县级应急管理部门',
  '事故报告（县级上报）': '设区的市级应急管理部门',
  '事故报告（市级上报）': '省级应急管理部门',
  '事故报告（省级上报）': '应急管理部',
  伤亡变化补报: '原接报部门',
  初报: '设区的市级应急管理部门',
  '初报（市级上报）': '省级应急管理部门',
  '初报（省级上报）': '应急管理部',
  续报: '设区的市级应急管理部门',
  核报: '设区的市级应急管理部门',
};

export interface IncidentReportService {
  /** `GET /incidents/:id/reports`: status and filings. not_found outside the jurisdiction. */
  list(actor: Actor, incidentId: string): Promise<IncidentReportsView>;
  /** A report of `step` prefilled from the incident (nothing stored). */
  draft(actor: Actor, incidentId: string, query: ReportDraftQuery): Promise<ReportDraft>;
  /** Files a report (incident:write). validation_failed lists every problem. */
  file(actor: Actor, incidentId: string, input: FileReportRequest): Promise<ReportView>;
  /** The filed report as a .docx. */
  document(actor: Actor, reportId: string): Promise<{ fileName: string; content: Buffer }>;
}

export interface IncidentReportDeps {
  bus: CommandBus;
}

/** Report views of an incident (for the workspace), oldest version first. */
export async function reportViewsOf(db: DbOrTx, incidentId: string): Promise<ReportView[]> {
  return (await listReports(db, incidentId)).map(toReportView);
}

export function toReportView(r: IncidentReportRow): ReportView {
  return {
    id: r.id,
    incidentId: r.incidentId,
    step: r.step as TrackedReportStep,
    n: r.n,
    recipient: r.recipient as ReportRecipient,
    filedAt: r.filedAt.toISOString(),
    filedByName: r.filedByName,
    version: r.version,
    kindLabel: reportKindLabel(r.step as TrackedReportStep, r.n),
    content: r.content as ReportElements,
  };
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const str = (v: unknown) => (typeof v === 'string' ? v : '');

export function createIncidentReportService(deps: ServiceDeps, o: IncidentReportDeps): IncidentReportService {
  const { db, clock, config } = deps;

  async function visibleIncident(actor: Actor, id: string, tx: DbOrTx = db): Promise<IncidentRow> {
    requirePermission(actor, 'incident:read');
    return ensureVisible(actor, await getIncident(tx, id), '事件');
  }

  const compute = (incident: IncidentRow, rows: IncidentReportRow[], now: Date) =>
    computeReportingStatus(incident, rows, now, config.command);

  function recipientOf(c: ReportingComputation, step: TrackedReportStep, n: number | null): ReportRecipient {
    const slot =
      c.status.reports.find((r) => r.step === step && (n === null || r.n === n) && r.filedAt === null) ??
      c.status.reports.find((r) => r.step === step);
    return slot?.to ?? DEFAULT_RECIPIENT[step];
  }

  function stepProblems(incident: IncidentRow, step: TrackedReportStep): ErrorDetail[] {
    const regime = regimeOf(incident);
    if (regime === 'accident' && !ACCIDENT_STEPS.includes(step))
      return [
        { path: 'step', message: `生产安全事故按 493 号令报送（事故报告、伤亡变化补报），不适用“${step}”` },
      ];
    if (regime === 'disaster' && ACCIDENT_STEPS.includes(step))
      return [{ path: 'step', message: `自然灾害按统计调查制度报送（初报、续报、核报），不适用“${step}”` }];
    return [];
  }

  return {
    async list(actor, incidentId) {
      const incident = await visibleIncident(actor, incidentId);
      const rows = await listReports(db, incidentId);
      return {
        status: reportingStatusView(compute(incident, rows, clock())),
        filed: rows.map(toReportView),
      };
    },

    async draft(actor, incidentId, query) {
      const incident = await visibleIncident(actor, incidentId);
      const now = clock();
      const rows = await listReports(db, incidentId);
      const c = compute(incident, rows, now);
      const n = query.n ?? (SERIES.includes(query.step) ? nextSeriesNumber(c, query.step) : null);
      const intake = (incident.intake ?? {}) as Record<string, unknown>;
      const caller = (intake.caller ?? {}) as Record<string, unknown>;
      const figures = (incident.figures ?? {}) as Record<string, unknown>;
      const region = await getRegion(db, incident.regionCode);
      const user = await getUserById(db, actor.userId);
      const previous = rows.at(-1)?.content as ReportElements | undefined;
      const loss = num(figures.directLossWanYuan);
      const area = num(figures.burnedAreaHa);
      const losses = [
        loss > 0 ? `直接经济损失约 ${loss} 万元` : '',
        area > 0 ? `受害森林面积约 ${area} 公顷` : '',
        num(figures.affectedPeople) > 0 ? `受灾 ${num(figures.affectedPeople)} 人` : '',
        num(figures.evacuated) > 0 ? `紧急转移安置 ${num(figures.evacuated)} 人` : '',
      ].filter(Boolean);
      const content: ReportElements = {
        occurredAt: incident.occurredAt.toISOString(),
        place:
          str(intake.place) || incident.description?.slice(0, 200) || region?.name || incident.regionCode,
        unit: str(caller.unit) || region?.name || '',
        summary: incident.description ?? incident.title,
        casualties: {
          deaths: num(figures.deaths),
          missing: num(figures.missing),
          seriousInjuries: num(figures.seriousInjuries),
          injuries: num(figures.injuries),
        },
        losses: losses.length ? `${losses.join('，')}。` : (previous?.losses ?? ''),
        measures: str(intake.measuresTaken) || previous?.measures || '',
        nextSteps: previous?.nextSteps ?? '',
        reporter: user?.displayName ?? actor.username,
        phone: user?.phone ?? '',
        ...(previous?.issuer ? { issuer: previous.issuer } : {}),
      };
      return { step: query.step, n, recipient: recipientOf(c, query.step, n), content };
    },

    async file(actor, incidentId, raw) {
      requirePermission(actor, 'incident:write');
      const input = parseInput(FileReportRequest, raw);
      const now = clock();
      const filedAt = input.filedAt ? new Date(input.filedAt) : now;
      const result = await db.transaction(async (tx) => {
        const incident = ensureVisible(actor, await lockIncident(tx, incidentId), '事件');
        const problems: ErrorDetail[] = [...stepProblems(incident, input.step)];
        if (filedAt.getTime() > now.getTime())
          problems.push({ path: 'filedAt', message: '报送时间不能晚于现在' });
        if (filedAt.getTime() < incident.occurredAt.getTime())
          problems.push({ path: 'filedAt', message: '报送时间不能早于事发时间' });
        if (new Date(input.content.occurredAt).getTime() > now.getTime())
          problems.push({ path: 'content.occurredAt', message: '事发时间不能晚于现在' });
        if (input.n !== undefined && !SERIES.includes(input.step))
          problems.push({ path: 'n', message: `“${input.step}”不编号，只有续报和伤亡变化补报有序号` });
        if (incident.status === 'merged')
          problems.push({ path: 'incidentId', message: '该事件已合并到其他事件，请在合并后的事件上报送' });
        rejectIfAny(problems);

        const rows = await listReports(tx, incidentId);
        const before = compute(incident, rows, now);
        let n: number | null = input.n ?? null;
        const recipient = input.recipient ?? recipientOf(before, input.step, n);
        if (n === null && SERIES.includes(input.step)) {
          // The slot this filing fills under the domain's rule (earliest open one), found by trying it.
          const probe: IncidentReportRow = {
            id: 'probe',
            incidentId,
            step: input.step,
            n: null,
            recipient,
            filedAt,
            filedById: null,
            filedByName: '',
            content: {},
            version: 0,
          };
          const after = compute(incident, [...rows, probe], now);
          const filled = after.status.reports.find(
            (r) =>
              r.step === input.step &&
              r.filedAt?.getTime() === filedAt.getTime() &&
              before.status.reports.some((b) => b.step === r.step && b.n === r.n && b.filedAt === null),
          );
          n = filled?.n ?? null;
        }
        if (n !== null && rows.some((r) => r.step === input.step && r.n === n))
          rejectIfAny([{ path: 'n', message: `${reportKindLabel(input.step, n)}已报送过` }]);
        const user = await getUserById(tx, actor.userId);
        const filedByName = user?.displayName ?? actor.username;
        const version = await nextReportVersion(tx, incidentId);
        const row = await insertReport(tx, {
          incidentId,
          step: input.step,
          n,
          recipient,
          filedAt,
          filedById: actor.via === 'system' || actor.via === 'cli' ? null : actor.userId,
          filedByName,
          content: input.content,
          version,
        });
        const c = await refreshReportingClock(tx, incidentId, now, config.command);
        const slot = c?.status.reports.find(
          (r) => r.step === input.step && r.n === n && r.filedAt?.getTime() === filedAt.getTime(),
        );
        const late =
          slot?.state === 'met_late' ? Math.ceil((filedAt.getTime() - slot.due.getTime()) / 60_000) : 0;
        const label = reportKindLabel(input.step, n);
        const summary = `报送${label}（第${version}版）→ ${recipient}${late > 0 ? `，超时 ${late} 分钟` : slot ? '，按时' : ''}`;
        const entry = await appendTimeline(tx, {
          incidentId,
          at: filedAt,
          kind: 'report',
          actorId: actor.userId,
          actorName: filedByName,
          summary,
          data: { step: input.step, n, recipient, version, state: slot?.state ?? null },
          refId: row.id,
        });
        await audit(
          tx,
          actor,
          {
            action: 'incident.report',
            entityType: 'incident',
            entityId: incidentId,
            regionCode: incident.regionCode,
            details: {
              reportId: row.id,
              step: input.step,
              n,
              recipient,
              version,
              filedAt: filedAt.toISOString(),
            },
          },
          now,
        );
        return { row, regionCode: incident.regionCode, seq: entry.seq };
      });
      o.bus.publish([
        {
          incidentId,
          regionCode: result.regionCode,
          topic: 'report',
          seq: result.seq,
          refId: result.row.id,
          at: now.getTime(),
        },
      ]);
      return toReportView(result.row);
    },

    async document(actor, reportId) {
      requirePermission(actor, 'incident:read');
      const report = await getReportById(db, reportId);
      if (!report) throw new AppError('not_found', '报告不存在或无权访问');
      const incident = await visibleIncident(actor, report.incidentId);
      const view = toReportView(report);
      const content = await renderReportDocument({
        unitName: BUREAU_NAME,
        incidentTitle: incident.title,
        kindLabel: view.kindLabel,
        recipient: view.recipient,
        filedAt: report.filedAt,
        filedByName: report.filedByName,
        version: report.version,
        content: view.content,
      });
      return { fileName: `${incident.title}-${view.kindLabel}-第${report.version}版.docx`, content };
    },
  };
}

/** The number of the earliest unfiled slot of a series (for a draft), or the next after the last. */
function nextSeriesNumber(c: ReportingComputation, step: TrackedReportStep): number | null {
  const slots = c.status.reports.filter((r) => r.step === step);
  const open = slots.find((r) => r.filedAt === null);
  if (open) return open.n;
  const last = slots.reduce((m, r) => Math.max(m, r.n ?? 0), 0);
  return last + 1;
}
