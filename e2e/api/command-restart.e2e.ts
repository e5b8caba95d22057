/**
 * issue #6, "a restart during an active incident loses nothing and every deadline still fires on time", black-box:
 * the duty officer takes in a hazardous-chemicals accident whose unit head learnt of it almost an hour ago, so the
 * statutory 事故报告 (unit → county within 1 h of knowing, 493号令 第九条) falls due ~25 s later; a task and a
 * follow-up are added; the server is killed hard (SIGKILL, no shutdown) before the due instant and started again on
 * the same data after it. The incident, its timeline, the task and the follow-up are all there, and the overdue
 * firing of the 事故报告 (timeline `deadline`) appears within a few seconds of the restart exactly once — and is
 * still once after further scheduler passes. On embedded PGlite and, when TEST_DATABASE_URL is set (mandatory under
 * CI=true), on a fresh PostgreSQL database; the two run side by side (most of the time is waiting for the clock).
 */
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, login, startServer, serverTargets, type RunningServer } from '../harness.ts';

const targets = serverTargets('the command restart e2e');

/** How far ahead of the intake the 事故报告 falls due: time for the task, the follow-up and the kill. */
const DUE_IN_MS = 25_000;
/** 事故报告 limit: 1 h from the unit head knowing (493号令 第九条; packages/domain calc/report-deadlines.ts). */
const ACCIDENT_UNIT_HOURS = 1;

interface Timeline {
  items: { seq: number; at: string; kind: string; summary: string; data: Record<string, unknown> | null }[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Kills the server without letting it shut down, and waits until the process is gone. */
async function killHard(server: RunningServer): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.kill('SIGKILL');
  await exited;
}

function client(url: string, token: string) {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const r = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await r.text();
    if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status}: ${text}`);
    return JSON.parse(text) as T;
  };
  return {
    get: <T>(path: string) => call<T>('GET', path),
    post: <T>(path: string, body: unknown) => call<T>('POST', path, body),
  };
}

/** The `deadline` timeline entries of one report step and kind ('warn' | 'overdue'). */
const firings = (t: Timeline, step: string, kind: string) =>
  t.items.filter((e) => e.kind === 'deadline' && e.data?.step === step && e.data.kind === kind);

describe('command: a restart during an active incident', () => {
  it.concurrent.each(targets)(
    'loses nothing and the 事故报告 deadline still fires, once ($name)',
    async (target) => {
      const prepared = await target.prepare();
      let server: RunningServer | undefined;
      try {
        server = await startServer({ args: prepared.args, env: prepared.env });
        let duty = client(server.url, (await login(server.url, 'duty', DEMO_PASSWORD)).token);

        // 接报: known (to the unit head) 1 h − 25 s ago, so the 事故报告 is due 25 s from now.
        const now = Date.now();
        const knownAt = new Date(now - ACCIDENT_UNIT_HOURS * 3_600_000 + DUE_IN_MS);
        const occurredAt = new Date(knownAt.getTime() - 5 * 60_000);
        const incident = await duty.post<{
          id: string;
          grade: string | null;
          reporting: { reports: { step: string; due: string; state: string }[]; nextTimerAt: string | null };
        }>('/incidents', {
          source: 'phone',
          eventType: 'hazardous_chemicals',
          occurredAt: occurredAt.toISOString(),
          knownAt: knownAt.toISOString(),
          regionCode: '621026100',
          lon: 107.931,
          lat: 35.5012,
          place: '宁县工业集中区化工路储罐区',
          description: '储罐区卸车时管线接口泄漏，1人死亡。',
          figures: { deaths: 1, seriousInjuries: 0 },
          caller: { name: '李建军', phone: '13909341234', unit: '宁县某化工有限公司' },
          measuresTaken: '关闭阀门，疏散厂区人员',
        });
        expect(incident.grade).toBe('一般');
        const report = incident.reporting.reports.find((r) => r.step === '事故报告');
        expect(report).toBeDefined();
        const due = new Date(report!.due);
        expect(Math.abs(due.getTime() - (now + DUE_IN_MS))).toBeLessThan(1_000);
        expect(report!.state).toBe('due_soon');

        // A task to the township and a follow-up (a second death: a casualty change, re-graded the same).
        const task = await duty.post<{ id: string; title: string; state: string }>(
          `/incidents/${incident.id}/tasks`,
          { title: '组织下风向群众疏散', assigneeKind: 'township', assigneeId: '621026100' },
        );
        expect(task.state).toBe('pending_read');
        const followUp = await duty.post<{ figures: { deaths?: number } }>(
          `/incidents/${incident.id}/follow-ups`,
          { figures: { deaths: 2 }, note: '又有1名重伤人员经抢救无效死亡' },
        );
        expect(followUp.figures.deaths).toBe(2);

        // The warn instant (30 min before the due) had passed at intake: fired once while running.
        const path = `/incidents/${incident.id}/timeline`;
        await expect
          .poll(async () => firings(await duty.get<Timeline>(path), '事故报告', 'warn').length, {
            timeout: 10_000,
            interval: 250,
          })
          .toBe(1);
        const before = await duty.get<Timeline>(path);
        expect(firings(before, '事故报告', 'overdue')).toHaveLength(0);
        expect(Date.now()).toBeLessThan(due.getTime() - 2_000); // the kill really comes before the due

        await killHard(server);
        const killedAt = Date.now();
        // Down across the due instant.
        await sleep(Math.max(0, due.getTime() + 1_000 - Date.now()));

        server = await startServer({ args: prepared.args, env: prepared.env });
        const upAt = Date.now();
        duty = client(server.url, (await login(server.url, 'duty', DEMO_PASSWORD)).token);

        // The overdue firing within a few seconds of the restart, exactly once.
        let after = await duty.get<Timeline>(path);
        const deadline = upAt + 5_000;
        while (firings(after, '事故报告', 'overdue').length === 0 && Date.now() < deadline) {
          await sleep(200);
          after = await duty.get<Timeline>(path);
        }
        const overdue = firings(after, '事故报告', 'overdue');
        expect(overdue).toHaveLength(1);
        const firedAt = new Date(overdue[0]!.at).getTime();
        expect(firedAt).toBeGreaterThanOrEqual(due.getTime());
        expect(firedAt).toBeGreaterThan(killedAt); // fired by the restarted server, not before the kill
        expect(firedAt).toBeLessThan(upAt + 5_000);
        expect(overdue[0]!.data?.due).toBe(due.toISOString());
        expect(overdue[0]!.summary).toContain('事故报告');

        // Nothing lost: every entry from before the kill, in order, then the new firing.
        expect(after.items.slice(0, before.items.length)).toEqual(before.items);
        expect(after.items.map((e) => e.kind)).toEqual(
          expect.arrayContaining(['intake', 'task', 'follow_up']),
        );
        expect(firings(after, '事故报告', 'warn')).toHaveLength(1);
        const detail = await duty.get<{
          id: string;
          status: string;
          figures: { deaths?: number };
          reporting: { reports: { step: string; state: string }[] };
        }>(`/incidents/${incident.id}`);
        expect(detail.figures.deaths).toBe(2);
        expect(detail.reporting.reports.find((r) => r.step === '事故报告')?.state).toBe('overdue');
        const taskNow = await duty.get<{ id: string; title: string; state: string }>(`/tasks/${task.id}`);
        expect(taskNow).toMatchObject({ id: task.id, title: task.title, state: 'pending_read' });
        const ws = await duty.get<{ tasks: { id: string }[]; timeline: unknown[] }>(
          `/incidents/${incident.id}/workspace`,
        );
        expect(ws.tasks.map((t) => t.id)).toContain(task.id);
        expect(ws.timeline).toHaveLength(after.items.length);

        // Further scheduler passes (a change wakes the scheduler at once; then its own sleep) fire nothing again.
        await duty.post(`/incidents/${incident.id}/contacts`, {
          channel: 'phone',
          party: '宁县某化工有限公司',
          summary: '催报事故报告',
        });
        await sleep(3_000);
        const later = await duty.get<Timeline>(path);
        expect(firings(later, '事故报告', 'overdue')).toHaveLength(1);
        expect(firings(later, '事故报告', 'warn')).toHaveLength(1);

        // And the restarted server keeps time: a second accident's 事故报告 due 6 s after its intake fires at it.
        const second = await duty.post<{
          id: string;
          reporting: { reports: { step: string; due: string }[] };
        }>('/incidents', {
          source: 'phone',
          eventType: 'hazardous_chemicals',
          occurredAt: new Date(Date.now() - ACCIDENT_UNIT_HOURS * 3_600_000).toISOString(),
          knownAt: new Date(Date.now() - ACCIDENT_UNIT_HOURS * 3_600_000 + 6_000).toISOString(),
          regionCode: '621026100',
          place: '宁县工业集中区化工路装卸站',
          description: '槽车装卸时软管破裂，1人重伤。',
          figures: { seriousInjuries: 1 },
          caller: { name: '王刚' },
        });
        const secondDue = new Date(second.reporting.reports.find((r) => r.step === '事故报告')!.due);
        const secondPath = `/incidents/${second.id}/timeline`;
        let onTime: Timeline['items'] = [];
        while (onTime.length === 0 && Date.now() < secondDue.getTime() + 10_000) {
          await sleep(200);
          onTime = firings(await duty.get<Timeline>(secondPath), '事故报告', 'overdue');
        }
        expect(onTime).toHaveLength(1);
        const lateBy = new Date(onTime[0]!.at).getTime() - secondDue.getTime();
        expect(lateBy).toBeGreaterThanOrEqual(0);
        expect(lateBy).toBeLessThan(3_000);
        console.info(
          `[command-restart ${target.name}] down ${((upAt - killedAt) / 1000).toFixed(1)} s, ` +
            `overdue fired ${((firedAt - due.getTime()) / 1000).toFixed(1)} s after the due instant, ` +
            `${((firedAt - upAt) / 1000).toFixed(1)} s after the restarted server answered health; ` +
            `a deadline due while running fired ${lateBy} ms after its instant`,
        );
      } finally {
        if (server) await killHard(server);
        await prepared.cleanup();
      }
    },
    300_000,
  );
});
