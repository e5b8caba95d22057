/**
 * Issue #4 part 8, black-box: `ningan start` in demo mode runs the labelled baseline simulator, and
 * `ningan simulate --scenario gas-leak` (the real binary) finds the running server's broker and the demo
 * devices file in its data directory, plays the leak over MQTT and stops by itself; the readings are read
 * back over the API.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, login, runCli, startServer, tempDataDir, type RunningServer } from '../harness.ts';

async function banner(server: RunningServer): Promise<string> {
  const deadline = Date.now() + 30_000;
  while (!server.output().includes('演示模拟器') && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  return server.output();
}

describe('ningan simulate (demo simulator)', () => {
  let server: RunningServer;
  let dir: string;

  beforeAll(async () => {
    dir = tempDataDir();
    server = await startServer({
      args: ['--data-dir', dir],
      env: { SIMULATOR: 'on', SIMULATOR_INTERVAL_SECONDS: '5' },
    });
    await banner(server);
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('ningan start says the labelled demo simulator is running; the demo devices report over MQTT', async () => {
    expect(server.output()).toMatch(
      /演示模拟器 Demo simulator（演示数据，非真实监测 \/ simulated data）: \d+ 台演示设备/,
    );
    const { token } = await login(server.url, 'duty', DEMO_PASSWORD);
    const deadline = Date.now() + 60_000;
    let online = 0;
    let total = 0;
    while (Date.now() < deadline) {
      const r = await fetch(`${server.url}/api/v1/monitoring/stations?pageSize=100&q=DEMO-`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await r.json()) as {
        total: number;
        items: { name: string; health: { status: string } }[];
      };
      total = body.total;
      online = body.items.filter((s) => s.health.status === 'online').length;
      if (total > 0 && online === total) break;
      await new Promise((res) => setTimeout(res, 500));
    }
    expect(total).toBeGreaterThanOrEqual(60);
    expect(online).toBe(total);
  });

  it('plays the gas-leak scenario against the running server and stops by itself; the detector passed 50 %LEL', async () => {
    const r = runCli([
      'simulate',
      '--scenario',
      'gas-leak',
      '--speed',
      '40',
      '--interval',
      '2',
      '--data-dir',
      dir,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('演示模拟器 DEMO SIMULATOR');
    expect(r.stdout).toMatch(/来自 ningan start（进程 \d+）/);
    expect(r.stdout).toContain('场景结束 / scenario finished');
    expect(r.stdout).toMatch(/已确认 \d+，失败 0/);
    // The lease is given back, so the server's baseline simulator takes over again.
    expect(fs.existsSync(`${dir}/demo-simulator.lease.json`)).toBe(false);

    const { token } = await login(server.url, 'duty', DEMO_PASSWORD);
    const headers = { authorization: `Bearer ${token}` };
    const list = (await (
      await fetch(`${server.url}/api/v1/monitoring/stations?pageSize=100&kind=combustible_gas`, { headers })
    ).json()) as { items: { code: string; sensors: { id: string }[] }[] };
    const from = new Date(Date.now() - 10 * 60_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    let peak = 0;
    for (const s of list.items) {
      const series = (await (
        await fetch(
          `${server.url}/api/v1/monitoring/sensors/${s.sensors[0]!.id}/series?from=${from}&to=${to}&tier=raw`,
          { headers },
        )
      ).json()) as { points: { value: number; max?: number }[] };
      for (const p of series.points) peak = Math.max(peak, p.max ?? p.value);
    }
    expect(peak).toBeGreaterThan(50);
  });

  it('refuses to run without a demo devices file, naming it (exit 3)', () => {
    const empty = tempDataDir();
    try {
      const r = runCli(['simulate', '--data-dir', empty]);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('demo-devices.json');
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it('rejects a bad scenario or speed with every problem listed (exit 2)', () => {
    const r = runCli(['simulate', '--scenario', 'tsunami', '--speed', '-3', '--data-dir', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--scenario "tsunami"');
    expect(r.stderr).toContain('--speed "-3"');
  });
});
