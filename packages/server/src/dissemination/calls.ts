/**
 * The 叫应 scheduler (issue #5 part 6): durable — each call's next step is its row's `due_at`, so a restart
 * loses nothing. A due call takes the next step of domain `nextCallStep` (schedule counted from the first
 * send): resend (a new delivery `<recipient>#resendN`), then the township leaders (one message per leader
 * per warning, `contact:<id>#township-escalation`, naming who has not answered), then the county duty
 * officers (app + SMS, `user:<id>#county-escalation`). Each step is audited.
 */
import { nextCallStep, sendDecision, type CallStep } from '@ningan/domain';
import { audit } from '../services/context.ts';
import {
  countResends,
  findDueCalls,
  findDutyOfficers,
  findTownshipLeaders,
  firstSentAt,
  getWarning,
  insertDelivery,
  updateCall,
  type CallRecord,
} from '../repositories/warning-deliveries.repository.ts';
import { TOWNSHIP_LEADER_DUTIES } from '../repositories/warning-recipients.repository.ts';
import type { DbOrTx } from '../db/client.ts';
import { DISSEMINATION_ACTOR, type DisseminationDeps } from './context.ts';

/** Steps taken so far, from the last one and the number of resends. */
export function stepsTaken(last: CallStep, resends: number): CallStep[] {
  const steps: CallStep[] = ['initial', ...Array.from({ length: resends }, () => 'resend' as const)];
  if (last === 'township' || last === 'county') steps.push('township');
  if (last === 'county') steps.push('county');
  return steps;
}

export interface CallStepTaken {
  callId: string;
  warningId: string;
  step: CallStep;
}

/** Takes every due step (oldest first, up to `limit` calls); what was done. */
export async function runCallsOnce(deps: DisseminationDeps, limit = 200): Promise<CallStepTaken[]> {
  const { db, clock, config } = deps;
  const policy = config.dissemination.calls;
  const taken: CallStepTaken[] = [];
  const regionOf = new Map<string, string>();
  await db.transaction(async (tx) => {
    const now = clock();
    for (const c of await findDueCalls(tx, now, limit)) {
      const w = await getWarning(tx, c.warningId);
      if (
        !w ||
        w.state !== 'published' ||
        sendDecision({
          expires: w.expiresAt,
          cancelledAt: w.cancelledAt,
          supersededAt: w.supersededAt,
          now,
        }) !== 'send'
      ) {
        await updateCall(tx, c.id, { dueAt: null });
        continue;
      }
      const base = (await firstSentAt(tx, c.warningId, c.recipientKey)) ?? c.createdAt;
      const resends = await countResends(tx, c.warningId, c.recipientKey);
      const steps = stepsTaken(c.step as CallStep, resends);
      const next = nextCallStep({ sentAt: base, steps, answeredAt: null, now }, policy);
      if (!next) {
        await updateCall(tx, c.id, { dueAt: null });
        continue;
      }
      if (!next.isDue) {
        await updateCall(tx, c.id, { dueAt: next.dueAt });
        continue;
      }
      const recipients = await takeStep(tx, c, next.step, resends, config.regionCode, now);
      const after = nextCallStep(
        { sentAt: base, steps: [...steps, next.step], answeredAt: null, now },
        policy,
      );
      await updateCall(tx, c.id, { step: next.step, stepAt: now, dueAt: after?.dueAt ?? null });
      await audit(
        tx,
        DISSEMINATION_ACTOR,
        {
          action: next.step === 'resend' ? 'warning_call.resend' : 'warning_call.escalate',
          entityType: 'warning_call',
          entityId: c.id,
          regionCode: c.villageCode ?? c.townshipCode ?? w.regionCode,
          details: { warningId: c.warningId, person: c.personName, step: next.step, recipients },
        },
        now,
      );
      regionOf.set(c.warningId, w.regionCode);
      taken.push({ callId: c.id, warningId: c.warningId, step: next.step });
    }
  });
  for (const t of taken)
    deps.events.broadcast(
      'call',
      { warningId: t.warningId, callId: t.callId, change: t.step === 'resend' ? 'resent' : 'escalated' },
      regionOf.get(t.warningId) ?? config.regionCode,
    );
  return taken;
}

/** Queues the step's messages; how many new deliveries. */
async function takeStep(
  tx: DbOrTx,
  c: CallRecord,
  step: CallStep,
  resends: number,
  countyCode: string,
  now: Date,
): Promise<number> {
  const place = { townshipCode: c.townshipCode, villageCode: c.villageCode };
  switch (step) {
    case 'initial':
      return 0;
    case 'resend': {
      const isApp = !c.phone && !!c.userId;
      const added = await insertDelivery(
        tx,
        {
          warningId: c.warningId,
          channel: isApp ? 'app' : 'sms',
          audience: 'responsible',
          recipientKey: `${c.recipientKey}#resend${resends + 1}`,
          recipientName: c.personName,
          address: isApp ? c.userId : c.phone,
          ...place,
        },
        now,
      );
      return added ? 1 : 0;
    }
    case 'township': {
      if (!c.townshipCode) return 0;
      let n = 0;
      for (const leader of await findTownshipLeaders(tx, c.townshipCode, TOWNSHIP_LEADER_DUTIES)) {
        if (`contact:${leader.id}` === c.recipientKey) continue;
        if (
          await insertDelivery(
            tx,
            {
              warningId: c.warningId,
              channel: 'sms',
              audience: 'responsible',
              recipientKey: `contact:${leader.id}#township-escalation`,
              recipientName: leader.name,
              address: leader.phone,
              townshipCode: c.townshipCode,
              villageCode: null,
            },
            now,
          )
        )
          n += 1;
      }
      return n;
    }
    case 'county': {
      let n = 0;
      for (const officer of await findDutyOfficers(tx, countyCode)) {
        const common = {
          warningId: c.warningId,
          audience: 'responsible' as const,
          recipientKey: `user:${officer.id}#county-escalation`,
          recipientName: officer.name,
          townshipCode: null,
          villageCode: null,
        };
        if (await insertDelivery(tx, { ...common, channel: 'app', address: officer.id }, now)) n += 1;
        if (
          officer.phone &&
          (await insertDelivery(tx, { ...common, channel: 'sms', address: officer.phone }, now))
        )
          n += 1;
      }
      return n;
    }
  }
}
