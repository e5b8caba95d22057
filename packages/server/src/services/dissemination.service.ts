/**
 * Warning dissemination use cases (issue #5 parts 5–7) behind the HTTP routes: delivery progress and
 * coverage (公众覆盖率), the delivery list, the 叫应 board and answers (in the app, by link, by SMS reply),
 * gateway callbacks (receipts, inbound SMS), the in-app inbox, the public SMS list and the loudspeakers.
 * The fan-out, dispatcher and 叫应 scheduler themselves run in dissemination/ (runtime.ts).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import {
  AnswerCallRequest,
  AppError,
  callBoard,
  computeCoverage,
  CreateSubscriberRequest,
  DELIVERY_STATES,
  DeliveryListQuery,
  GatewayInboundSmsRequest,
  GatewayReceiptsRequest,
  hasPermission,
  isInScope,
  maskPhone,
  nextAttemptAt,
  notFound,
  sendDecision,
  PublicCallAnswerRequest,
  SubscriberListQuery,
  WARNING_CHANNELS,
  type Actor,
  type CallAnswerChannel,
  type CallBoardView,
  type CallPersonView,
  type CallRole,
  type CallStep,
  type CoverView,
  type DeliveryState,
  type DeliveryView,
  type GatewayAck,
  type InboundSmsResult,
  type MyWarningView,
  type Page,
  type PublicCallView,
  type SubscriberView,
  type TerminalView,
  type WarningAudience,
  type WarningChannel,
  type WarningProgress,
} from '@ningan/domain';
import { fanoutState } from '../dissemination/fanout.ts';
import type { DisseminationEvents } from '../dissemination/context.ts';
import { generateDemoWarningRecipients } from '../db/seed/warnings-demo.ts';
import { insertContact } from '../repositories/contacts.repository.ts';
import { getMeta, setMeta } from '../repositories/meta.repository.ts';
import { listChildRegions } from '../repositories/regions.repository.ts';
import {
  answerCallRow,
  applyReceipts,
  countByState,
  countSentSince,
  countSetRemaining,
  deleteSubscriber,
  findCallOfUser,
  findCalls,
  findDeliveries,
  findNewestOpenCallByPhone,
  findSubscribers,
  findTerminals,
  findUserAppDeliveries,
  getCallById,
  getCallByTokenHash,
  getDeliveryById,
  getSubscriberById,
  getWarning,
  insertSubscriber,
  insertSubscribersBulk,
  insertTerminalsBulk,
  markDelivered,
  regionNames,
  scheduleRetries,
  type CallRecord,
  type DisseminatedWarning,
  type StateCountRow,
  villagesWithResponsible,
} from '../repositories/warning-deliveries.repository.ts';
import { hashCallToken, RESPONSIBLE_DUTIES } from '../repositories/warning-recipients.repository.ts';
import { audit, parseInput, requirePermission, type ServiceDeps } from './context.ts';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** Answers by SMS that count as "收到" (回复1确认收到). */
const SMS_ANSWER = /^\s*(1|１|收到|已收到|确认|收到了)\s*[。.!！]?\s*$/;

/** A warning is visible to an account whose jurisdiction covers its region or one of its target townships. */
function canSee(actor: Actor, w: DisseminatedWarning): boolean {
  if (isInScope(actor.scope, { regionCode: w.regionCode })) return true;
  const t = (w.targets ?? {}) as { townshipCodes?: string[] };
  return (t.townshipCodes ?? []).some((code) => isInScope(actor.scope, { regionCode: code }));
}

const GATEWAY_SECRET_KEY = 'dissemination_gateway_secret';

export function createDisseminationService(deps: ServiceDeps, d: { events: DisseminationEvents }) {
  const { db, clock, config } = deps;
  let gatewaySecret: string | null = config.dissemination.gatewaySecret || null;
  const lastProgress = new Map<string, number>();

  async function visibleWarning(actor: Actor, id: string): Promise<DisseminatedWarning> {
    requirePermission(actor, 'warning:read');
    const w = await getWarning(db, id);
    if (!w || !canSee(actor, w)) throw notFound('预警');
    return w;
  }

  async function checkGateway(sent: string | undefined): Promise<void> {
    const expected = Buffer.from(await service.gatewaySecret());
    const got = Buffer.from(sent ?? '');
    if (got.length !== expected.length || !timingSafeEqual(got, expected))
      throw new AppError('unauthenticated', '网关密钥不正确');
  }

  function personView(c: CallRecord, now: Date): CallPersonView {
    return {
      id: c.id,
      name: c.personName,
      role: c.role as CallRole,
      phone: maskPhone(c.phone),
      step: c.step as CallStep,
      stepAt: c.stepAt.toISOString(),
      dueAt: iso(c.dueAt),
      answeredAt: iso(c.answeredAt),
      answerChannel: (c.answerChannel as CallAnswerChannel | null) ?? null,
      answerNote: c.answerNote,
      overdue: !c.answeredAt && !!c.dueAt && c.dueAt <= now,
    };
  }

  async function answer(
    call: CallRecord,
    channel: CallAnswerChannel,
    note: string | null,
    actor: Pick<Actor, 'userId' | 'username' | 'ip' | 'via'> | null,
    actorName: string,
    ip: string | null = null,
  ): Promise<boolean> {
    const now = clock();
    const w = await getWarning(db, call.warningId);
    const done = await db.transaction(async (tx) => {
      if (!(await answerCallRow(tx, call.id, now, channel, note))) return false;
      await audit(
        tx,
        actor,
        {
          action: 'warning_call.answer',
          entityType: 'warning_call',
          entityId: call.id,
          regionCode: call.villageCode ?? call.townshipCode ?? w?.regionCode ?? config.regionCode,
          actorName,
          ip: ip ?? actor?.ip ?? null,
          details: { warningId: call.warningId, person: call.personName, channel, note },
        },
        now,
      );
      return true;
    });
    if (done)
      d.events.broadcast(
        'call',
        { warningId: call.warningId, callId: call.id, change: 'answered' },
        w?.regionCode ?? config.regionCode,
      );
    return done;
  }

  const service = {
    /** The shared secret of gateway callbacks: GATEWAY_SECRET, or one generated once and kept in `meta`. */
    async gatewaySecret(): Promise<string> {
      if (gatewaySecret) return gatewaySecret;
      const kept = await getMeta<{ secret: string }>(db, GATEWAY_SECRET_KEY);
      if (kept?.secret) return (gatewaySecret = kept.secret);
      await setMeta(db, GATEWAY_SECRET_KEY, { secret: randomBytes(24).toString('base64url') });
      return (gatewaySecret = (await getMeta<{ secret: string }>(db, GATEWAY_SECRET_KEY))!.secret);
    },

    /**
     * Delivery progress of a message: fan-out state, coverage (domain `computeCoverage`; the public's is
     * the 公众覆盖率), counts by state and channel, send rate over the last 10 s. The public's numbers of
     * recipient sets not yet materialised count as targeted and `queued` — or `cancelled`/`expired` when
     * their set was stopped or the message is no longer in force (`sendDecision`).
     * @throws not_found outside the caller's jurisdiction
     */
    async progress(actor: Actor, warningId: string): Promise<WarningProgress> {
      const w = await visibleWarning(actor, warningId);
      const inForce =
        w.state !== 'published'
          ? 'cancelled'
          : sendDecision({
              expires: w.expiresAt,
              cancelledAt: w.cancelledAt,
              supersededAt: w.supersededAt,
              now: clock(),
            });
      const rows: StateCountRow[] = [
        ...(await countByState(db, w.id)),
        ...(await countSetRemaining(db, w.id)).map((r): StateCountRow => ({
          townshipCode: r.townshipCode,
          audience: r.audience,
          channel: r.channel,
          state: r.stoppedAs ?? (inForce === 'send' ? 'queued' : inForce),
          n: r.n,
        })),
      ];
      const coverage = computeCoverage(
        rows.map((r) => ({
          townshipCode: r.townshipCode ?? '',
          audience: r.audience,
          channel: r.channel,
          state: r.state,
          count: r.n,
        })),
      );
      const byState = Object.fromEntries(DELIVERY_STATES.map((s) => [s, 0])) as Record<DeliveryState, number>;
      const byChannel = new Map<WarningChannel, Record<DeliveryState, number>>();
      let total = 0;
      for (const r of rows) {
        byState[r.state] += r.n;
        total += r.n;
        const c =
          byChannel.get(r.channel) ??
          (Object.fromEntries(DELIVERY_STATES.map((s) => [s, 0])) as Record<DeliveryState, number>);
        c[r.state] += r.n;
        byChannel.set(r.channel, c);
      }
      const fan = await fanoutState({ db }, w.id);
      const names = await regionNames(db, Object.keys(coverage.byTownship).filter(Boolean));
      const cv = (c: {
        targeted: number;
        delivered: number;
        failed: number;
        pending: number;
        rate: number | null;
      }): CoverView => ({
        targeted: c.targeted,
        delivered: c.delivered,
        failed: c.failed,
        pending: c.pending,
        rate: c.rate,
      });
      const now = clock();
      // Over the last 10 s, or since the first send when sending began less than 10 s ago (a fixed 10 s
      // window made the first seconds of a fresh message read as a slow ramp: 2 s of sending / 10).
      const recent = await countSentSince(db, w.id, new Date(now.getTime() - 10_000));
      const windowSeconds = recent.first
        ? Math.min(10, Math.max(1, (now.getTime() - recent.first.getTime()) / 1000))
        : 10;
      return {
        warningId: w.id,
        fanout: {
          state: fan.rows === 0 ? 'pending' : fan.pending > 0 ? (total > 0 ? 'running' : 'pending') : 'done',
          recipients: total,
        },
        coverage: {
          overall: cv(coverage.overall),
          public: cv(coverage.public),
          byTownship: Object.entries(coverage.byTownship)
            .filter(([code]) => code)
            .map(([code, c]) => ({ townshipCode: code, townshipName: names.get(code) ?? code, ...cv(c) })),
          byChannel: WARNING_CHANNELS.filter((ch) => coverage.byChannel[ch]).map((ch) => ({
            channel: ch,
            ...cv(coverage.byChannel[ch]!),
          })),
        },
        byState,
        byChannel: [...byChannel].map(([channel, s]) => ({ channel, byState: s })),
        ratePerSecond: recent.n / windowSeconds,
      };
    },

    /**
     * One page of a message's deliveries, filtered; public phone numbers masked. Materialised rows only:
     * the public's numbers still waiting in a recipient set have no row yet (progress counts them).
     */
    async deliveries(actor: Actor, warningId: string, raw: unknown): Promise<Page<DeliveryView>> {
      const w = await visibleWarning(actor, warningId);
      const q = parseInput(DeliveryListQuery, raw);
      const { items, total } = await findDeliveries(db, w.id, q);
      return {
        items: items.map((r) => ({
          id: r.id,
          channel: r.channel as WarningChannel,
          audience: r.audience as WarningAudience,
          recipientKey: r.recipientKey.startsWith('phone:')
            ? `phone:${maskPhone(r.recipientKey.slice(6))}`
            : r.recipientKey,
          recipientName: r.recipientName,
          address: r.channel === 'sms' ? maskPhone(r.address) : r.channel === 'app' ? null : r.address,
          townshipCode: r.townshipCode,
          villageCode: r.villageCode,
          state: r.state as DeliveryState,
          attempts: r.attempts,
          nextAttemptAt: iso(r.nextAttemptAt),
          lastError: r.lastError,
          receiptId: r.receiptId,
          sentAt: iso(r.sentAt),
          deliveredAt: iso(r.deliveredAt),
        })),
        total,
        page: q.page,
        pageSize: q.pageSize,
      };
    },

    /** The 叫应 board: townships → villages → persons (domain `callBoard` for the tallies). */
    async calls(actor: Actor, warningId: string): Promise<CallBoardView> {
      const w = await visibleWarning(actor, warningId);
      const calls = await findCalls(db, w.id);
      const now = clock();
      const names = await regionNames(db, [
        ...new Set(calls.flatMap((c) => [c.townshipCode, c.villageCode]).filter((c): c is string => !!c)),
      ]);
      const board = callBoard(
        calls.map((c) => ({
          townshipCode: c.townshipCode,
          villageCode: c.villageCode,
          step: c.step as CallStep,
          answeredAt: c.answeredAt,
        })),
      );
      const overdue = (list: CallRecord[]) =>
        list.filter((c) => !c.answeredAt && c.dueAt && c.dueAt <= now).length;
      return {
        warningId: w.id,
        total: board.answered + board.unanswered,
        answered: board.answered,
        overdue: overdue(calls),
        townships: board.townships
          .filter((t) => t.code)
          .map((t) => {
            const inT = calls.filter((c) => c.townshipCode === t.code);
            return {
              code: t.code!,
              name: names.get(t.code!) ?? t.code!,
              total: t.answered + t.unanswered,
              answered: t.answered,
              overdue: overdue(inT),
              persons: inT.filter((c) => !c.villageCode).map((c) => personView(c, now)),
              villages: t.villages
                .filter((v) => v.code)
                .map((v) => {
                  const inV = inT.filter((c) => c.villageCode === v.code);
                  return {
                    code: v.code!,
                    name: names.get(v.code!) ?? v.code!,
                    total: v.answered + v.unanswered,
                    answered: v.answered,
                    overdue: overdue(inV),
                    persons: inV.map((c) => personView(c, now)),
                  };
                }),
            };
          }),
        county: calls.filter((c) => !c.townshipCode).map((c) => personView(c, now)),
      };
    },

    /**
     * Answers a 叫应 call: the person themself in the app (`via: app`, their account is the call's), or an
     * officer with warning:draft recording a phone answer (`via: phone`).
     * @throws not_found, forbidden, conflict (already answered)
     */
    async answerCall(actor: Actor, callId: string, raw: unknown): Promise<CallPersonView> {
      const input = parseInput(AnswerCallRequest, raw);
      const call = await getCallById(db, callId);
      if (!call) throw notFound('叫应记录');
      const w = await getWarning(db, call.warningId);
      const own = call.userId === actor.userId;
      if (!own) {
        if (!w || !canSee(actor, w)) throw notFound('叫应记录');
        if (!hasPermission(actor.roles, 'warning:draft'))
          throw new AppError('forbidden', '只能由本人应答，或由值班人员记录电话应答');
      }
      const channel: CallAnswerChannel = own && input.via === 'app' ? 'app' : 'phone';
      if (!(await answer(call, channel, input.note ?? null, actor, actor.username)))
        throw new AppError('conflict', '该叫应已应答');
      return personView((await getCallById(db, callId))!, clock());
    },

    /** What the answer page shows (no login). @throws not_found for an unknown token */
    async publicCall(token: string): Promise<PublicCallView> {
      const call = await getCallByTokenHash(db, hashCallToken(token));
      const w = call ? await getWarning(db, call.warningId) : null;
      if (!call || !w) throw notFound('叫应链接');
      return {
        personName: call.personName,
        role: call.role as CallRole,
        answeredAt: iso(call.answeredAt),
        warning: {
          identifier: w.identifier,
          headline: w.headline,
          hazard: w.hazard,
          level: w.level,
          instruction: w.instruction,
          sentAt: iso(w.sentAt),
          expiresAt: w.expiresAt.toISOString(),
        },
      };
    },

    /** Answers by the link in the message (no login); answering twice is harmless. */
    async answerByLink(raw: unknown, ip: string | null): Promise<PublicCallView> {
      const input = parseInput(PublicCallAnswerRequest, raw);
      const call = await getCallByTokenHash(db, hashCallToken(input.token));
      if (!call) throw notFound('叫应链接');
      await answer(call, 'link', input.note ?? null, null, `${call.personName}（链接应答）`, ip);
      return service.publicCall(input.token);
    },

    /** Gateway delivery receipts (回执); failures are retried by the policy. @throws unauthenticated */
    async receipts(secret: string | undefined, raw: unknown): Promise<GatewayAck> {
      await checkGateway(secret);
      const input = parseInput(GatewayReceiptsRequest, raw);
      const now = clock();
      const receipts = input.receipts
        .filter((r) => /^\d{1,15}$/.test(r.idempotencyKey))
        .map((r) => ({
          deliveryId: Number(r.idempotencyKey),
          receiptId: r.receiptId ?? null,
          status: r.status,
          error: r.error ?? null,
          at: r.at ? new Date(r.at) : now,
        }));
      const changed = await applyReceipts(db, receipts, now);
      const retries = changed
        .filter((c) => c.status === 'failed')
        .map((c) => ({
          id: c.id,
          at: nextAttemptAt(Math.max(1, c.attempts), now, config.dissemination.retry),
        }))
        .filter((r): r is { id: number; at: Date } => r.at !== null);
      await scheduleRetries(db, retries);
      service.noteProgress([...new Set(changed.map((c) => c.warningId))]);
      return { accepted: changed.length, ignored: input.receipts.length - changed.length };
    },

    /** An inbound SMS: "1"/"收到" answers the newest open 叫应 call of that phone. @throws unauthenticated */
    async inboundSms(secret: string | undefined, raw: unknown): Promise<InboundSmsResult> {
      await checkGateway(secret);
      const input = parseInput(GatewayInboundSmsRequest, raw);
      if (!SMS_ANSWER.test(input.text)) return { outcome: 'not_an_answer', callId: null };
      const phone = input.from.replace(/^\+?86/, '');
      const call = await findNewestOpenCallByPhone(db, phone, clock());
      if (!call) return { outcome: 'no_call', callId: null };
      await answer(call, 'sms', input.text.trim(), null, `${call.personName}（短信应答）`);
      return { outcome: 'answered', callId: call.id };
    },

    /** The caller's in-app inbox (newest 100). */
    async myWarnings(actor: Actor): Promise<MyWarningView[]> {
      const rows = await findUserAppDeliveries(db, actor.userId, 100);
      const out: MyWarningView[] = [];
      for (const { delivery, warning } of rows) {
        const call = delivery.recipientKey.includes('#')
          ? null
          : await findCallOfUser(db, warning.id, actor.userId);
        out.push({
          deliveryId: delivery.id,
          warningId: warning.id,
          identifier: warning.identifier,
          headline: warning.headline,
          hazard: warning.hazard,
          level: warning.level,
          msgType: warning.msgType,
          instruction: warning.instruction,
          sentAt: iso(warning.sentAt),
          expiresAt: warning.expiresAt.toISOString(),
          state: delivery.state as DeliveryState,
          receivedAt: iso(delivery.deliveredAt),
          call: call ? { id: call.id, dueAt: iso(call.dueAt), answeredAt: iso(call.answeredAt) } : null,
        });
      }
      return out;
    },

    /** The client confirms an in-app delivery arrived: `delivered`. @throws not_found (not the caller's) */
    async markReceived(actor: Actor, deliveryId: number): Promise<void> {
      const row = await getDeliveryById(db, deliveryId);
      if (!row || row.channel !== 'app' || row.address !== actor.userId) throw notFound('预警消息');
      await markDelivered(db, deliveryId, clock());
      service.noteProgress([row.warningId]);
    },

    async listSubscribers(actor: Actor, raw: unknown): Promise<Page<SubscriberView>> {
      requirePermission(actor, 'warning:read');
      const q = parseInput(SubscriberListQuery, raw);
      const prefix =
        q.regionCode && isInScope(actor.scope, { regionCode: q.regionCode })
          ? q.regionCode
          : actor.scope.regionCode;
      if (actor.scope.level === 'department' || actor.scope.level === 'enterprise')
        throw new AppError('forbidden', '没有查看预警接收名单的权限');
      const { items, total } = await findSubscribers(db, {
        regionCodePrefix: prefix,
        q: q.q,
        page: q.page,
        pageSize: q.pageSize,
      });
      const names = await regionNames(db, [...new Set(items.map((s) => s.regionCode))]);
      return {
        items: items.map((s) => ({
          id: s.id,
          phone: maskPhone(s.phone)!,
          name: s.name,
          regionCode: s.regionCode,
          regionName: names.get(s.regionCode) ?? s.regionCode,
          source: s.source,
          isDemo: s.isDemo,
          createdAt: s.createdAt.toISOString(),
        })),
        total,
        page: q.page,
        pageSize: q.pageSize,
      };
    },

    /** Adds a phone to the public list of a village or township in the caller's jurisdiction. @throws conflict */
    async createSubscriber(actor: Actor, raw: unknown): Promise<SubscriberView> {
      requirePermission(actor, 'warning:draft');
      const input = parseInput(CreateSubscriberRequest, raw);
      if (!isInScope(actor.scope, { regionCode: input.regionCode })) throw notFound('区划');
      const names = await regionNames(db, [input.regionCode]);
      if (!names.has(input.regionCode))
        throw new AppError('validation_failed', '区划代码不存在', {
          details: [{ path: 'regionCode', message: '区划代码不存在' }],
        });
      const now = clock();
      const row = await db.transaction(async (tx) => {
        const inserted = await insertSubscriber(
          tx,
          {
            phone: input.phone,
            name: input.name ?? null,
            regionCode: input.regionCode,
            source: input.source ?? '手工添加',
          },
          now,
        );
        if (!inserted) throw new AppError('conflict', '该手机号已在此区划的接收名单中');
        await audit(
          tx,
          actor,
          {
            action: 'warning_subscriber.create',
            entityType: 'warning_subscriber',
            entityId: String(inserted.id),
            regionCode: input.regionCode,
            details: { phone: maskPhone(input.phone) },
          },
          now,
        );
        return inserted;
      });
      return {
        id: row.id,
        phone: maskPhone(row.phone)!,
        name: row.name,
        regionCode: row.regionCode,
        regionName: names.get(row.regionCode)!,
        source: row.source,
        isDemo: row.isDemo,
        createdAt: row.createdAt.toISOString(),
      };
    },

    async deleteSubscriber(actor: Actor, id: number): Promise<void> {
      requirePermission(actor, 'warning:draft');
      const row = await getSubscriberById(db, id);
      if (!row || !isInScope(actor.scope, { regionCode: row.regionCode })) throw notFound('接收人');
      const now = clock();
      await db.transaction(async (tx) => {
        await deleteSubscriber(tx, id);
        await audit(
          tx,
          actor,
          {
            action: 'warning_subscriber.delete',
            entityType: 'warning_subscriber',
            entityId: String(id),
            regionCode: row.regionCode,
            details: { phone: maskPhone(row.phone) },
          },
          now,
        );
      });
    },

    async listTerminals(actor: Actor, regionCode: string | undefined): Promise<TerminalView[]> {
      requirePermission(actor, 'warning:read');
      const prefix =
        regionCode && isInScope(actor.scope, { regionCode }) ? regionCode : actor.scope.regionCode;
      const rows = await findTerminals(db, prefix);
      const names = await regionNames(db, [...new Set(rows.map((r) => r.regionCode))]);
      return rows.map((r) => ({
        id: r.id,
        terminalId: r.terminalId,
        name: r.name,
        regionCode: r.regionCode,
        regionName: names.get(r.regionCode) ?? r.regionCode,
        isDemo: r.isDemo,
      }));
    },

    /**
     * Demo recipients (演示数据): a loudspeaker per village, 20–40 subscribers per village, and a 村党支部书记
     * contact (演示) for each village without a responsible person with a phone. Once (meta marker).
     */
    async seedDemo(): Promise<boolean> {
      if (await getMeta(db, 'demo_warnings_seeded')) return false;
      const now = clock();
      const villages: { code: string; name: string }[] = [];
      for (const t of await listChildRegions(db, config.regionCode))
        villages.push(...(await listChildRegions(db, t.code)).map((v) => ({ code: v.code, name: v.name })));
      const demo = generateDemoWarningRecipients(villages);
      const covered = await villagesWithResponsible(
        db,
        villages.map((v) => v.code),
        RESPONSIBLE_DUTIES,
      );
      await db.transaction(async (tx) => {
        await insertTerminalsBulk(tx, demo.terminals, now);
        await insertSubscribersBulk(tx, demo.subscribers, now);
        for (const [i, v] of villages.entries())
          if (!covered.has(v.code))
            await insertContact(tx, {
              name: `${v.name}书记（演示）`,
              duty: 'village_secretary',
              phone: `1370${String(i + 1).padStart(7, '0')}`,
              regionCode: v.code,
              note: '演示数据',
              isDemo: true,
              createdAt: now,
              updatedAt: now,
            });
        await setMeta(tx, 'demo_warnings_seeded', { at: now.toISOString() });
      });
      return true;
    },

    /** A `warning` progress event, at most one a second per warning (the detail page re-reads progress). */
    noteProgress(warningIds: string[]): void {
      const now = Date.now();
      for (const id of warningIds) {
        if ((lastProgress.get(id) ?? 0) > now - 1000) continue;
        lastProgress.set(id, now);
        void getWarning(db, id)
          .then(
            (w) => w && d.events.broadcast('warning', { warningId: id, change: 'progress' }, w.regionCode),
          )
          .catch(() => undefined);
      }
    },
  };
  return service;
}

export type DisseminationService = ReturnType<typeof createDisseminationService>;
