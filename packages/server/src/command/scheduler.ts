/**
 * The command scheduler (issue #6 parts 1 and 4), the durable clock of the reporting deadlines and the nil reports:
 * - each incident's next wake-up is `incidents.next_timer_at`; at it, every warn (到期提醒) and due (超时升级) instant
 *   ≤ now of a report the county chases that is not yet in `incident_deadline_firings` fires — the firing row is
 *   inserted with ON CONFLICT DO NOTHING under the incident's row lock, so only the inserter acts, a restart fires
 *   each missed instant exactly once, and two schedulers never fire one twice. A firing writes a timeline `deadline`
 *   entry and an `incident.deadline` audit row (system actor), then `next_timer_at` is recomputed; after commit the
 *   command bus tells every open screen (the overdue escalation reaches the commander and the duty officers there);
 * - at the daily nil-report due time (`command.nilReportDueTime`), each township without a nil report (报平安) is
 *   chased once per day (`nil_report_chases`), with a duty-log entry in the county's and the township's log.
 *
 * The loop wakes at min(next_timer_at, the next nil-report due time), at most every `maxSleepMs`, and early
 * whenever a command change is published (a new incident, a filing may bring the next timer forward).
 * SMS (`command_notices`, written in the firing's / chase's transaction, sent by notice-sender.ts through the
 * warnings' SMS gateway): a warn to the people on the county's current shift (no roster: the county duty
 * officers); an overdue escalation to the county duty officers and the leader on duty; a chase to the township's
 * people on duty (no roster: its leaders in the contacts directory). Everyone with the console open also gets
 * the in-app notice through the command bus.
 */
import {
  formatBeijingIso,
  getBeijingDate,
  getBeijingTimeOn,
  REPORT_PARTY_LABELS,
  reportKindLabel,
  type Actor,
} from '@ningan/domain';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { appendTimeline } from '../repositories/incident-timeline.repository.ts';
import {
  earliestTimerAt,
  findDueIncidentIds,
  insertFiring,
  listReports,
  lockIncident,
} from '../repositories/incident-reports.repository.ts';
import {
  insertDutyLog,
  insertNilChase,
  listNilChases,
  listNilReports,
  listTownships,
} from '../repositories/duty.repository.ts';
import { findDutyOfficers } from '../repositories/warning-deliveries.repository.ts';
import {
  insertNotices,
  overdueRecipients,
  townshipDutyRecipients,
  warnRecipients,
  type NoticeRecipient,
} from '../repositories/command-notices.repository.ts';
import { audit, type Clock } from '../services/context.ts';
import type { CommandBus, CommandChange } from './bus.ts';
import { chasedInstants, refreshReportingClock } from './reporting.ts';
import { computeReportingStatus } from './reporting-facts.ts';

export const SCHEDULER_ACTOR: Pick<Actor, 'userId' | 'username' | 'via'> = {
  userId: '00000000-0000-0000-0000-000000000000',
  username: 'system:command-scheduler',
  via: 'system',
};
const SYSTEM_NAME = '系统（报送时限）';

export interface CommandSchedulerDeps {
  db: Db;
  clock: Clock;
  config: Config;
  log: Logger;
  bus: CommandBus;
  /** Longest sleep between two runs, ms (default 30 s). */
  maxSleepMs?: number;
}

export interface FiredDeadline {
  incidentId: string;
  step: string;
  n: number | null;
  recipient: string;
  kind: 'warn' | 'overdue';
  due: Date;
}

export interface SchedulerRun {
  fired: FiredDeadline[];
  /** Townships chased for a missing nil report. */
  chased: string[];
}

export interface CommandScheduler {
  /** One pass (also what the loop runs); safe to call concurrently with the loop or another scheduler. */
  runOnce(): Promise<SchedulerRun>;
  /** Stops the loop and waits for the pass in flight. */
  stop(): Promise<void>;
}

const hhmm = (at: Date, now: Date) => {
  const iso = formatBeijingIso(at);
  return getBeijingDate(at) === getBeijingDate(now)
    ? iso.slice(11, 16)
    : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
};
const minutesOf = (hhmmText: string) => Number(hhmmText.slice(0, 2)) * 60 + Number(hhmmText.slice(3, 5));

/** The nil-report due instant of `day` (Beijing date). */
export function nilReportDueAt(day: string, dueTime: string): Date {
  return getBeijingTimeOn(day, 0, minutesOf(dueTime));
}

async function fireIncident(
  deps: CommandSchedulerDeps,
  incidentId: string,
  now: Date,
  escalateTo: string[],
): Promise<{ fired: FiredDeadline[]; changes: CommandChange[] }> {
  const { db, config } = deps;
  return db.transaction(async (tx) => {
    const incident = await lockIncident(tx, incidentId);
    if (!incident) return { fired: [], changes: [] };
    const c = computeReportingStatus(incident, await listReports(tx, incidentId), now, config.command);
    const fired: FiredDeadline[] = [];
    const changes: CommandChange[] = [];
    const smsLists = new Map<'warn' | 'overdue', NoticeRecipient[]>();
    const smsListOf = async (kind: 'warn' | 'overdue') => {
      let list = smsLists.get(kind);
      if (!list) {
        list = await (kind === 'warn' ? warnRecipients : overdueRecipients)(tx, config.regionCode, now);
        smsLists.set(kind, list);
      }
      return list;
    };
    for (const i of chasedInstants(incident, c)) {
      if (i.at.getTime() > now.getTime()) break;
      const r = i.report;
      const firing = { incidentId, step: r.step, n: r.n, recipient: r.to, kind: i.kind, due: r.due };
      if (!(await insertFiring(tx, firing, now))) continue;
      const label = reportKindLabel(r.step, r.n);
      const route = `${REPORT_PARTY_LABELS[r.party]} → ${r.to}`;
      const late = Math.floor((now.getTime() - r.due.getTime()) / 60_000);
      const dueText = formatBeijingIso(r.due).slice(5, 16).replace('T', ' ');
      const texted = await insertNotices(
        tx,
        (await smsListOf(i.kind)).map((to) => ({
          incidentId,
          kind: i.kind === 'warn' ? ('deadline_warn' as const) : ('deadline_overdue' as const),
          // The firing's key: one SMS per firing and person, whatever re-runs.
          ref: `${incidentId}|${r.step}|${r.n ?? 0}|${r.to}|${i.kind}`,
          recipient: to,
          text:
            i.kind === 'warn'
              ? `【报送提醒】${incident.title}：${label}应于 ${dueText}（北京时间）前报${r.to}，请及时报送`
              : `【报送超时】${incident.title}：${label}应于 ${dueText}（北京时间）前报${r.to}，${late >= 1 ? `已超时 ${late} 分钟` : '已到时限'}仍未报送，请立即报送`,
        })),
        now,
      );
      const sms = texted.length ? `，短信通知 ${texted.length} 人` : '';
      const summary =
        i.kind === 'warn'
          ? now.getTime() < r.due.getTime()
            ? `${label}将于 ${hhmm(r.due, now)} 到期（${route}${sms}）`
            : `${label}到期提醒（补发：应于 ${hhmm(r.due, now)} 前报送，${route}${sms}）`
          : `${label}${late >= 1 ? `已超时 ${late} 分钟` : '已到报送时限仍未报送'}（应于 ${hhmm(r.due, now)} 前报${r.to}），已升级提醒指挥长和值班员${sms}`;
      const data = {
        step: r.step,
        n: r.n,
        to: r.to,
        party: r.party,
        kind: i.kind,
        due: r.due.toISOString(),
        sms: texted.map((t) => t.recipientName),
        ...(i.kind === 'overdue' ? { escalatedTo: escalateTo } : {}),
      };
      const entry = await appendTimeline(tx, {
        incidentId,
        at: now,
        kind: 'deadline',
        actorId: null,
        actorName: SYSTEM_NAME,
        summary,
        data,
      });
      await audit(
        tx,
        SCHEDULER_ACTOR,
        {
          action: 'incident.deadline',
          entityType: 'incident',
          entityId: incidentId,
          regionCode: incident.regionCode,
          details: { ...data, summary },
        },
        now,
      );
      fired.push(firing);
      changes.push({
        incidentId,
        regionCode: incident.regionCode,
        topic: 'deadline',
        seq: entry.seq,
        at: now.getTime(),
      });
    }
    await refreshReportingClock(tx, incidentId, now, config.command);
    return { fired, changes };
  });
}

async function chaseNilReports(
  deps: CommandSchedulerDeps,
  now: Date,
): Promise<{ chased: string[]; changes: CommandChange[] }> {
  const { db, config } = deps;
  const day = getBeijingDate(now);
  const dueTime = config.command.nilReportDueTime;
  if (now.getTime() < nilReportDueAt(day, dueTime).getTime()) return { chased: [], changes: [] };
  const county = config.regionCode;
  // Cheap check outside the transaction: most passes have nothing to chase.
  const [townships, reported, chasedBefore] = await Promise.all([
    listTownships(db, county),
    listNilReports(db, day),
    listNilChases(db, day),
  ]);
  const done = new Set(reported.map((r) => r.townshipCode));
  const missing = townships.filter((t) => !done.has(t.code) && !chasedBefore.has(t.code));
  if (!missing.length) return { chased: [], changes: [] };
  return db.transaction(async (tx) => {
    const chased: string[] = [];
    const changes: CommandChange[] = [];
    const nowReported = new Set((await listNilReports(tx, day)).map((r) => r.townshipCode));
    for (const t of missing) {
      if (nowReported.has(t.code)) continue;
      if (!(await insertNilChase(tx, { date: day, townshipCode: t.code, chasedAt: now }))) continue;
      const texted = await insertNotices(
        tx,
        (await townshipDutyRecipients(tx, t.code, now)).map((to) => ({
          incidentId: null,
          kind: 'nil_chase' as const,
          ref: `${day}/${t.code}`,
          recipient: to,
          text: `【报平安催报】${t.name}：${day} 报平安应于 ${dueTime} 前报送，县应急管理局值班室尚未收到，请尽快报送`,
        })),
        now,
      );
      const text = `${t.name} ${day} 未在 ${dueTime} 前报平安，已催报${texted.length ? `（短信通知 ${texted.map((x) => x.recipientName).join('、')}）` : ''}`;
      await logChase(tx, county, text, now);
      await logChase(tx, t.code, `${day} 报平安已过 ${dueTime}，县应急管理局值班室催报，请尽快报送`, now);
      await audit(
        tx,
        SCHEDULER_ACTOR,
        {
          action: 'duty.nil_chase',
          entityType: 'nil_report',
          entityId: `${day}/${t.code}`,
          regionCode: t.code,
          details: { date: day, township: t.name, dueTime, sms: texted.length },
        },
        now,
      );
      chased.push(t.code);
      changes.push({ incidentId: null, regionCode: t.code, topic: 'nil_report', at: now.getTime() });
    }
    if (chased.length)
      changes.push({ incidentId: null, regionCode: county, topic: 'duty', at: now.getTime() });
    return { chased, changes };
  });
}

async function logChase(tx: DbOrTx, regionCode: string, text: string, now: Date): Promise<void> {
  await insertDutyLog(tx, {
    regionCode,
    shiftId: null,
    at: now,
    kind: 'chase',
    text,
    incidentId: null,
    actorId: null,
    actorName: '系统（报平安催报）',
    openItem: 1,
  });
}

/** One pass: every due incident timer, then the nil-report chase. Publishes after each commit. */
export async function runCommandSchedulerOnce(
  deps: CommandSchedulerDeps,
  limit = 100,
): Promise<SchedulerRun> {
  const now = deps.clock();
  const fired: FiredDeadline[] = [];
  const due = await findDueIncidentIds(deps.db, now, limit);
  const escalateTo = due.length
    ? (await findDutyOfficers(deps.db, deps.config.regionCode)).map((o) => o.name)
    : [];
  for (const id of due) {
    try {
      const r = await fireIncident(deps, id, now, escalateTo);
      fired.push(...r.fired);
      deps.bus.publish(r.changes);
    } catch (err) {
      deps.log.error({ err, incidentId: id }, 'command scheduler: incident timers failed');
    }
  }
  const nil = await chaseNilReports(deps, now);
  deps.bus.publish(nil.changes);
  return { fired, chased: nil.chased };
}

/** Starts the loop (first pass at once). */
export function startCommandScheduler(deps: CommandSchedulerDeps): CommandScheduler {
  const maxSleepMs = deps.maxSleepMs ?? 30_000;
  let stopped = false;
  let wake: (() => void) | null = null;
  let woken = false;
  const unsubscribe = deps.bus.subscribe((changes) => {
    // Our own notices do not need another pass.
    if (changes.every((c) => c.topic === 'deadline' || c.topic === 'nil_report' || c.topic === 'duty'))
      return;
    woken = true;
    wake?.();
  });
  const sleepUntilNext = async () => {
    const now = deps.clock();
    const nextTimer = await earliestTimerAt(deps.db);
    const today = getBeijingDate(now);
    let nilDue = nilReportDueAt(today, deps.config.command.nilReportDueTime);
    if (nilDue.getTime() <= now.getTime()) nilDue = new Date(nilDue.getTime() + 24 * 3_600_000); // Beijing has no DST: the next day's due
    const next = Math.min(nextTimer?.getTime() ?? Infinity, nilDue.getTime());
    const ms = Math.max(10, Math.min(maxSleepMs, next - now.getTime()));
    if (woken || stopped) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      t.unref();
      wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
    wake = null;
  };
  const loop = (async () => {
    while (!stopped) {
      woken = false;
      try {
        await runCommandSchedulerOnce(deps);
      } catch (err) {
        deps.log.error({ err }, 'command scheduler pass failed');
      }
      if (stopped) break;
      try {
        await sleepUntilNext();
      } catch (err) {
        deps.log.error({ err }, 'command scheduler sleep failed');
        await new Promise((r) => setTimeout(r, 1000).unref());
      }
    }
  })();
  return {
    runOnce: () => runCommandSchedulerOnce(deps),
    async stop() {
      stopped = true;
      unsubscribe();
      wake?.();
      await loop;
    },
  };
}
