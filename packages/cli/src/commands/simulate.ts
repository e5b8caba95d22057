/**
 * `ningan simulate`: the demo simulator (演示模拟器) as its own process — the demo fleet of a demo
 * installation publishing simulated readings over real MQTT, optionally playing a scenario. It reads the
 * demo devices' secrets from `<DATA_DIR>/demo-devices.json` (written by `ningan start` in demo mode) and
 * finds the broker from --mqtt-url, MQTT_URL, the running server's `mqtt-broker.json`, or MQTT_PORT. While
 * it runs, the baseline simulator inside `ningan start` stands down.
 */
import {
  DemoSimulator,
  demoDevicesPath,
  isScenarioName,
  localBrokerUrl,
  readBrokerFile,
  readDemoDevices,
  scenarioEndsAt,
  scenarioSettings,
  scenarioStatus,
  SCENARIO_DEFS,
  SCENARIOS,
  SimulatorFileError,
  SimulatorLeaseError,
  type ScenarioSettings,
} from '@ningan/server';
import type { Command } from 'commander';
import { configFrom, type GlobalFlags } from '../context.ts';
import { CliError, EXIT } from '../exit.ts';

interface SimulateOptions {
  scenario: string;
  mqttUrl?: string;
  speed?: string;
  duration?: string;
  interval?: string;
  failureMinutes?: string;
  magnitude?: string;
  distance?: string;
}

const STATUS_EVERY_MS = 30_000;

function positive(
  problems: string[],
  flag: string,
  raw: string | undefined,
  max: number,
): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > max) {
    problems.push(
      `${flag} ${JSON.stringify(raw)}: 应为 0–${max} 之间的正数 / a positive number up to ${max}`,
    );
    return undefined;
  }
  return n;
}

const redact = (url: string) => url.replace(/\/\/[^@/]*@/, '//');

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description(
      '演示模拟器：演示设备经 MQTT 上报模拟读数（演示数据），可选场景 / DEMO SIMULATOR: the demo fleet publishes simulated readings over MQTT\n' +
        SCENARIOS.map((n) => `  ${n.padEnd(11)} ${SCENARIO_DEFS[n].summary}`).join('\n'),
    )
    .option('--scenario <name>', `场景 / scenario: ${SCENARIOS.join(' | ')} | none`, 'none')
    .option(
      '--mqtt-url <url>',
      'MQTT 服务 / broker (default: MQTT_URL, else the running ningan start, else MQTT_PORT on 127.0.0.1)',
    )
    .option(
      '--speed <n>',
      '剧情倍速：每秒真实时间走几秒剧情 / story seconds per real second (default per scenario)',
    )
    .option(
      '--duration <s>',
      '运行秒数 / run for S seconds (default: to the scenario’s end; until Ctrl+C for none)',
    )
    .option(
      '--interval <s>',
      '每台设备平均上报间隔（秒）/ mean seconds between reports (default SIMULATOR_INTERVAL_SECONDS)',
    )
    .option(
      '--failure-minutes <n>',
      'landslide：开始到临滑的剧情分钟数 / story minutes to failure (default 30)',
    )
    .option('--magnitude <m>', 'earthquake：主震震级 Ms / magnitude of the main shock (default 5.5)')
    .option('--distance <km>', 'earthquake：震中距 / epicentral distance, km (default 30)')
    .action(async (opts: SimulateOptions, cmd: Command) => {
      const config = configFrom(cmd.optsWithGlobals<GlobalFlags>());
      const problems: string[] = [];
      const name = opts.scenario;
      if (name !== 'none' && !isScenarioName(name))
        problems.push(`--scenario ${JSON.stringify(name)}: 应为 ${[...SCENARIOS, 'none'].join('、')} 之一`);
      const speed = positive(problems, '--speed', opts.speed, 10_000);
      const duration = positive(problems, '--duration', opts.duration, 30 * 86_400);
      const interval = positive(problems, '--interval', opts.interval, 3600);
      const failureMinutes = positive(problems, '--failure-minutes', opts.failureMinutes, 7 * 24 * 60);
      const magnitude = positive(problems, '--magnitude', opts.magnitude, 9.5);
      const distance = positive(problems, '--distance', opts.distance, 1000);
      if (failureMinutes !== undefined && failureMinutes < 2)
        problems.push('--failure-minutes: 至少 2 分钟 / at least 2 minutes');
      if (opts.mqttUrl !== undefined && !/^mqtts?:\/\/[^\s/]+/.test(opts.mqttUrl))
        problems.push(`--mqtt-url ${JSON.stringify(opts.mqttUrl)}: 应为 mqtt://host:port 形式`);
      if (problems.length > 0) throw new CliError(problems.join('\n'), EXIT.usage);

      let file;
      try {
        file = readDemoDevices(config.dataDir);
      } catch (err) {
        if (err instanceof SimulatorFileError) throw new CliError(err.message, EXIT.usage);
        throw err;
      }
      if (!file || file.devices.length === 0)
        throw new CliError(
          `没有演示设备清单 ${demoDevicesPath(config.dataDir)}：请先以演示模式运行 ningan start（或 ningan seed --demo），` +
            `或用 --data-dir 指向其数据目录 / no demo devices file: start ningan in demo mode first, or point --data-dir at its data directory`,
          EXIT.unavailable,
        );

      const broker = readBrokerFile(config.dataDir);
      const [url, source] = opts.mqttUrl
        ? [opts.mqttUrl, '--mqtt-url']
        : config.monitoring.mqtt.url
          ? [config.monitoring.mqtt.url, 'MQTT_URL']
          : broker
            ? [broker.url, `ningan start（进程 ${broker.pid}）`]
            : [localBrokerUrl(config.monitoring.mqtt.host, config.monitoring.mqtt.port), 'MQTT_PORT'];
      const settings: ScenarioSettings | null = isScenarioName(name)
        ? scenarioSettings(name, {
            ...(speed !== undefined && { speed }),
            ...(failureMinutes !== undefined && { failureMinutes }),
            ...(magnitude !== undefined && { magnitude }),
            ...(distance !== undefined && { epicentreKm: distance }),
            // The same attenuation zone as the earthquake estimate (SEISMIC_ATTENUATION_ZONE, UNCONFIRMED).
            zone: config.hazard.seismic.zone,
          })
        : null;
      const intervalSeconds = interval ?? config.monitoring.simulator.intervalSeconds;
      const say = (line: string) => process.stdout.write(`${line}\n`);
      const warn = (line: string) => process.stderr.write(`${line}\n`);

      const simulator = new DemoSimulator({
        url,
        devices: file.devices,
        intervalSeconds,
        scenario: settings,
        log: { info: say, warn },
        lease: { dataDir: config.dataDir, mode: 'take' },
      });
      const endsAt = simulator.endsAt;
      const stopAt =
        duration !== undefined ? Date.now() + duration * 1000 : endsAt !== null ? endsAt + 1000 : null;

      const rule = '='.repeat(78);
      say(rule);
      say('  演示模拟器 DEMO SIMULATOR — 模拟数据，非真实监测 / simulated readings, not real measurements');
      say(
        settings
          ? `  场景 Scenario : ${settings.name}（${SCENARIO_DEFS[settings.name].zh}）${SCENARIO_DEFS[settings.name].summary}`
          : '  场景 Scenario : none（仅日常读数 / normal readings only）',
      );
      if (settings)
        say(
          `  剧情倍速 Speed: ×${settings.speed}；剧情约 ${Math.round((scenarioEndsAt({ ...settings, startedAt: 0 }) / 60_000) * 10) / 10} 分钟 / the story plays in about that many minutes`,
        );
      say(
        `  设备 Devices  : ${file.devices.length} 台演示设备（${demoDevicesPath(config.dataDir)}），每台约每 ${intervalSeconds} 秒上报一次（±50 %）`,
      );
      say(
        `  发布 Publish  : ${redact(url)}（来自 ${source}）主题 ningan/v1/devices/{设备编号}/readings，QoS 1`,
      );
      say(
        `  运行 Runs     : ${stopAt === null ? '直到 Ctrl+C / until Ctrl+C' : `${Math.round((stopAt - Date.now()) / 1000)} 秒后结束，或 Ctrl+C / s, or Ctrl+C`}`,
      );
      say(rule);

      let connected: number;
      let refused: { code: string; reason: string }[];
      try {
        ({ connected, refused } = await simulator.connect());
      } catch (err) {
        await simulator.stop();
        if (err instanceof SimulatorLeaseError) throw new CliError(err.message, EXIT.unavailable);
        throw err;
      }
      if (connected === 0) {
        await simulator.stop();
        throw new CliError(
          `无法连接 MQTT 服务 ${redact(url)} / cannot connect: ${refused[0]?.reason ?? 'no device'}` +
            '（ningan start 是否在运行？演示设备口令是否与数据库一致？/ is ningan start running?）',
          EXIT.unavailable,
        );
      }
      for (const r of refused.slice(0, 5)) warn(`  演示设备 ${r.code} 未能连接 / not connected: ${r.reason}`);
      if (refused.length > 5) warn(`  …另有 ${refused.length - 5} 台 / and ${refused.length - 5} more`);
      say(`已连接 connected: ${connected}/${file.devices.length}`);
      simulator.run();

      const startedAt = Date.now();
      await new Promise<void>((resolve) => {
        let done = false;
        const finish = (why: string) => {
          if (done) return;
          done = true;
          clearInterval(status);
          clearInterval(watch);
          process.off('SIGINT', onInt);
          process.off('SIGTERM', onTerm);
          say(why);
          resolve();
        };
        const onInt = () => finish('收到 SIGINT，正在停止… / stopping');
        const onTerm = () => finish('收到 SIGTERM，正在停止… / stopping');
        process.once('SIGINT', onInt);
        process.once('SIGTERM', onTerm);
        const report = () => {
          const s = simulator.stats();
          const t = Math.round((Date.now() - startedAt) / 1000);
          say(
            `[+${Math.floor(t / 60)}:${String(t % 60).padStart(2, '0')}] 已发布 published ${s.published}，已确认 acked ${s.acknowledged}，失败 failed ${s.failed}，在线 connected ${s.connected}/${s.devices}` +
              (simulator.scenario
                ? `\n    ${scenarioStatus(simulator.scenario, file.devices, Date.now())}`
                : ''),
          );
        };
        const status = setInterval(report, STATUS_EVERY_MS);
        const watch = setInterval(() => {
          if (stopAt !== null && Date.now() >= stopAt)
            finish(
              duration === undefined ? '场景结束 / scenario finished' : '运行时长已到 / duration reached',
            );
        }, 500);
      });
      await simulator.stop();
      const s = simulator.stats();
      say(`演示模拟器已停止 / stopped: 已发布 ${s.published}，已确认 ${s.acknowledged}，失败 ${s.failed}`);
      if (s.failed > 0) process.exitCode = EXIT.failed;
    });
}
