/** Issue #4 part 8: SIMULATOR=off and --no-demo keep the baseline simulator off; the broker file for `ningan simulate`. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';
import type { MqttRunning } from '../ingest/mqtt.ts';
import { localBrokerUrl, startBaselineSimulator } from './baseline.ts';
import { MQTT_BROKER_FILE, readBrokerFile } from './devices.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ningan-baseline-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const log = pino({ level: 'silent' });
const embedded: MqttRunning = {
  url: 'mqtt://localhost:18830',
  kind: 'embedded',
  port: 18830,
  fallbackFrom: 1883,
  close: async () => {},
};

describe('baseline demo simulator settings', () => {
  it('is on by default, SIMULATOR=off turns it off, and a bad value is named', () => {
    expect(loadConfig({}).monitoring.simulator).toEqual({ enabled: true, intervalSeconds: 20 });
    expect(loadConfig({ SIMULATOR: 'off', SIMULATOR_INTERVAL_SECONDS: '30' }).monitoring.simulator).toEqual({
      enabled: false,
      intervalSeconds: 30,
    });
    expect(() => loadConfig({ SIMULATOR: 'maybe', SIMULATOR_INTERVAL_SECONDS: '0' })).toThrow(ConfigError);
    try {
      loadConfig({ SIMULATOR: 'maybe', SIMULATOR_INTERVAL_SECONDS: '0' });
    } catch (err) {
      expect((err as ConfigError).problems.join('\n')).toMatch(/SIMULATOR=.*\n.*SIMULATOR_INTERVAL_SECONDS=/);
    }
  });

  it('records the embedded broker’s actual port for ningan simulate, and removes the record on stop', async () => {
    const config = loadConfig({ DATA_DIR: dir, SIMULATOR: 'off' });
    const b = startBaselineSimulator({ config, demo: true, mqtt: embedded, log });
    expect(b.simulator).toBeNull();
    expect(b.lines).toEqual(['  演示模拟器 Demo simulator: 已关闭 / off (SIMULATOR=off)']);
    expect(readBrokerFile(dir)).toMatchObject({ url: 'mqtt://127.0.0.1:18830', pid: process.pid });
    await b.stop();
    expect(fs.existsSync(path.join(dir, MQTT_BROKER_FILE))).toBe(false);
  });

  it('prints nothing and runs nothing with --no-demo; says why when MQTT is off or there is no devices file', async () => {
    const config = loadConfig({ DATA_DIR: dir });
    const noDemo = startBaselineSimulator({ config, demo: false, mqtt: embedded, log });
    expect(noDemo.lines).toEqual([]);
    expect(noDemo.simulator).toBeNull();
    await noDemo.stop();
    const noMqtt = startBaselineSimulator({ config, demo: true, mqtt: null, log });
    expect(noMqtt.lines[0]).toContain('MQTT 接入未启用');
    const noFile = startBaselineSimulator({ config, demo: true, mqtt: embedded, log });
    expect(noFile.lines[0]).toContain('没有演示设备清单');
    await noFile.stop();
  });

  it('reaches a wildcard-bound broker on the loopback address', () => {
    expect(localBrokerUrl('0.0.0.0', 1884)).toBe('mqtt://127.0.0.1:1884');
    expect(localBrokerUrl('::', 1884)).toBe('mqtt://127.0.0.1:1884');
    expect(localBrokerUrl('10.1.2.3', 1884)).toBe('mqtt://10.1.2.3:1884');
    expect(localBrokerUrl('::1', 1884)).toBe('mqtt://[::1]:1884');
  });
});
