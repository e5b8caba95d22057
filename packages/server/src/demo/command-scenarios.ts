/**
 * Demo scenarios of 一盘棋 (issue #6 part 11): a whole incident played step by step through the real HTTP API,
 * as the demo accounts would do it by hand — so a visitor watches an incident go from the first signal to the
 * review on the workspace, live. The runner knows nothing of the services: every step is a request with the
 * Bearer token of the account that would take it (duty officer, commander, township and village officers,
 * the rescue team's leader). Every text it writes is labelled 【演示】 so nobody mistakes it for a real event.
 *
 * `rainstorm-landslide` (暴雨引发滑坡威胁村庄) and `hazchem-tanker` (高速公路危化品罐车泄漏). A failing step stops
 * the run with its status and body (`ScenarioStepError`).
 */
import { renderCapXml, sampleCapAlert } from '@ningan/domain';

export const COMMAND_SCENARIOS = ['rainstorm-landslide', 'hazchem-tanker'] as const;
export type CommandScenarioName = (typeof COMMAND_SCENARIOS)[number];
export const COMMAND_SCENARIO_LABELS: Record<CommandScenarioName, string> = {
  'rainstorm-landslide': '暴雨引发滑坡威胁村庄',
  'hazchem-tanker': '高速公路危化品罐车泄漏',
};

export function isCommandScenarioName(name: string): name is CommandScenarioName {
  return (COMMAND_SCENARIOS as readonly string[]).includes(name);
}

/** The demo label every text the scenarios write starts with. */
export const DEMO_LABEL = '【演示】';

/** What the runner needs of the HTTP application: Fastify's `inject` (or anything that answers like it). */
export interface ScenarioHttp {
  inject(request: {
    method: 'GET' | 'POST' | 'PATCH';
    url: string;
    headers?: Record<string, string>;
    payload?: unknown;
  }): Promise<{ statusCode: number; body: string }>;
}

export interface ScenarioStep {
  n: number;
  /** ISO time (the runner's clock) the step was taken. */
  at: string;
  /** The account that took it. */
  who: string;
  /** What was done (Chinese). */
  what: string;
  /** What came of it (Chinese). */
  result: string;
}

export interface ScenarioOptions {
  /** Pause factor: 1 = the demo pace (a few seconds between steps); larger is faster; Infinity = no pause. */
  speed?: number;
  /** The demo accounts' password. */
  password: string;
  /** The server's clock (times in requests: occurredAt, due dates). */
  now: () => Date;
  onStep?: (step: ScenarioStep) => void;
  /** Called once, as soon as the scenario's incident exists. */
  onIncident?: (incidentId: string) => void;
  /** Waits `ms` (injectable for tests). */
  sleep?: (ms: number) => Promise<void>;
}

export interface ScenarioResult {
  scenario: CommandScenarioName;
  incidentId: string;
  steps: ScenarioStep[];
}

/** A step that did not answer as expected: the request, its status and body. */
export class ScenarioStepError extends Error {
  constructor(
    readonly step: string,
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`演示步骤失败：${step}（${method} ${url} → ${status}）${body.slice(0, 2000)}`);
    this.name = 'ScenarioStepError';
  }
}

/** The demo rescue team led by the `team1` account (bootstrap demo seed). */
const DEMO_TEAM = '宁县消防救援大队';

/** Pause between steps at speed 1, ms. */
const BASE_PAUSE_MS = 3000;

// A small PNG (16×16, an orange square) standing in for the field photo.
const PHOTO_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAGklEQVR4nGP4v5aBJMQwqmFUw6iGUQ1DVQMAx3I/8Q+VG0cAAAAASUVORK5CYII=';

type Json = Record<string, unknown>;
interface Account {
  username: string;
  name: string;
  token: string;
  userId: string;
  scopeRegionCode: string;
}
interface Feature {
  properties: Json;
  geometry: { coordinates: [number, number] };
}

/** Plays one scenario to its end. @throws ScenarioStepError on the first step that fails */
export async function runCommandScenario(
  http: ScenarioHttp,
  name: CommandScenarioName,
  options: ScenarioOptions,
): Promise<ScenarioResult> {
  const run = new Runner(http, options);
  const play = name === 'rainstorm-landslide' ? rainstormLandslide : hazchemTanker;
  const incidentId = await play(run);
  return { scenario: name, incidentId, steps: run.steps };
}

class Runner {
  readonly steps: ScenarioStep[] = [];
  private readonly accounts = new Map<string, Account>();
  private incidentAnnounced = false;
  private current = '';

  constructor(
    private readonly http: ScenarioHttp,
    private readonly options: ScenarioOptions,
  ) {}

  now(): Date {
    return this.options.now();
  }
  /** ISO time `minutes` from the runner's now (negative = before). */
  at(minutes: number): string {
    return new Date(this.now().getTime() + minutes * 60_000).toISOString();
  }

  async login(username: string): Promise<Account> {
    const known = this.accounts.get(username);
    if (known) return known;
    const res = await this.http.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password: this.options.password },
    });
    if (res.statusCode !== 200)
      throw new ScenarioStepError(
        `登录演示账号 ${username}`,
        'POST',
        '/api/v1/auth/login',
        res.statusCode,
        res.body,
      );
    const body = JSON.parse(res.body) as {
      token: string;
      user: { id: string; displayName: string; scope: { regionCode: string } };
    };
    const account = {
      username,
      name: body.user.displayName,
      token: body.token,
      userId: body.user.id,
      scopeRegionCode: body.user.scope.regionCode,
    };
    this.accounts.set(username, account);
    return account;
  }

  /** Whether the demo account exists (an installation seeded before it was added lacks it). */
  async hasAccount(username: string): Promise<boolean> {
    try {
      await this.login(username);
      return true;
    } catch {
      return false;
    }
  }

  /** A request as `username`; anything but 2xx stops the scenario. */
  async call<T = Json>(
    username: string,
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: unknown,
  ): Promise<T> {
    const account = await this.login(username);
    const res = await this.http.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${account.token}` },
      ...(payload === undefined ? {} : { payload }),
    });
    if (res.statusCode < 200 || res.statusCode >= 300)
      throw new ScenarioStepError(this.current, method, `/api/v1${url}`, res.statusCode, res.body);
    return (res.body ? JSON.parse(res.body) : {}) as T;
  }

  /** One step: pause, act, record. */
  async step<T>(username: string, what: string, act: () => Promise<T>, result: (r: T) => string): Promise<T> {
    await this.pause();
    this.current = what;
    const account = await this.login(username);
    const at = this.now().toISOString();
    const r = await act();
    const step = { n: this.steps.length + 1, at, who: account.name, what, result: result(r) };
    this.steps.push(step);
    this.options.onStep?.(step);
    return r;
  }

  incident(id: string): void {
    if (this.incidentAnnounced) return;
    this.incidentAnnounced = true;
    this.options.onIncident?.(id);
  }

  private async pause(): Promise<void> {
    const speed = this.options.speed ?? 1;
    if (this.steps.length === 0 || !(speed > 0) || speed === Infinity) return;
    const ms = Math.round(BASE_PAUSE_MS / speed);
    if (ms < 1) return;
    await (this.options.sleep ?? ((t: number) => new Promise<void>((r) => setTimeout(r, t))))(ms);
  }
}

// ---------------------------------------------------------------------------------------------------
// Shared pieces

interface IncidentDetail {
  id: string;
  version: number;
  title: string;
  status: string;
  grade: string | null;
  responseLevel: string | null;
  lon: number | null;
  lat: number | null;
  regionCode: string;
  figures: Json;
  reporting: {
    regime: string;
    reports: {
      step: string;
      to: string;
      n: number | null;
      due: string;
      state: string;
      filedAt: string | null;
    }[];
  };
}
interface TaskView {
  id: string;
  title: string;
  state: string;
  version: number;
  assigneeKind: string;
  assigneeId: string;
  assigneeName: string;
}

/** The villages (WGS84 points) of a township. */
async function villagesOf(run: Runner, who: string, township: string): Promise<Feature[]> {
  const fc = await run.call<{ features: Feature[] }>(who, 'GET', `/regions/${township}/villages`);
  return fc.features;
}

/** Files every report of the reporting clock that is due and not yet filed, each from its prefilled draft. */
async function fileDueReports(
  run: Runner,
  who: string,
  incidentId: string,
  only: (r: IncidentDetail['reporting']['reports'][number]) => boolean,
  note: string,
): Promise<void> {
  const detail = await run.call<IncidentDetail>(who, 'GET', `/incidents/${incidentId}`);
  const open = detail.reporting.reports.filter(
    (r) => r.filedAt === null && r.state !== 'met' && r.state !== 'met_late' && only(r),
  );
  for (const r of open) {
    const query = `step=${encodeURIComponent(r.step)}${r.n !== null ? `&n=${r.n}` : ''}`;
    await run.step(
      who,
      `填报${r.step}${r.n !== null ? `（第${r.n}次）` : ''}（报${r.to}）`,
      async () => {
        const draft = await run.call<{ step: string; n: number | null; recipient: string; content: Json }>(
          who,
          'GET',
          `/incidents/${incidentId}/reports/draft?${query}`,
        );
        const content = draft.content as { summary: string; nextSteps?: string; reporter?: string };
        return run.call<{ kindLabel: string; version: number }>(
          who,
          'POST',
          `/incidents/${incidentId}/reports`,
          {
            step: draft.step,
            ...(draft.n !== null ? { n: draft.n } : {}),
            recipient: draft.recipient,
            content: {
              ...draft.content,
              summary: content.summary.startsWith(DEMO_LABEL)
                ? content.summary
                : `${DEMO_LABEL}${content.summary}`,
              nextSteps: content.nextSteps || note,
              reporter: content.reporter || '（演示）值班员',
            },
          },
        );
      },
      (rep) => `${rep.kindLabel} 已报送（第 ${rep.version} 版），报${r.to}，时限 ${r.due}`,
    );
  }
}

/** Reads, feeds back (with a place) and completes a task: assignee, then dispatcher. */
async function workTask(
  run: Runner,
  task: TaskView,
  assignee: string,
  dispatcher: string,
  feedback: { text: string; lon: number; lat: number; photo?: boolean },
): Promise<void> {
  const read = await run.step(
    assignee,
    `查阅任务「${task.title}」`,
    () =>
      run.call<TaskView>(assignee, 'POST', `/tasks/${task.id}/actions`, {
        action: 'read',
        version: task.version,
      }),
    (t) => `任务状态：${t.state}`,
  );
  const fed = await run.step(
    assignee,
    `反馈任务「${task.title}」（带位置${feedback.photo ? '和照片' : ''}）`,
    () =>
      run.call<TaskView>(assignee, 'POST', `/tasks/${task.id}/actions`, {
        action: 'feedback',
        version: read.version,
        text: `${DEMO_LABEL}${feedback.text}`,
        lon: feedback.lon,
        lat: feedback.lat,
        ...(feedback.photo
          ? {
              photos: [{ fileName: '演示-现场.png', contentType: 'image/png', dataBase64: PHOTO_PNG }],
            }
          : {}),
      }),
    (t) => `任务状态：${t.state}`,
  );
  await run.step(
    dispatcher,
    `确认办结「${task.title}」`,
    () =>
      run.call<TaskView>(dispatcher, 'POST', `/tasks/${task.id}/actions`, {
        action: 'complete',
        version: fed.version,
      }),
    (t) => `任务状态：${t.state}`,
  );
}

/** Answers every unanswered 叫应 of the active activation (the HQ members confirm by phone to the duty desk). */
async function ackHq(
  run: Runner,
  who: string,
  activation: { acks: { id: string; personName: string; answeredAt: string | null }[] },
) {
  const open = activation.acks.filter((a) => !a.answeredAt);
  for (const a of open.slice(0, 3))
    await run.step(
      who,
      `指挥部成员 ${a.personName} 电话回复收到（代为登记叫应）`,
      () =>
        run.call<{ answeredAt: string | null }>(who, 'POST', `/incident-acks/${a.id}/answer`, {
          via: 'phone',
          note: `${DEMO_LABEL}${a.personName}电话确认收到启动通知`,
        }),
      (r) => `已应答 ${r.answeredAt ?? ''}`,
    );
  if (open.length > 3)
    await run.step(
      who,
      `其余 ${open.length - 3} 名指挥部成员电话回复收到（代为登记叫应）`,
      async () => {
        for (const a of open.slice(3))
          await run.call(who, 'POST', `/incident-acks/${a.id}/answer`, {
            via: 'phone',
            note: `${DEMO_LABEL}${a.personName}电话确认收到启动通知`,
          });
        return open.length - 3;
      },
      (n) => `${n} 人已应答`,
    );
}

/** Compiles (duty), approves and publishes (commander) a situation report. */
async function sitrep(run: Runner, incidentId: string, text: string): Promise<void> {
  const draft = await run.step(
    'duty',
    '汇编态势报告',
    () =>
      run.call<{ id: string; n: number }>('duty', 'POST', `/incidents/${incidentId}/sitreps`, {
        text: `${DEMO_LABEL}${text}`,
      }),
    (s) => `第 ${s.n} 期态势报告草稿`,
  );
  await run.step(
    'commander',
    '审核态势报告',
    () => run.call<{ state: string }>('commander', 'POST', `/incident-sitreps/${draft.id}/approve`, {}),
    (s) => `状态：${s.state}`,
  );
  await run.step(
    'commander',
    '发布态势报告（发送指挥部成员）',
    () => run.call<{ state: string }>('commander', 'POST', `/incident-sitreps/${draft.id}/publish`, {}),
    (s) => `状态：${s.state}`,
  );
}

/** Closes the incident and records, rectifies and verifies a review finding. */
async function closeAndReview(
  run: Runner,
  incidentId: string,
  summary: string,
  finding: { finding: string; unit: string; rectification: string; rectifier: string },
): Promise<void> {
  // Checklist tasks of units without a demo account stay open: the commander closes stating so.
  const detail = await run.call<IncidentDetail & { openTasks: number }>(
    'commander',
    'GET',
    `/incidents/${incidentId}`,
  );
  await run.step(
    'commander',
    '宣布应急响应结束，事件办结',
    () =>
      run.call<IncidentDetail>('commander', 'POST', `/incidents/${incidentId}/close`, {
        summary: `${DEMO_LABEL}${summary}${detail.openTasks > 0 ? `（预案清单中 ${detail.openTasks} 项成员单位任务由各单位线下办结，另行销号）` : ''}`,
        ...(detail.openTasks > 0 ? { force: true } : {}),
      }),
    (d) => `事件状态：${d.status}`,
  );
  const dueOn = new Date(run.now().getTime() + 30 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
  const f = await run.step(
    'commander',
    '复盘：登记问题与整改责任单位',
    () =>
      run.call<{ id: string; state: string }>('commander', 'POST', `/incidents/${incidentId}/findings`, {
        finding: `${DEMO_LABEL}${finding.finding}`,
        responsibleUnit: finding.unit,
        dueOn,
      }),
    () => `问题已登记，整改期限 ${dueOn}`,
  );
  await run.step(
    finding.rectifier,
    `${finding.unit}登记整改情况`,
    () =>
      run.call<{ state: string }>(finding.rectifier, 'POST', `/incident-findings/${f.id}/rectify`, {
        rectification: `${DEMO_LABEL}${finding.rectification}`,
      }),
    (x) => `状态：${x.state}`,
  );
  await run.step(
    'commander',
    '验证整改，销号',
    () =>
      run.call<{ state: string }>('commander', 'POST', `/incident-findings/${f.id}/verify`, {
        accepted: true,
        note: `${DEMO_LABEL}经现场核查，整改到位`,
      }),
    (x) => `状态：${x.state}`,
  );
}

/** The best plan for the incident, its Ⅳ level present. */
async function suggestedPlan(
  run: Runner,
  incidentId: string,
  want: RegExp,
): Promise<{ planId: string; name: string }> {
  const s = await run.call<{ items: { planId: string; name: string; levels: { level: string }[] }[] }>(
    'commander',
    'GET',
    `/incidents/${incidentId}/plan-suggestions`,
  );
  const plan = s.items.find((p) => want.test(p.name)) ?? s.items[0];
  if (!plan)
    throw new ScenarioStepError(
      '选择预案',
      'GET',
      `/api/v1/incidents/${incidentId}/plan-suggestions`,
      200,
      '没有可启动的预案',
    );
  return plan;
}

interface Recommendation {
  teams: {
    specialty: string;
    matches: { id: string; name: string; distanceKm: number | null; phone: string | null }[];
  }[];
  supplies: {
    item: string;
    itemName: string;
    unit: string;
    matches: { id: string; name: string; quantity: number; distanceKm: number | null }[];
  }[];
  shelters: { matches: { id: string; name: string; free: number; distanceKm: number | null }[] } | null;
}

/** The demo rescue team whose leader has a demo account (`team1`), else the nearest one recommended. */
async function demoTeam(
  run: Runner,
  rec: Recommendation,
): Promise<{ id: string; name: string; led: boolean }> {
  const page = await run.call<{ items: { id: string; name: string }[] }>(
    'duty',
    'GET',
    `/ledger/rescue-teams?q=${encodeURIComponent(DEMO_TEAM)}&pageSize=20`,
  );
  const led = page.items.find((t) => t.name === DEMO_TEAM);
  if (led && (await run.hasAccount('team1'))) return { id: led.id, name: led.name, led: true };
  const first = rec.teams.flatMap((t) => t.matches)[0];
  if (!first) throw new ScenarioStepError('推荐救援队伍', 'POST', '/recommend', 200, '附近没有救援队伍');
  return { id: first.id, name: first.name, led: false };
}

// ---------------------------------------------------------------------------------------------------
// 1. 暴雨引发滑坡威胁村庄

async function rainstormLandslide(run: Runner): Promise<string> {
  const village = await run.login('village1');
  const villageCode = village.scopeRegionCode;
  const township = villageCode.slice(0, 9);
  const points = await villagesOf(run, 'duty', township);
  const here = points.find((f) => f.properties.code === villageCode) ?? points[0];
  const [vlon, vlat] = here?.geometry.coordinates ?? [107.92, 35.5];
  const villageName = typeof here?.properties.name === 'string' ? here.properties.name : '村';
  const slope = { lon: Math.round((vlon + 0.004) * 1e6) / 1e6, lat: Math.round((vlat + 0.003) * 1e6) / 1e6 };

  // 1. The external 暴雨橙色 warning (CAP from the 市气象台).
  const now = run.now();
  const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
  const sent = capTime(now);
  const sample = sampleCapAlert();
  const info = sample.info[0]!;
  const xml = renderCapXml(
    sampleCapAlert({
      identifier: `DEMO-${stamp}-${Math.floor(Math.random() * 1e6)}`,
      sender: 'demo-qxt@gsmb.example.cn',
      sent,
      info: [
        {
          ...info,
          senderName: '庆阳市气象台（演示）',
          headline: `${DEMO_LABEL}庆阳市气象台发布暴雨橙色预警`,
          description: `${DEMO_LABEL}预计未来3小时内宁县${villageName}一带降雨量将达50毫米以上，并可能持续，山区易发滑坡、泥石流等地质灾害。`,
          effective: sent,
          onset: sent,
          expires: capTime(new Date(now.getTime() + 12 * 3_600_000)),
        },
      ],
    }),
  );
  const ext = await run.step(
    'duty',
    '接收外部预警：暴雨橙色预警（CAP）',
    () =>
      run.call<{ created: boolean; warning: { id: string; headline: string | null } }>(
        'duty',
        'POST',
        '/warnings/external',
        { xml },
      ),
    (r) => `已接收：${r.warning.headline ?? ''}`,
  );
  const incident = await run.step(
    'duty',
    '研判：暴雨可能引发滑坡，由预警转为事件',
    () =>
      run.call<IncidentDetail>('duty', 'POST', `/incidents/from-external-warning/${ext.warning.id}`, {
        eventType: 'landslide',
      }),
    (d) => `事件「${d.title}」已建立`,
  );
  const id = incident.id;
  run.incident(id);

  // 2. The village information officer reports from the slope.
  const field = await run.step(
    'village1',
    '村灾害信息员手机报告：后山坡体滑移，威胁农户（GPS + 照片）',
    () =>
      run.call<{ incidentId: string; created: boolean }>('village1', 'POST', '/incidents/field-reports', {
        clientId: randomUuid(),
        eventType: 'landslide',
        lon: slope.lon,
        lat: slope.lat,
        accuracyM: 8,
        description: `${DEMO_LABEL}${villageName}后山出现裂缝、坡体滑移，坡下12户46人受威胁，已通知群众撤离`,
        deaths: 0,
        injuries: 0,
        missing: 0,
        photos: [{ fileName: '演示-后山裂缝.png', contentType: 'image/png', dataBase64: PHOTO_PNG }],
      }),
    (r) => (r.created ? '现场报告已形成新事件' : '现场报告已并入已有事件'),
  );
  let current = await run.call<IncidentDetail>('duty', 'GET', `/incidents/${id}`);
  if (field.incidentId !== id) {
    current = await run.step(
      'duty',
      '合并重复事件：现场报告并入预警事件',
      () =>
        run.call<IncidentDetail>('duty', 'POST', `/incidents/${id}/merge`, { duplicateId: field.incidentId }),
      () => '重复事件已合并',
    );
  }
  current = await run.step(
    'duty',
    '核实定类：地质灾害（滑坡），定位到现场',
    () =>
      run.call<IncidentDetail>('duty', 'PATCH', `/incidents/${id}`, {
        version: current.version,
        title: `${DEMO_LABEL}${villageName}暴雨引发滑坡险情`,
        eventType: 'landslide',
        regionCode: villageCode,
        lon: slope.lon,
        lat: slope.lat,
        place: `${villageName}后山`,
        description: `${DEMO_LABEL}受强降雨影响，${villageName}后山坡体滑移，坡下12户46人受威胁。`,
      }),
    () => `类型：滑坡；地点：${villageName}后山`,
  );
  await run.step(
    'duty',
    '电话联系乡镇应急办核实情况',
    () =>
      run.call('duty', 'POST', `/incidents/${id}/contacts`, {
        channel: 'phone',
        party: '乡镇应急办',
        summary: `${DEMO_LABEL}乡镇已派人到场，组织坡下群众撤离，设置警戒`,
      }),
    () => '联络已记录',
  );
  await fileDueReports(run, 'duty', id, (r) => r.step.startsWith('初报'), '持续监测坡体变形，做好转移安置');

  // 3. Decision and plan.
  await run.step(
    'commander',
    '指挥长决定启动Ⅳ级应急响应',
    () =>
      run.call<IncidentDetail>('commander', 'POST', `/incidents/${id}/response-level`, {
        level: 'Ⅳ',
        reason: `${DEMO_LABEL}滑坡威胁12户46人，暴雨持续，按地质灾害预案启动Ⅳ级响应`,
      }),
    (d) => `响应级别：${d.responseLevel ?? ''}`,
  );
  const plan = await suggestedPlan(run, id, /地质灾害/);
  const activation = await run.step(
    'commander',
    `启动「${plan.name}」Ⅳ级响应`,
    () =>
      run.call<{
        id: string;
        acks: { id: string; personName: string; answeredAt: string | null }[];
        taskCount: number;
      }>('commander', 'POST', `/incidents/${id}/activations`, {
        planId: plan.planId,
        level: 'Ⅳ',
        reason: `${DEMO_LABEL}滑坡险情威胁村庄`,
      }),
    (a) => `叫应指挥部成员 ${a.acks.length} 人，生成清单任务 ${a.taskCount} 项`,
  );
  await ackHq(run, 'duty', activation);

  // 4. Dispatch: the township and a rescue team.
  const rec = await run.call<Recommendation>('duty', 'POST', `/incidents/${id}/recommend`, {
    needs: {
      teamSpecialties: ['地质灾害'],
      supplyItems: [{ item: 'tent', quantity: 10 }],
      shelterPeople: 46,
    },
    limit: 5,
  });
  const team = await demoTeam(run, rec);
  const townshipTask = await run.step(
    'duty',
    '下达任务：乡镇组织转移坡下群众',
    () =>
      run.call<TaskView>('duty', 'POST', `/incidents/${id}/tasks`, {
        title: `${DEMO_LABEL}组织${villageName}坡下12户46人转移安置`,
        detail: '逐户清点，设置警戒，严禁人员返回',
        assigneeKind: 'township',
        assigneeId: township,
        dueAt: run.at(120),
      }),
    (t) => `已派给 ${t.assigneeName}`,
  );
  const teamTask = await run.step(
    'duty',
    `下达任务：${team.name}赶赴现场排险监测`,
    () =>
      run.call<TaskView>('duty', 'POST', `/incidents/${id}/tasks`, {
        title: `${DEMO_LABEL}赶赴${villageName}后山开展排险和坡体监测`,
        assigneeKind: 'team',
        assigneeId: team.id,
        dueAt: run.at(90),
      }),
    (t) => `已派给 ${t.assigneeName}`,
  );
  await workTask(run, townshipTask, 'township1', 'duty', {
    text: '坡下12户46人已全部转移至村委会安置点，设置警戒线2处',
    lon: vlon,
    lat: vlat,
  });
  if (team.led)
    await workTask(run, teamTask, 'team1', 'duty', {
      text: '已到达现场，布设裂缝监测点3处，坡体暂趋稳定',
      lon: slope.lon,
      lat: slope.lat,
      photo: true,
    });

  // 5. Supplies.
  const tents = pickStock(rec, 'tent', 10);
  if (tents) {
    const alloc = await run.step(
      'duty',
      `调拨物资：${tents.name} 救灾帐篷 ${tents.quantity} 顶`,
      () =>
        run.call<{ id: string; voucher: string }>('duty', 'POST', `/incidents/${id}/allocations`, {
          warehouseId: tents.id,
          lines: [{ itemCode: 'tent', quantity: tents.quantity }],
          destination: `${villageName}村委会安置点`,
          taskId: townshipTask.id,
        }),
      (a) => `出库单 ${a.voucher}`,
    );
    await run.step(
      'duty',
      '物资已发运',
      () =>
        run.call('duty', 'POST', `/incident-allocations/${alloc.id}/ship`, {
          note: `${DEMO_LABEL}车辆已出发`,
        }),
      () => '已发运',
    );
    await run.step(
      'township1',
      '物资已到达安置点',
      () =>
        run.call('duty', 'POST', `/incident-allocations/${alloc.id}/arrive`, {
          note: `${DEMO_LABEL}乡镇签收`,
        }),
      () => '已到达',
    );
  }

  // 6. Impact and situation.
  await run.step(
    'duty',
    '影响分析：周边 1 公里（记入时间线）',
    () =>
      run.call<{ villages: unknown[]; population: { total: number } }>(
        'duty',
        'POST',
        `/incidents/${id}/impact`,
        { radiusKm: 1, record: true },
      ),
    (r) => `村 ${r.villages.length} 个，人口约 ${r.population.total} 人`,
  );
  await sitrep(run, id, '坡体变形趋缓，受威胁群众已全部转移，继续监测');

  // 7. Follow-ups, 续报, stabilised, 核报.
  await run.step(
    'duty',
    '续报数字：转移 46 人，无人员伤亡',
    () =>
      run.call<IncidentDetail>('duty', 'POST', `/incidents/${id}/follow-ups`, {
        figures: {
          deaths: 0,
          missing: 0,
          seriousInjuries: 0,
          injuries: 0,
          affectedPeople: 46,
          evacuated: 46,
          directLossWanYuan: 35,
        },
        note: `${DEMO_LABEL}转移安置46人，毁坏农房2间，直接经济损失约35万元`,
      }),
    (d) => `死亡 ${Number(d.figures.deaths ?? 0)}，转移 ${Number(d.figures.evacuated ?? 0)}`,
  );
  await fileDueReports(run, 'duty', id, (r) => r.step === '续报', '继续做好安置和监测');
  await run.step(
    'duty',
    '灾情稳定',
    () =>
      run.call<IncidentDetail>('duty', 'POST', `/incidents/${id}/follow-ups`, {
        figures: {
          deaths: 0,
          missing: 0,
          seriousInjuries: 0,
          injuries: 0,
          affectedPeople: 46,
          evacuated: 46,
          directLossWanYuan: 35,
        },
        note: `${DEMO_LABEL}降雨停止，坡体稳定，灾情稳定`,
        stabilized: true,
      }),
    () => '已标记灾情稳定',
  );
  await fileDueReports(
    run,
    'duty',
    id,
    (r) => r.step === '续报' || r.step === '核报',
    '灾情稳定，转入恢复重建',
  );

  // 8. Close and review.
  await closeAndReview(run, id, '险情排除，群众妥善安置，结束Ⅳ级应急响应', {
    finding: '预警发布后坡下群众转移用时偏长，部分农户未收到大喇叭通知',
    unit: '乡镇人民政府',
    rectification: '补装大喇叭2套，修订转移路线，开展一次转移演练',
    rectifier: 'township1',
  });
  return id;
}

// ---------------------------------------------------------------------------------------------------
// 2. 高速公路危化品罐车泄漏

async function hazchemTanker(run: Runner): Promise<string> {
  const officer = await run.login('township2');
  const township = officer.scopeRegionCode;
  const points = await villagesOf(run, 'duty', township);
  const [vlon, vlat] = points[0]?.geometry.coordinates ?? [107.92, 35.5];
  const tname = String(
    (await run.call<{ name: string }>('duty', 'GET', `/regions/${township}`)).name ?? '乡镇',
  );
  const site = { lon: Math.round((vlon + 0.006) * 1e6) / 1e6, lat: Math.round((vlat - 0.004) * 1e6) / 1e6 };

  const intake = await run.step(
    'duty',
    '接报：高速交警来电，危化品罐车侧翻泄漏',
    () =>
      run.call<IncidentDetail & { grade: string | null }>('duty', 'POST', '/incidents', {
        source: 'phone',
        title: `${DEMO_LABEL}G22青兰高速${tname}段危化品罐车侧翻泄漏`,
        eventType: 'hazardous_chemicals',
        occurredAt: run.at(-12),
        knownAt: run.at(-2),
        regionCode: township,
        lon: site.lon,
        lat: site.lat,
        place: `G22青兰高速${tname}段（演示）`,
        description: `${DEMO_LABEL}一辆装载液氨的罐车与货车追尾后侧翻，罐体阀门处泄漏，现场有刺激性气味，造成1人死亡、3人重伤。`,
        figures: { deaths: 1, seriousInjuries: 3, missing: 0, injuries: 0 },
        caller: { name: '李警官（演示）', phone: '0934-0000000', unit: '高速交警大队' },
        measuresTaken: '已封闭双向车道，疏散过往车辆，等待专业处置',
      }),
    (d) => `事件已建立；按493号令定级：${d.grade ?? '未定级'}`,
  );
  const id = intake.id;
  run.incident(id);
  await fileDueReports(run, 'duty', id, () => true, '组织危化品处置、救治伤员、管控交通');

  await run.step(
    'commander',
    '指挥长决定启动Ⅳ级应急响应',
    () =>
      run.call<IncidentDetail>('commander', 'POST', `/incidents/${id}/response-level`, {
        level: 'Ⅳ',
        reason: `${DEMO_LABEL}一般生产安全事故（死亡1人、重伤3人），危化品泄漏有扩大风险`,
      }),
    (d) => `响应级别：${d.responseLevel ?? ''}`,
  );
  const plan = await suggestedPlan(run, id, /危险化学品/);
  const activation = await run.step(
    'commander',
    `启动「${plan.name}」Ⅳ级响应`,
    () =>
      run.call<{
        id: string;
        acks: { id: string; personName: string; answeredAt: string | null }[];
        taskCount: number;
      }>('commander', 'POST', `/incidents/${id}/activations`, {
        planId: plan.planId,
        level: 'Ⅳ',
        reason: `${DEMO_LABEL}危化品罐车泄漏`,
      }),
    (a) => `叫应指挥部成员 ${a.acks.length} 人，生成清单任务 ${a.taskCount} 项`,
  );
  await ackHq(run, 'duty', activation);

  // Impact 1 km (the hot zone) and 3 km (evacuation) around the tanker.
  await run.step(
    'duty',
    '影响分析：半径 1 公里（警戒区）',
    () =>
      run.call<{ villages: unknown[]; population: { total: number }; enterprises: unknown[] }>(
        'duty',
        'POST',
        `/incidents/${id}/impact`,
        { radiusKm: 1, record: true },
      ),
    (r) => `村 ${r.villages.length} 个，人口约 ${r.population.total} 人，企业 ${r.enterprises.length} 家`,
  );
  const wide = await run.step(
    'duty',
    '影响分析：半径 3 公里（疏散区）',
    () =>
      run.call<{ villages: { name: string }[]; population: { total: number }; enterprises: unknown[] }>(
        'duty',
        'POST',
        `/incidents/${id}/impact`,
        {
          radiusKm: 3,
          record: true,
        },
      ),
    (r) =>
      `村 ${r.villages.length} 个（${r.villages
        .slice(0, 4)
        .map((v) => v.name)
        .join('、')}…），人口约 ${r.population.total} 人，企业 ${r.enterprises.length} 家`,
  );

  // Dispatch.
  const rec = await run.call<Recommendation>('duty', 'POST', `/incidents/${id}/recommend`, {
    needs: {
      teamSpecialties: ['危化品'],
      shelterPeople: 200,
      medical: true,
      supplyItems: [{ item: 'instant-food', quantity: 20 }],
    },
    limit: 5,
  });
  const team = await demoTeam(run, rec);
  const units = await run
    .call<{ items: { id: string; name: string }[] }>('duty', 'GET', '/org-units?pageSize=200')
    .catch(() => ({ items: [] }));
  const unitId = (name: string) =>
    (Array.isArray(units.items) ? units.items : []).find((u) => u.name === name)?.id;
  const teamTask = await run.step(
    'duty',
    `下达任务：${team.name}堵漏、洗消`,
    () =>
      run.call<TaskView>('duty', 'POST', `/incidents/${id}/tasks`, {
        title: `${DEMO_LABEL}危化品罐车堵漏、倒罐和现场洗消`,
        assigneeKind: 'team',
        assigneeId: team.id,
        dueAt: run.at(60),
      }),
    (t) => `已派给 ${t.assigneeName}`,
  );
  const dispatched: { title: string; unit: string }[] = [
    { title: '现场灭火救援、稀释降毒', unit: '宁县消防救援大队' },
    { title: '伤员救治和转运', unit: '宁县卫生健康局' },
    { title: '高速公路双向交通管制和绕行分流', unit: '宁县公安局' },
  ];
  let fireTask: TaskView | null = null;
  for (const d of dispatched) {
    const uid = unitId(d.unit);
    if (!uid) continue;
    const t = await run.step(
      'duty',
      `下达任务：${d.unit}${d.title}`,
      () =>
        run.call<TaskView>('duty', 'POST', `/incidents/${id}/tasks`, {
          title: `${DEMO_LABEL}${d.title}`,
          assigneeKind: 'org_unit',
          assigneeId: uid,
          dueAt: run.at(60),
        }),
      (t) => `已派给 ${t.assigneeName}`,
    );
    if (d.unit === DEMO_TEAM) fireTask = t;
  }
  const evac = await run.step(
    'duty',
    `下达任务：${tname}组织 3 公里内群众疏散`,
    () =>
      run.call<TaskView>('duty', 'POST', `/incidents/${id}/tasks`, {
        title: `${DEMO_LABEL}组织下风向 3 公里内群众疏散至${rec.shelters?.matches[0]?.name ?? '避难场所'}`,
        detail: `涉及 ${wide.villages.length} 个村，约 ${wide.population.total} 人`,
        assigneeKind: 'township',
        assigneeId: township,
        dueAt: run.at(90),
      }),
    (t) => `已派给 ${t.assigneeName}`,
  );
  if (team.led)
    await workTask(run, teamTask, 'team1', 'duty', {
      text: '已完成堵漏和倒罐，现场洗消完毕，周边氨浓度降至安全值',
      lon: site.lon,
      lat: site.lat,
      photo: true,
    });
  if (fireTask && team.led)
    await workTask(run, fireTask, 'team1', 'duty', {
      text: '出水稀释降毒，设置水幕隔离带，泄漏区无明火',
      lon: site.lon,
      lat: site.lat,
    });
  await workTask(run, evac, 'township2', 'duty', {
    text: `已疏散群众至${rec.shelters?.matches[0]?.name ?? '避难场所'}，清点无遗漏`,
    lon: vlon,
    lat: vlat,
  });
  const food = pickStock(rec, 'instant-food', 20);
  if (food) {
    const alloc = await run.step(
      'duty',
      `调拨物资：${food.name} 方便食品 ${food.quantity} 箱`,
      () =>
        run.call<{ id: string; voucher: string }>('duty', 'POST', `/incidents/${id}/allocations`, {
          warehouseId: food.id,
          lines: [{ itemCode: 'instant-food', quantity: food.quantity }],
          destination: `${rec.shelters?.matches[0]?.name ?? '避难场所'}（疏散群众）`,
          taskId: evac.id,
        }),
      (a) => `出库单 ${a.voucher}`,
    );
    await run.step(
      'duty',
      '物资已发运',
      () => run.call('duty', 'POST', `/incident-allocations/${alloc.id}/ship`, {}),
      () => '已发运',
    );
    await run.step(
      'duty',
      '物资已到达避难场所',
      () => run.call('duty', 'POST', `/incident-allocations/${alloc.id}/arrive`, {}),
      () => '已到达',
    );
  }
  await sitrep(run, id, '泄漏已控制，疏散群众已妥善安置，交通管制持续');

  // A seriously injured person dies: casualty change → 补报, grade re-checked.
  const after = await run.step(
    'duty',
    '续报：1 名重伤员经抢救无效死亡',
    () =>
      run.call<IncidentDetail>('duty', 'POST', `/incidents/${id}/follow-ups`, {
        figures: { deaths: 2, seriousInjuries: 2, missing: 0, injuries: 0, evacuated: wide.population.total },
        note: `${DEMO_LABEL}1名重伤员经抢救无效死亡，现死亡2人、重伤2人`,
      }),
    (d) => `伤亡变化已记录；重新定级：${d.grade ?? '未定级'}`,
  );
  void after;
  await fileDueReports(run, 'duty', id, () => true, '做好善后和事故调查');

  await closeAndReview(run, id, '泄漏处置完毕，道路恢复通行，疏散群众已返回', {
    finding: '罐车运输路线未按规定报备，现场初期缺少气体检测设备',
    unit: '宁县交通运输局',
    rectification: '开展危化品运输车辆专项检查，为高速执勤点配备便携式气体检测仪',
    rectifier: 'duty',
  });
  return id;
}

/** CAP time: Beijing time with its offset (CAP 1.2 forbids `Z`). */
function capTime(d: Date): string {
  return `${new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

/** A warehouse holding `want` of the item (the nearest that has it all, else the one with most) and how much. */
function pickStock(
  rec: Recommendation,
  item: string,
  want: number,
): { id: string; name: string; quantity: number } | null {
  const matches = rec.supplies.find((s) => s.item === item)?.matches ?? [];
  const full = matches.find((m) => m.quantity >= want);
  const best = full ?? [...matches].sort((a, b) => b.quantity - a.quantity)[0];
  if (!best || best.quantity < 1) return null;
  return { id: best.id, name: best.name, quantity: Math.min(want, Math.floor(best.quantity)) };
}

function randomUuid(): string {
  return globalThis.crypto.randomUUID();
}
