/**
 * The baseline demo simulator inside `ningan start` (demo mode, SIMULATOR on): the demo fleet reporting
 * normal readings — no scenario — over real MQTT to the embedded broker (or MQTT_URL), so the console has
 * live data from the first minute. It stands down while `ningan simulate` holds the data directory's
 * lease. Also records the embedded broker's actual address for `ningan simulate` (mqtt-broker.json).
 */
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { MqttRunning } from '../ingest/mqtt.ts';
import { readDemoDevices, removeBrokerFile, writeBrokerFile, type DemoDevice } from './devices.ts';
import { DemoSimulator } from './simulator.ts';

export interface BaselineSimulator {
  /** Start-up banner lines. */
  lines: string[];
  /** The running simulator, or null when it is off. */
  simulator: DemoSimulator | null;
  stop(): Promise<void>;
}

/** The URL a local client uses to reach the embedded broker (a wildcard listen address is not one). */
export function localBrokerUrl(host: string, port: number): string {
  const h = host === '0.0.0.0' || host === '::' || host === 'localhost' ? '127.0.0.1' : host;
  return `mqtt://${h.includes(':') ? `[${h}]` : h}:${port}`;
}

export function startBaselineSimulator(o: {
  config: Config;
  demo: boolean;
  mqtt: MqttRunning | null;
  log: Logger;
}): BaselineSimulator {
  const { config, mqtt, log } = o;
  const m = config.monitoring;
  if (mqtt?.kind === 'embedded' && mqtt.port !== null)
    writeBrokerFile(config.dataDir, localBrokerUrl(m.mqtt.host, mqtt.port), new Date());
  const off = (lines: string[]): BaselineSimulator => ({
    lines,
    simulator: null,
    stop: async () => removeBrokerFile(config.dataDir),
  });
  if (!o.demo) return off([]);
  const label = '  演示模拟器 Demo simulator';
  if (!m.simulator.enabled) return off([`${label}: 已关闭 / off (SIMULATOR=off)`]);
  if (!mqtt) return off([`${label}: 未启动，MQTT 接入未启用 / not started: MQTT is disabled`]);
  let devices: DemoDevice[];
  try {
    devices = readDemoDevices(config.dataDir)?.devices ?? [];
  } catch (err) {
    log.warn({ err: (err as Error).message }, 'demo devices file unreadable');
    devices = [];
  }
  if (devices.length === 0)
    return off([
      `${label}: 未启动，没有演示设备清单 / not started: no demo devices file in ${config.dataDir}`,
    ]);
  const url =
    mqtt.kind === 'embedded' && mqtt.port !== null ? localBrokerUrl(m.mqtt.host, mqtt.port) : m.mqtt.url!;
  const simulator = new DemoSimulator({
    url,
    devices,
    intervalSeconds: m.simulator.intervalSeconds,
    log: { info: (msg) => log.info(msg), warn: (msg) => log.warn(msg) },
    lease: { dataDir: config.dataDir, mode: 'respect' },
  });
  void simulator.connect().then(
    ({ refused }) => {
      if (refused.length > 0)
        log.warn(
          { refused: refused.slice(0, 5), count: refused.length },
          'demo simulator: some demo devices could not connect',
        );
      simulator.run();
    },
    (err: unknown) => log.warn({ err }, 'demo simulator could not start'),
  );
  return {
    lines: [
      `${label}（演示数据，非真实监测 / simulated data）: ${devices.length} 台演示设备每约 ${m.simulator.intervalSeconds} 秒经 MQTT 上报 / ${devices.length} demo devices report every ~${m.simulator.intervalSeconds} s (SIMULATOR=off 关闭)`,
      '    场景 Scenarios: ningan simulate --scenario rainstorm | landslide | gas-leak | earthquake',
    ],
    simulator,
    stop: async () => {
      await simulator.stop();
      removeBrokerFile(config.dataDir);
    },
  };
}
