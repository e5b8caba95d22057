/**
 * From stored rows to the domain reporting clock (issue #6 part 4): an `incidents` row and its `incident_reports`
 * rows become the domain `ReportingFacts` and `FiledReport`s, and `computeReportingStatus` runs
 * `reportingStatus` on them with the configured options. Shared by the incident service (views, next_timer_at)
 * and the reporting clock (scheduler, reports API): keep the exports stable.
 *
 * Rules applied on top of the domain:
 * - no event type yet (an alarm escalated but not classified) or a type reported under its plan (`general`): no
 *   statutory clock, no timers;
 * - a merged incident has no timers of its own (the incident it was merged into carries the reporting);
 * - a closed incident keeps only a pending 核报 (disaster: it still must be filed); every other timer ends.
 */
import {
  isEventTypeId,
  reportingRegimeOf,
  reportingStatus,
  TRACKED_REPORT_STEPS,
  REPORT_RECIPIENTS,
  type FiledReport,
  type IncidentGrade,
  type IncidentReportKind,
  type ReportingFacts,
  type ReportingRegime,
  type ReportingStatus,
  type ReportingStatusView,
  type ReportingSummaryView,
  type ReportRecipient,
  type TrackedReportStep,
  INCIDENT_GRADES,
} from '@ningan/domain';
import type { CommandConfig } from '../config-command.ts';
import type { incidentReports, incidents } from '../db/schema/index.ts';

export type IncidentRow = typeof incidents.$inferSelect;
export type IncidentReportRow = typeof incidentReports.$inferSelect;

/** The reporting part of the command configuration (the whole CommandConfig is accepted too). */
export type ReportingConfig = Pick<CommandConfig, 'reporting'>;

export interface ReportingComputation {
  regime: ReportingRegime;
  /** Null when no statutory clock applies (unclassified, or `general`). */
  facts: ReportingFacts | null;
  status: ReportingStatus;
  /** The instant the scheduler must wake for this incident (after the close/merge rules), or null. */
  nextTimerAt: Date | null;
}

interface FiguresLike {
  deaths?: number;
  missing?: number;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/** The regime that applies to the incident's type; `general` while unclassified. */
export function regimeOf(incident: Pick<IncidentRow, 'eventType'>): ReportingRegime {
  if (incident.eventType === null || !isEventTypeId(incident.eventType)) return 'general';
  return reportingRegimeOf(incident.eventType).regime;
}

/** Domain reporting facts of an incident row, or null when no statutory clock applies. */
export function reportingFactsOf(incident: IncidentRow): ReportingFacts | null {
  if (incident.eventType === null || !isEventTypeId(incident.eventType)) return null;
  const spec = reportingRegimeOf(incident.eventType);
  if (spec.regime === 'general') return null;
  const intake = (incident.intake ?? {}) as Record<string, unknown>;
  const figures = (incident.figures ?? {}) as FiguresLike;
  const kind: IncidentReportKind = spec.regime;
  const grade = (INCIDENT_GRADES as readonly string[]).includes(incident.grade ?? '')
    ? (incident.grade as IncidentGrade)
    : undefined;
  return {
    kind,
    occurredAt: incident.occurredAt,
    knownAt: incident.knownAt ?? undefined,
    grade,
    deathsAndMissing: num(figures.deaths) + num(figures.missing),
    hazard: spec.regime === 'disaster' ? (str(intake.hazard) ?? spec.hazard) : undefined,
    accidentType: spec.regime === 'accident' ? (str(intake.accidentType) ?? spec.accidentType) : undefined,
    stabilizedAt: incident.stabilizedAt ?? undefined,
    casualtyChangesAt: (incident.casualtyChangesAt ?? []).map((t) => new Date(t)),
  };
}

/** Domain filings of stored `incident_reports` rows (unknown steps are left out). */
export function filedReportsOf(rows: readonly IncidentReportRow[]): FiledReport[] {
  return rows
    .filter((r) => (TRACKED_REPORT_STEPS as readonly string[]).includes(r.step))
    .map((r) => ({
      step: r.step as TrackedReportStep,
      filedAt: r.filedAt,
      to: (REPORT_RECIPIENTS as readonly string[]).includes(r.recipient)
        ? (r.recipient as ReportRecipient)
        : undefined,
      n: r.n ?? undefined,
    }));
}

const EMPTY_STATUS: ReportingStatus = {
  reports: [],
  nextTimerAt: null,
  casualtyWindowEndsAt: null,
  closed: false,
  unmatched: [],
};

/** Where the incident's reporting stands at `now`, and when the server must next wake for it. */
export function computeReportingStatus(
  incident: IncidentRow,
  rows: readonly IncidentReportRow[],
  now: Date,
  config: ReportingConfig,
): ReportingComputation {
  const regime = regimeOf(incident);
  const facts = reportingFactsOf(incident);
  if (facts === null) return { regime, facts, status: EMPTY_STATUS, nextTimerAt: null };
  const options = {
    warnBeforeMinutes: config.reporting.warnBeforeMinutes,
    supplementaryReportHours: config.reporting.supplementaryReportHours,
    config: config.reporting.deadlines,
  };
  const status = reportingStatus(facts, filedReportsOf(rows), now, options);
  let nextTimerAt = status.nextTimerAt;
  if (incident.status === 'merged') nextTimerAt = null;
  else if (incident.status === 'closed') {
    // Only a pending 核报 still runs after close-out.
    const times = status.reports
      .filter((r) => r.step === '核报' && r.filedAt === null)
      .flatMap((r) => [r.warnAt.getTime(), r.due.getTime()])
      .filter((t) => t > now.getTime());
    nextTimerAt = times.length ? new Date(Math.min(...times)) : null;
  }
  return { regime, facts, status, nextTimerAt };
}

/** The API view of a computation (`ReportingStatusView`). */
export function reportingStatusView(c: ReportingComputation): ReportingStatusView {
  return {
    regime: c.regime,
    reports: c.status.reports.map((r) => ({
      step: r.step,
      to: r.to,
      party: r.party,
      n: r.n,
      due: r.due.toISOString(),
      warnAt: r.warnAt.toISOString(),
      state: r.state,
      filedAt: r.filedAt?.toISOString() ?? null,
    })),
    nextTimerAt: c.nextTimerAt?.toISOString() ?? null,
    supplementaryWindowEnds: c.status.casualtyWindowEndsAt?.toISOString() ?? null,
  };
}

/** The list's summary: the next unfiled report the county chases, and the overdue / due-soon counts. */
export function reportingSummaryOf(c: ReportingComputation, closed = false): ReportingSummaryView {
  const open = c.status.reports.filter(
    (r) => r.filedAt === null && r.party !== 'upper' && (!closed || r.step === '核报'),
  );
  const next = open[0] ?? null;
  return {
    next: next ? { step: next.step, to: next.to, due: next.due.toISOString(), state: next.state } : null,
    overdue: open.filter((r) => r.state === 'overdue').length,
    dueSoon: open.filter((r) => r.state === 'due_soon').length,
  };
}
