/**
 * Issue #4 part 2, black-box: an ordinary MQTT client (mqtt.js) publishing to a really started
 * `ningan start` — its embedded broker (asked for the default port 1883, which this machine's Mosquitto
 * holds, so the fallback and its notice are exercised for real) — and through an external broker
 * (MQTT_URL = TEST_MQTT_URL, mandatory under CI=true). Readings are read back over the API.
 */
import fs from 'node:fs';
import net from 'node:net';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_PASSWORD,
  login,
  mqttUrl,
  printedMqttPort,
  startServer,
  tempDataDir,
  type RunningServer,
} from '../harness.ts';

const external = mqttUrl();
if (!external)
  console.warn('TEST_MQTT_URL not set: the external-broker part of the MQTT e2e suite is skipped');

function connect(url: string, o: mqtt.IClientOptions = {}): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const c = mqtt.connect(url, { reconnectPeriod: 0, connectTimeout: 10_000, ...o });
    c.once('connect', () => resolve(c));
    c.once('error', (err) => {
      c.end(true);
      reject(err);
    });
  });
}

/** The start-up banner is printed once MQTT is up, a moment after /api/health first answers. */
async function banner(server: RunningServer): Promise<string> {
  const deadline = Date.now() + 30_000;
  while (!server.output().includes('MQTT 接入 Ingest') && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  return server.output();
}

function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

interface Api {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<{ status: number; body: T }>;
}

async function apiAs(server: RunningServer, username: string): Promise<Api> {
  const { token } = await login(server.url, username, DEMO_PASSWORD);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  return {
    get: async <T>(path: string) => {
      const r = await fetch(`${server.url}${path}`, { headers });
      if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${await r.text()}`);
      return (await r.json()) as T;
    },
    post: async <T>(path: string, body: unknown) => {
      const r = await fetch(`${server.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
      return { status: r.status, body: (await r.json()) as T };
    },
  };
}

interface Created {
  secret: string;
  station: { id: string; code: string; sensors: { id: string; metric: string }[] };
}

async function newRainGauge(api: Api, code: string): Promise<Created> {
  const r = await api.post<Created>('/api/v1/monitoring/stations', {
    code,
    name: `端到端雨量站 ${code}`,
    kind: 'rain_gauge',
    regionCode: '621026100',
    lon: 107.93,
    lat: 35.5,
    sensors: [{ metric: 'rainfall', samplingSeconds: 60 }],
  });
  expect(r.status).toBe(201);
  return r.body;
}

async function storedValues(api: Api, sensorId: string, fromMs: number, toMs: number): Promise<number[]> {
  const q = `from=${encodeURIComponent(new Date(fromMs).toISOString())}&to=${encodeURIComponent(new Date(toMs).toISOString())}&tier=raw`;
  const series = await api.get<{ points: { value: number }[] }>(
    `/api/v1/monitoring/sensors/${sensorId}/series?${q}`,
  );
  return series.points.map((p) => p.value);
}

describe('MQTT ingest into a started ningan (embedded broker)', () => {
  let server: RunningServer;
  let dir: string;
  let taken: boolean;

  beforeAll(async () => {
    dir = tempDataDir();
    taken = await portTaken(1883);
    server = await startServer({ args: ['--data-dir', dir], env: { MQTT_PORT: '1883' } });
    await banner(server);
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints the broker address; with 1883 taken it names the port it took instead', () => {
    const port = printedMqttPort(server.output());
    expect(port).not.toBeNull();
    expect(server.output()).toContain('ningan/v1/devices/{设备编号}/readings');
    if (taken) {
      expect(port).not.toBe(1883);
      expect(server.output()).toContain(`MQTT 端口 1883 已被占用，内置 MQTT 服务改用端口 ${port}`);
    } else expect(port).toBe(1883);
  });

  it('a device registered over the API publishes QoS 1 with its id and secret; readings are there on PUBACK', async () => {
    const api = await apiAs(server, 'duty');
    const { secret, station } = await newRainGauge(api, 'E2E-RG-0001');
    const sensorId = station.sensors[0]!.id;
    const port = printedMqttPort(server.output())!;
    const device = await connect(`mqtt://127.0.0.1:${port}`, { username: station.code, password: secret });
    const topic = `ningan/v1/devices/${station.code}/readings`;
    const t0 = Math.floor(Date.now() / 60_000) * 60_000 - 60 * 60_000;
    const ts = (i: number) => new Date(t0 + i * 60_000).toISOString().replace('Z', '+00:00');
    await device.publishAsync(topic, JSON.stringify({ metric: 'rainfall', value: 0.5, ts: ts(0) }), {
      qos: 1,
    });
    await device.publishAsync(
      topic,
      JSON.stringify({
        readings: [1, 2, 3].map((i) => ({ metric: 'rainfall', value: i, ts: ts(i) })),
        battery: 77,
        signal: -81,
      }),
      { qos: 1 },
    );
    await device.publishAsync(topic, 'this is not json', { qos: 1 });
    expect(await storedValues(api, sensorId, t0, t0 + 10 * 60_000)).toEqual([0.5, 1, 2, 3]);
    const view = await api.get<{
      health: { status: string; battery: number; signal: number };
      quarantined: number;
    }>(`/api/v1/monitoring/stations/${station.id}`);
    expect(view.health).toMatchObject({ status: 'online', battery: 77, signal: -81 });
    expect(view.quarantined).toBe(1);
    const q = await api.get<{ items: { reason: string }[] }>(
      `/api/v1/monitoring/quarantine?stationId=${station.id}`,
    );
    expect(q.items.map((i) => i.reason)).toEqual(['not_json']);
    // A wrong secret is refused at CONNECT.
    await expect(
      connect(`mqtt://127.0.0.1:${port}`, { username: station.code, password: 'wrong' }),
    ).rejects.toThrow();
    await device.endAsync();
  });

  it('HTTP batch ingest with the device secret answers after the readings are stored', async () => {
    const api = await apiAs(server, 'duty');
    const { secret, station } = await newRainGauge(api, 'E2E-RG-0002');
    const t0 = Math.floor(Date.now() / 60_000) * 60_000 - 30 * 60_000;
    const r = await fetch(`${server.url}/api/v1/monitoring/ingest`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${station.code}:${secret}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify([
        { metric: 'rainfall', value: 4.2, ts: new Date(t0).toISOString() },
        { metric: 'rainfall', value: 4.2, ts: '2026-03-02 09:00' },
      ]),
    });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({
      accepted: 1,
      duplicates: 0,
      quarantined: [{ payload: 1, reason: 'timestamp_without_zone' }],
    });
    expect(await storedValues(api, station.sensors[0]!.id, t0, t0 + 60_000)).toEqual([4.2]);
  });
});

describe.skipIf(!external)('MQTT ingest through an external broker (MQTT_URL = TEST_MQTT_URL)', () => {
  let server: RunningServer;
  let dir: string;

  beforeAll(async () => {
    dir = tempDataDir();
    server = await startServer({
      args: ['--data-dir', dir],
      env: {
        MQTT_URL: external!,
        MQTT_CLIENT_ID: `ningan-e2e-${process.pid}-${Date.now().toString(36)}`,
        MQTT_SESSION_EXPIRY_SECONDS: '60',
      },
    });
    await banner(server);
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('an ordinary client publishing to the broker feeds the platform', async () => {
    expect(server.output()).toContain('订阅外部服务器');
    const api = await apiAs(server, 'duty');
    const { station } = await newRainGauge(api, `E2E-EXT-${process.pid}`);
    const client = await connect(external!);
    const t0 = Math.floor(Date.now() / 60_000) * 60_000 - 20 * 60_000;
    const topic = `ningan/v1/devices/${station.code}/readings`;
    for (let i = 0; i < 5; i += 1)
      await client.publishAsync(
        topic,
        JSON.stringify({ metric: 'rainfall', value: i, ts: new Date(t0 + i * 60_000).toISOString() }),
        { qos: 1 },
      );
    await client.endAsync();
    const deadline = Date.now() + 20_000;
    let values: number[] = [];
    while (Date.now() < deadline) {
      values = await storedValues(api, station.sensors[0]!.id, t0, t0 + 10 * 60_000);
      if (values.length === 5) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(values).toEqual([0, 1, 2, 3, 4]);
  });
});
