/**
 * The reporting clock's persistence (issue #6 part 4): `incidents.next_timer_at` is the durable wake-up of an
 * incident — the next warn or due instant of a report the county chases (reporting-facts.ts applies the domain
 * `reportingStatus` and the close/merge rules). Every service that changes reporting facts (intake, follow-up,
 * grading, close, merge, a filing, a firing) calls `refreshReportingClock` in its transaction; the command
 * scheduler wakes at min(next_timer_at).
 */
import type { TrackedReport } from '@ningan/domain';
import type { DbOrTx } from '../db/client.ts';
import {
  getIncident,
  listFirings,
  listReports,
  setNextTimerAt,
  type FiringKind,
  type IncidentRow,
} from '../repositories/incident-reports.repository.ts';
import {
  computeReportingStatus,
  type ReportingComputation,
  type ReportingConfig,
} from './reporting-facts.ts';

/** A warn or due instant of a chased report. */
export interface ClockInstant {
  report: TrackedReport;
  kind: FiringKind;
  at: Date;
}

/**
 * The reports the county chases (unfiled, of the 事发单位 or the county; after close-out only the 核报; none for a
 * merged incident) and their warn and due instants, earliest first.
 */
export function chasedInstants(incident: IncidentRow, c: ReportingComputation): ClockInstant[] {
  if (incident.status === 'merged') return [];
  return c.status.reports
    .filter(
      (r) => r.filedAt === null && r.party !== 'upper' && (incident.status !== 'closed' || r.step === '核报'),
    )
    .flatMap((r): ClockInstant[] => [
      { report: r, kind: 'warn', at: r.warnAt },
      { report: r, kind: 'overdue', at: r.due },
    ])
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}

export const firingKey = (f: { step: string; n: number | null; recipient: string; kind: string }) =>
  `${f.step}|${f.n ?? 0}|${f.recipient}|${f.kind}`;

/**
 * Recomputes the incident's reporting status at `now` and stores its next timer instant; returns the
 * computation (null when the incident does not exist).
 */
export async function refreshReportingClock(
  tx: DbOrTx,
  incidentId: string,
  now: Date,
  config: ReportingConfig,
): Promise<ReportingComputation | null> {
  const incident = await getIncident(tx, incidentId);
  if (!incident) return null;
  const computation = computeReportingStatus(incident, await listReports(tx, incidentId), now, config);
  let next = computation.nextTimerAt;
  // An instant already passed but never fired (an incident taken in late, a report re-planned by a regrade)
  // wakes the scheduler now: a missed reminder is late, never lost.
  const past = chasedInstants(incident, computation).filter((i) => i.at.getTime() <= now.getTime());
  if (past.length > 0) {
    const fired = new Set((await listFirings(tx, incidentId)).map(firingKey));
    const missed = past.find(
      (i) => !fired.has(firingKey({ ...i.report, recipient: i.report.to, kind: i.kind })),
    );
    if (missed) next = missed.at;
  }
  if ((incident.nextTimerAt?.getTime() ?? null) !== (next?.getTime() ?? null))
    await setNextTimerAt(tx, incidentId, next);
  return computation;
}
