/**
 * `ningan demo-scenario <name>`: plays a 一盘棋 demo scenario on a running demo server (issue #6 part 11) —
 * logs in as the demo commander (the endpoint needs incident:command, which the duty officer lacks), starts
 * `POST /api/v1/demo/command-scenarios/:name`, then follows the incident's timeline
 * (`GET /incidents/:id/timeline?afterSeq=`) and prints each new entry until the incident is closed and its
 * review finding verified, or nothing new has come for a while.
 */
import { DEMO_PASSWORD } from '@ningan/server';
import type { Command } from 'commander';
import { CliError, EXIT } from '../exit.ts';

const SCENARIOS = ['rainstorm-landslide', 'hazchem-tanker'];

interface Options {
  url: string;
  speed: string;
  user: string;
  password: string;
  poll: string;
  quietTimeout: string;
}

interface TimelineEntry {
  seq: number;
  at: string;
  kind: string;
  actorName: string;
  summary: string;
}

/** `HH:mm:ss` Beijing time. */
function beijingClock(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(11, 19);
}

export function registerDemoScenario(program: Command): void {
  program
    .command('demo-scenario')
    .description(
      `演示：在运行中的演示服务器上播放指挥场景（${SCENARIOS.join('、')}）并打印事件时间线 / play a command demo scenario`,
    )
    .argument('<name>', `场景 / scenario: ${SCENARIOS.join(' | ')}`)
    .option('--url <url>', '服务器地址 / server base URL', `http://127.0.0.1:${process.env.PORT ?? '8080'}`)
    .option('--speed <n>', '倍速（1 = 约 3 秒一步，最大 1000）/ speed factor', '1')
    .option('--user <name>', '演示账号（须有 incident:command）/ demo account', 'commander')
    .option('--password <p>', '演示密码 / demo password', DEMO_PASSWORD)
    .option('--poll <ms>', '轮询间隔 / poll interval, ms', '1000')
    .option('--quiet-timeout <s>', '无新进展多久后结束 / stop after this many quiet seconds', '60')
    .action(async (name: string, o: Options) => {
      if (!SCENARIOS.includes(name))
        throw new CliError(`没有演示场景 ${name}（可选：${SCENARIOS.join('、')}）`, EXIT.usage);
      const speed = Number(o.speed);
      const pollMs = Number(o.poll);
      const quietMs = Number(o.quietTimeout) * 1000;
      if (!(speed >= 0.1 && speed <= 1000)) throw new CliError('--speed 应在 0.1–1000 之间', EXIT.usage);
      if (!(pollMs >= 50) || !(quietMs > 0)) throw new CliError('--poll / --quiet-timeout 无效', EXIT.usage);
      const base = o.url.replace(/\/+$/, '');
      const request = async <T>(method: string, path: string, token?: string, body?: unknown): Promise<T> => {
        let res: Response;
        try {
          res = await fetch(`${base}/api/v1${path}`, {
            method,
            headers: {
              ...(token ? { authorization: `Bearer ${token}` } : {}),
              ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          });
        } catch (err) {
          throw new CliError(`连不上 ${base}：${(err as Error).message}`, EXIT.unavailable);
        }
        const text = await res.text();
        if (!res.ok) throw new CliError(`${method} ${path} → ${res.status} ${text}`);
        return (text ? JSON.parse(text) : {}) as T;
      };

      const login = await request<{ token: string }>('POST', '/auth/login', undefined, {
        username: o.user,
        password: o.password,
      });
      const started = await request<{ incidentId: string; label: string }>(
        'POST',
        `/demo/command-scenarios/${name}`,
        login.token,
        { speed },
      );
      process.stdout.write(`【演示】${started.label} — 事件 ${started.incidentId}\n`);
      process.stdout.write(`  工作台 / workspace: ${base}/incidents/${started.incidentId}\n`);

      let afterSeq = 0;
      let lastNews = Date.now();
      for (;;) {
        const { items } = await request<{ items: TimelineEntry[] }>(
          'GET',
          `/incidents/${started.incidentId}/timeline?afterSeq=${afterSeq}`,
          login.token,
        );
        for (const e of items) {
          process.stdout.write(`${beijingClock(e.at)}  ${e.kind.padEnd(12)} ${e.actorName}：${e.summary}\n`);
          afterSeq = Math.max(afterSeq, e.seq);
        }
        if (items.length) lastNews = Date.now();
        const findings = await request<{ items: { state: string }[] }>(
          'GET',
          `/incidents/${started.incidentId}/findings`,
          login.token,
        );
        if (findings.items.some((f) => f.state === 'verified')) break;
        if (Date.now() - lastNews > quietMs)
          throw new CliError(`${o.quietTimeout} 秒无新进展，演示可能已中断（见服务器日志）`);
        await new Promise((r) => setTimeout(r, pollMs));
      }
      process.stdout.write('演示结束：事件已结束，复盘问题已整改销号。\n');
    });
}
