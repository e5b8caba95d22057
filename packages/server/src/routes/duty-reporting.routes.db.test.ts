/**
 * Issue #6 parts 1 and 4 over HTTP: filing 初报/续报 with versions and the domain's 续报 numbering, every problem
 * of a bad filing listed, the report .docx with the required elements; the duty watch — a roster refused with every
 * problem, sign-in only by a person on the shift within its window, the log's open items carried over at handover,
 * take-over, nil reports and the 值班日报 .docx. T0 = Monday 2 March 2026 09:00 Beijing.
 */
import type {
  DutyCurrentView,
  DutyLogView,
  HandoverView,
  IncidentReportsView,
  NilReportBoard,
  ReportDraft,
  ReportView,
  ShiftsResponse,
  ShiftView,
} from '@ningan/domain';
import type { FastifyInstance } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { docxText, insertTestIncident } from '../test/command.ts';
import {
  T0,
  XINNING,
  ZAOSHENG,
  townshipScope,
  useTestContext,
  type Session,
  type TestUser,
} from '../test/context.ts';
import { forEachDriver } from '../test/db.ts';

const MIN = 60_000;
const at = (minutes: number) => new Date(T0.getTime() + minutes * MIN);
type Login = Session & { user: TestUser };
type ErrorBody = { error: { code: string; details: { path: string; message: string }[] } };

forEachDriver('duty watch and reporting API', (driver) => {
  const ctx = useTestContext(driver);
  let app: FastifyInstance;
  let duty: Login;
  let leader: Login;
  let other: Login;
  let township: Login;
  let incidentId = '';

  beforeAll(async () => {
    app = await ctx.app();
    duty = await ctx.loginAs({ roles: ['duty_officer'], displayName: '张值班' });
    leader = await ctx.loginAs({ roles: ['commander'], displayName: '李带班' });
    other = await ctx.loginAs({ roles: ['duty_officer'], displayName: '王明天' });
    township = await ctx.loginAs({ roles: ['township_officer'], scope: townshipScope(XINNING) });
    incidentId = (await insertTestIncident(ctx.db, { occurredAt: at(-10), knownAt: T0, title: '东城村滑坡' }))
      .id;
  });

  const call = (who: Login, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    app.inject({ method, url: `/api/v1${url}`, headers: who.bearer, ...(payload ? { payload } : {}) });
  /** Moves the fake clock; sessions idle out over such jumps, so everyone logs in again. */
  const setClock = async (to: Date) => {
    ctx.clock.advance(to.getTime() - ctx.clock.now().getTime());
    for (const who of [duty, leader, other, township])
      Object.assign(who, await ctx.login(app, who.user.username, who.user.password));
  };

  const content = (over: Record<string, unknown> = {}) => ({
    occurredAt: at(-10).toISOString(),
    place: '新宁镇东城村后山',
    unit: '东城村委会',
    summary: '山体滑坡，掩埋村道约 50 米，无人员伤亡',
    casualties: { deaths: 0, missing: 0, seriousInjuries: 0, injuries: 0 },
    losses: '村道中断',
    measures: '已封闭道路，转移 12 户 40 人',
    nextSteps: '组织专家研判，持续监测',
    reporter: '张值班',
    phone: '0934-1234567',
    issuer: '李带班',
    ...over,
  });

  it('信息报送: draft prefilled, bad filing refused listing every problem, 初报 then a late 续报 fills 续报 1', async () => {
    const status = await call(duty, 'GET', `/incidents/${incidentId}/reports`);
    expect(status.statusCode).toBe(200);
    expect(status.json<IncidentReportsView>().status.regime).toBe('disaster');
    expect(status.json<IncidentReportsView>().status.reports[0]).toMatchObject({
      step: '初报',
      state: 'pending',
      due: at(120).toISOString(),
    });

    const draft = await call(duty, 'GET', `/incidents/${incidentId}/reports/draft?step=初报`);
    expect(draft.statusCode).toBe(200);
    expect(draft.json<ReportDraft>()).toMatchObject({
      step: '初报',
      recipient: '设区的市级应急管理部门',
      content: { place: '新宁镇东城村后山', unit: '东城村委会', reporter: '张值班' },
    });

    const bad = await call(duty, 'POST', `/incidents/${incidentId}/reports`, {
      step: '事故报告',
      filedAt: at(60).toISOString(),
      content: content({ occurredAt: at(30).toISOString() }),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<ErrorBody>().error.code).toBe('validation_failed');
    expect(
      bad
        .json<ErrorBody>()
        .error.details.map((d: { path: string }) => d.path)
        .sort(),
    ).toEqual(['content.occurredAt', 'filedAt', 'step']);

    await setClock(at(40));
    const first = await call(duty, 'POST', `/incidents/${incidentId}/reports`, {
      step: '初报',
      content: content(),
    });
    expect(first.statusCode).toBe(201);
    expect(first.json<ReportView>()).toMatchObject({
      step: '初报',
      n: null,
      version: 1,
      kindLabel: '初报',
      filedByName: '张值班',
    });

    await setClock(at(25 * 60)); // next day 10:00: 续报 1 (due 09:00) is an hour late
    const late = await call(duty, 'POST', `/incidents/${incidentId}/reports`, {
      step: '续报',
      content: content(),
    });
    expect(late.statusCode).toBe(201);
    expect(late.json<ReportView>()).toMatchObject({
      step: '续报',
      n: 1,
      version: 2,
      kindLabel: '续报（第1次）',
    });
    const again = await call(duty, 'POST', `/incidents/${incidentId}/reports`, {
      step: '续报',
      n: 1,
      content: content(),
    });
    expect(again.statusCode).toBe(400);

    const after = (await call(duty, 'GET', `/incidents/${incidentId}/reports`)).json<IncidentReportsView>();
    expect(after.filed).toHaveLength(2);
    expect(after.status.reports.filter((r: { step: string }) => r.step === '续报')[0]).toMatchObject({
      n: 1,
      state: 'met_late',
    });
    const audits = (await ctx.auditRows()).filter((r) => r.action === 'incident.report');
    expect(audits).toHaveLength(2);
  });

  it('the report .docx carries the title, 报送单位/签发人/报送时间, the elements and the version', async () => {
    const filed = (await call(duty, 'GET', `/incidents/${incidentId}/reports`)).json<IncidentReportsView>()
      .filed as {
      id: string;
    }[];
    const res = await call(duty, 'GET', `/incident-reports/${filed[0]!.id}/document`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    const text = docxText(res.rawPayload);
    for (const s of [
      '宁县应急管理局',
      '关于东城村滑坡的初报',
      '报送单位：宁县应急管理局',
      '签发人：李带班',
      '报送时间：2026年3月2日 09时40分',
      '第1版',
      '事发时间：2026年3月2日 08时50分',
      '事发地点：新宁镇东城村后山',
      '事发单位：东城村委会',
      '山体滑坡，掩埋村道约 50 米',
      '死亡 0 人，失踪 0 人，重伤 0 人，轻伤 0 人',
      '村道中断',
      '已封闭道路，转移 12 户 40 人',
      '组织专家研判，持续监测',
      '报告人：张值班',
      '联系电话：0934-1234567',
    ])
      expect(text).toContain(s);
  });

  it('an incident outside the jurisdiction is not found', async () => {
    const outsider = await ctx.loginAs({ roles: ['township_officer'], scope: townshipScope(ZAOSHENG) });
    expect((await call(outsider, 'GET', `/incidents/${incidentId}/reports`)).statusCode).toBe(404);
  });

  let today = '';
  let tomorrow = '';

  it('roster: 400 with every problem; a sound roster saved', async () => {
    await setClock(at(0));
    const person = (u: Login) => ({ userId: u.user.id, name: u.user.displayName });
    const bad = await call(duty, 'PUT', '/duty/shifts', {
      regionCode: '621026',
      shifts: [
        { date: '2026-03-02', start: '08:00', end: '20:00', leader: null, officers: [person(duty)] },
        {
          date: '2026-03-02',
          start: '19:00',
          end: '08:00',
          leader: person(leader),
          officers: [person(duty)],
        },
        { date: '2026-03-03', start: '10:00', end: '20:00', leader: person(leader), officers: [] },
      ],
    });
    expect(bad.statusCode).toBe(400);
    const messages = (bad.json<ErrorBody>().error.details as { message: string }[])
      .map((d) => d.message)
      .join('\n');
    expect(messages).toContain('没有带班领导');
    expect(messages).toContain('同时排在');
    expect(messages).toContain('至少需要 1 人');
    expect(messages).toContain('无人值班');

    const ok = await call(duty, 'PUT', '/duty/shifts', {
      regionCode: '621026',
      shifts: [
        {
          date: '2026-03-02',
          start: '08:00',
          end: '08:00',
          leader: person(leader),
          officers: [person(duty)],
        },
        { date: '2026-03-03', start: '08:00', end: '08:00', leader: null, officers: [person(other)] },
      ].map((s, i) => (i === 1 ? { ...s, leader: { name: '赵副局长' } } : s)),
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json<ShiftsResponse>().problems).toEqual([]);
    const items = ok.json<ShiftsResponse>().items as { id: string; date: string }[];
    today = items.find((s) => s.date === '2026-03-02')!.id;
    tomorrow = items.find((s) => s.date === '2026-03-03')!.id;
  });

  it('sign-in: only a person on the shift, and not before its window opens', async () => {
    const signed = await call(duty, 'POST', `/duty/shifts/${today}/sign-in`);
    expect(signed.statusCode).toBe(200);
    expect(signed.json<ShiftView>().signedIn.map((s: { userName: string }) => s.userName)).toEqual([
      '张值班',
    ]);
    expect((await call(other, 'POST', `/duty/shifts/${today}/sign-in`)).statusCode).toBe(400);
    const early = await call(other, 'POST', `/duty/shifts/${tomorrow}/sign-in`);
    expect(early.statusCode).toBe(400);
    expect(early.json<ErrorBody>().error.details[0]?.message).toContain('签到时间未到');
    // A shift with a sign-in keeps its record: replacing the day without it is refused.
    const drop = await call(duty, 'PUT', '/duty/shifts', {
      regionCode: '621026',
      shifts: [
        {
          date: '2026-03-02',
          start: '08:00',
          end: '08:00',
          leader: { name: '新带班' },
          officers: [{ name: '新值班' }],
        },
      ],
    });
    expect(drop.statusCode).toBe(400);
  });

  it('duty log, handover carrying the open items, take-over by the next shift', async () => {
    const log = await call(duty, 'POST', '/duty/log', {
      kind: 'call_in',
      text: '群众来电反映东城村后山有落石',
      incidentId,
      openItem: true,
    });
    expect(log.statusCode).toBe(201);
    expect(log.json<DutyLogView>()).toMatchObject({ openItem: true, shiftId: today, actorName: '张值班' });
    await call(duty, 'POST', '/duty/log', { kind: 'notice', text: '转发气象局暴雨蓝色预警' });

    const current = (await call(duty, 'GET', '/duty/current')).json<DutyCurrentView>();
    expect(current.shift?.id).toBe(today);
    expect(current.nextShift?.id).toBe(tomorrow);
    expect(current.openItems.map((i: { text: string }) => i.text)).toEqual(['群众来电反映东城村后山有落石']);

    // A member department (水务局) sees who is on duty at the bureau, not the desk's log or a township's watch.
    const dept = await ctx.newOrgUnit({ kind: 'department' });
    const water = await ctx.loginAs({
      roles: ['department_user'],
      scope: { level: 'department', orgUnitId: dept.id },
    });
    const seen = await call(water, 'GET', '/duty/current');
    expect(seen.statusCode).toBe(200);
    expect(seen.json<DutyCurrentView>()).toMatchObject({
      shift: { id: today },
      openItems: [],
      lastHandover: null,
    });
    expect((await call(water, 'GET', '/duty/shifts')).statusCode).toBe(200);
    expect((await call(water, 'GET', `/duty/shifts?regionCode=${XINNING}`)).statusCode).toBe(404);
    expect((await call(water, 'GET', '/duty/log')).statusCode).toBe(404);
    expect((await call(water, 'POST', '/duty/log', { kind: 'notice', text: '试' })).statusCode).toBe(403);

    await setClock(at(23 * 60 + 30));
    const handover = await call(duty, 'POST', '/duty/handovers', {
      fromShiftId: today,
      toShiftId: tomorrow,
      notes: '注意东城村后山',
    });
    expect(handover.statusCode).toBe(201);
    expect(handover.json<HandoverView>().openItems).toEqual([
      { logSeq: log.json<DutyLogView>().seq, incidentId, text: '群众来电反映东城村后山有落石' },
    ]);
    expect((await call(duty, 'POST', '/duty/handovers', { fromShiftId: today, notes: '' })).statusCode).toBe(
      409,
    );
    expect(
      (await call(duty, 'POST', `/duty/handovers/${handover.json<HandoverView>().id}/take-over`)).statusCode,
    ).toBe(400);
    const taken = await call(other, 'POST', `/duty/handovers/${handover.json<HandoverView>().id}/take-over`);
    expect(taken.statusCode).toBe(200);
    expect(taken.json<HandoverView>().takenOverByName).toBe('王明天');

    const closed = await call(other, 'POST', `/duty/log/${log.json<DutyLogView>().seq}/close`);
    expect(closed.statusCode).toBe(200);
    expect(closed.json<DutyLogView>().closedAt).not.toBeNull();
  });

  it('nil reports: one per township and day; the 值班日报 .docx', async () => {
    await setClock(at(23 * 60 + 40)); // 08:40 on 3 March, before the 09:00 due
    const first = await call(township, 'POST', '/duty/nil-reports', { note: '平安' });
    expect(first.statusCode).toBe(201);
    expect((await call(township, 'POST', '/duty/nil-reports', {})).statusCode).toBe(409);
    const board = (await call(duty, 'GET', '/duty/nil-reports')).json<NilReportBoard>();
    expect(board.items.find((i: { townshipCode: string }) => i.townshipCode === XINNING)).toMatchObject({
      state: 'submitted',
    });

    const res = await call(duty, 'GET', '/duty/daily-report?date=2026-03-02');
    expect(res.statusCode).toBe(200);
    const text = docxText(res.rawPayload);
    for (const s of [
      '宁县应急管理局值班日报',
      '2026年3月2日',
      '李带班',
      '张值班',
      '东城村滑坡',
      '初报',
      '群众来电反映东城村后山有落石',
    ])
      expect(text).toContain(s);
  });
});
