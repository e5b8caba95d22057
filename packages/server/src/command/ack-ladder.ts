/**
 * The HQ 叫应 ladder (issue #6 part 5): durable — each unanswered ack's next step is its row's `due_at`, so a
 * restart loses nothing (a step overdue after a restart is taken at once). A due ack takes the next step of
 * domain `nextCallStep` (the warnings' 叫应 policy, schedule counted from the activation): resend (in-app push
 * and SMS with the answer link again + timeline), then `township` — here the activation's decider and the
 * plan's 联络员 are told who has not answered — then `county`: the county duty officers. Each step: SMS
 * notices (`command_notices`, sent by notice-sender.ts) to those with a phone, timeline `notification`, audit
 * `incident.ack_escalate` in one transaction; in-app pushes and a CommandBus notice after commit.
 */
import { CALL_STEP_LABELS, nextCallStep, type CallStep } from '@ningan/domain';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { callTokenSecret, publicBaseUrl } from '../dissemination/context.ts';
import {
  insertNotices,
  phonesOfUsers,
  uniqueRecipients,
  type NoticeRecipient,
} from '../repositories/command-notices.repository.ts';
import { findDutyOfficers } from '../repositories/warning-deliveries.repository.ts';
import { appendTimeline } from '../repositories/incident-timeline.repository.ts';
import { getIncident } from '../repositories/incidents.repository.ts';
import {
  acksOfActivations,
  getActivation,
  lockDueAcks,
  nextAckDue,
  updateAck,
} from '../repositories/command-response.repository.ts';
import { audit, type Clock } from '../services/context.ts';
import { ackStepsTaken, ackTokenOf } from '../services/command-response.service.ts';
import type { CommandBus, CommandChange } from './bus.ts';

export interface AckLadderDeps {
  db: Db;
  clock: Clock;
  config: Config;
  log: Logger;
  bus: CommandBus;
  pushToUser(userId: string, data: unknown): number;
}

const LADDER_ACTOR = {
  userId: '00000000-0000-0000-0000-000000000000',
  username: 'system:叫应',
  via: 'system' as const,
};

export interface AckStepTaken {
  ackId: string;
  incidentId: string;
  step: CallStep;
}

/** Takes every due step (up to `limit` acks); what was done. */
export async function runAckLadderOnce(deps: AckLadderDeps, limit = 100): Promise<AckStepTaken[]> {
  const { db, clock, config } = deps;
  const policy = config.dissemination.calls;
  const secret = await callTokenSecret(db, config);
  const taken: AckStepTaken[] = [];
  const changes: Omit<CommandChange, 'at'>[] = [];
  const pushes: { userId: string; data: unknown }[] = [];
  await db.transaction(async (tx) => {
    const now = clock();
    for (const ack of await lockDueAcks(tx, now, limit)) {
      const activation = await getActivation(tx, ack.activationId);
      const incident = await getIncident(tx, ack.incidentId);
      if (!activation || activation.endedAt || !incident || incident.status === 'closed') {
        await updateAck(tx, ack.id, { dueAt: null });
        continue;
      }
      const sentAt = activation.decidedAt;
      const steps = ackStepsTaken(ack.step as CallStep, ack.stepAt, sentAt, policy);
      const next = nextCallStep({ sentAt, steps, answeredAt: null, now }, policy);
      if (!next || !next.isDue) {
        await updateAck(tx, ack.id, { dueAt: next?.dueAt ?? null });
        continue;
      }
      const after = nextCallStep({ sentAt, steps: [...steps, next.step], answeredAt: null, now }, policy);
      await updateAck(tx, ack.id, { step: next.step, stepAt: now, dueAt: after?.dueAt ?? null });
      const who = `${ack.role}${ack.personName}（${ack.unitName ?? ''}）`;
      let told: string[] = [];
      const text = `【叫应】${incident.title}：${who}未应答`;
      // SMS: the person again (resend), or the people the step tells (escalation); one per phone per step.
      let smsTo: NoticeRecipient[] = [];
      const answerUrl = `${publicBaseUrl(config)}/hq-ack/${ackTokenOf(secret, activation.id, ack.recipientKey)}`;
      switch (next.step) {
        case 'initial':
          break;
        case 'resend':
          smsTo = uniqueRecipients([{ key: ack.recipientKey, name: ack.personName, phone: ack.phone ?? '' }]);
          if (smsTo.length) told = [ack.personName];
          if (ack.userId) {
            pushes.push({
              userId: ack.userId,
              data: {
                kind: 'hq_ack',
                incidentId: incident.id,
                ackId: ack.id,
                text: `【再次叫应】${incident.title}：请${ack.personName}收到后应答`,
                answerUrl: `/hq-ack/${ackTokenOf(secret, activation.id, ack.recipientKey)}`,
              },
            });
            told = [ack.personName];
          }
          break;
        case 'township': {
          // The decider and the plan's liaison(s) reach the person.
          const liaisons = (await acksOfActivations(tx, [activation.id])).filter(
            (k) => k.role === '联络员' && k.id !== ack.id && k.userId,
          );
          const targets = new Set<string>(liaisons.map((k) => k.userId!));
          if (activation.decidedById) targets.add(activation.decidedById);
          for (const userId of targets)
            pushes.push({
              userId,
              data: { kind: 'hq_ack_escalation', incidentId: incident.id, ackId: ack.id, text },
            });
          told = [activation.decidedByName, ...liaisons.map((k) => k.personName)];
          const decider = activation.decidedById
            ? (await phonesOfUsers(tx, [activation.decidedById])).get(activation.decidedById)
            : undefined;
          smsTo = uniqueRecipients([
            decider?.phone
              ? { key: `user:${activation.decidedById}`, name: decider.name, phone: decider.phone }
              : null,
            ...(await acksOfActivations(tx, [activation.id]))
              .filter((k) => k.role === '联络员' && k.id !== ack.id)
              .map((k) => ({ key: k.recipientKey, name: k.personName, phone: k.phone ?? '' })),
          ]);
          break;
        }
        case 'county': {
          const officers = await findDutyOfficers(tx, config.regionCode);
          for (const o of officers)
            pushes.push({
              userId: o.id,
              data: { kind: 'hq_ack_escalation', incidentId: incident.id, ackId: ack.id, text },
            });
          told = officers.map((o) => o.name);
          smsTo = uniqueRecipients(
            officers.map((o) => ({ key: `user:${o.id}`, name: o.name, phone: o.phone ?? '' })),
          );
          break;
        }
      }
      const texted = await insertNotices(
        tx,
        smsTo.map((to) => ({
          incidentId: incident.id,
          kind: next.step === 'resend' ? ('ack_resend' as const) : ('ack_escalation' as const),
          // The step's index: each resend is its own notice, a re-run of one step is not.
          ref: `${ack.id}:${steps.length}`,
          ackId: ack.id,
          recipient: to,
          text:
            next.step === 'resend'
              ? `【再次叫应】${incident.title}：请${ack.personName}（${ack.role}）收到后点击链接应答 ${answerUrl}`
              : `【叫应升级】${incident.title}：${who}（${ack.phone ?? '无电话'}）未应答，请督促其应答或代为应答`,
        })),
        now,
      );
      const sms = texted.length ? `（短信 ${texted.length} 人）` : '';
      const summary =
        next.step === 'resend'
          ? `${who}未在时限内应答，${ack.userId || texted.length ? `已再次叫应${sms}` : '无应用账号和手机号，无法再次叫应'}`
          : `${who}未应答，${CALL_STEP_LABELS[next.step]}${told.length ? `：${told.join('、')}` : '（无可通知人员）'}${sms}`;
      const entry = await appendTimeline(tx, {
        incidentId: incident.id,
        at: now,
        kind: 'notification',
        actorId: null,
        actorName: '系统（叫应）',
        summary,
        data: { ackId: ack.id, step: next.step, told, sms: texted.length },
        refId: activation.id,
      });
      await audit(
        tx,
        LADDER_ACTOR,
        {
          action: 'incident.ack_escalate',
          entityType: 'incident_ack',
          entityId: ack.id,
          regionCode: incident.regionCode,
          details: { incidentId: incident.id, person: ack.personName, step: next.step, told },
        },
        now,
      );
      taken.push({ ackId: ack.id, incidentId: incident.id, step: next.step });
      changes.push({
        incidentId: incident.id,
        regionCode: incident.regionCode,
        topic: 'ack',
        seq: entry.seq,
        refId: ack.id,
      });
    }
  });
  for (const p of pushes) deps.pushToUser(p.userId, p.data);
  deps.bus.publish(changes.map((c) => ({ ...c, at: Date.now() })));
  return taken;
}

export interface AckLadder {
  stop(): Promise<void>;
}

/**
 * Runs the ladder: wakes at the earliest due ack (at most every `maxSleepMs`, so an ack written by another
 * process is seen), takes the due steps, sleeps again.
 */
export function startAckLadder(deps: AckLadderDeps, o: { maxSleepMs?: number } = {}): AckLadder {
  const maxSleep = o.maxSleepMs ?? 15_000;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let wake: (() => void) | null = null;
  const loop = (async () => {
    while (!stopped) {
      let sleep = maxSleep;
      try {
        const done = await runAckLadderOnce(deps);
        const next = await nextAckDue(deps.db);
        sleep =
          done.length >= 100
            ? 0
            : next
              ? Math.max(0, Math.min(maxSleep, next.getTime() - deps.clock().getTime()))
              : maxSleep;
      } catch (err) {
        deps.log.error({ err }, 'HQ 叫应 ladder failed');
      }
      if (stopped) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, sleep);
        timer.unref();
      });
    }
  })();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      wake?.();
      await loop;
    },
  };
}
