/**
 * The ingest role at run time: time-series upkeep (once before anything is accepted, then hourly), the
 * alarm rules (caught up before anything new is accepted), the connectors' schedule, and the MQTT side — the embedded broker, or the subscription to MQTT_URL. Stopping closes the MQTT side
 * first, then writes what the pipeline still holds.
 */
import type { Logger } from 'pino';
import type { AlarmRuntime } from '../alarms/runtime.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { createTimeseriesMaintenance } from '../jobs/timeseries-maintenance.ts';
import type { Clock } from '../services/context.ts';
import type { ConnectorRunner } from './connectors.ts';
import type { IngestService } from './ingest.ts';
import { startEmbeddedBroker, startExternalSubscriber, type MqttRunning } from './mqtt.ts';

export interface IngestRuntime {
  mqtt: MqttRunning | null;
  stop(): Promise<void>;
}

export async function startIngestRuntime(deps: {
  db: Db;
  clock: Clock;
  config: Config;
  log: Logger;
  ingest: IngestService;
  /** Scheduled here: each enabled connector every `intervalSeconds`. */
  connectors: ConnectorRunner;
  /** Fed every committed batch; caught up from the stored readings before anything new is accepted. */
  alarms: AlarmRuntime;
}): Promise<IngestRuntime> {
  const { config, log, ingest, alarms } = deps;
  const maintenance = createTimeseriesMaintenance(deps);
  await maintenance.run();
  const unsubscribe = ingest.onReadings(alarms.onBatch);
  await alarms.start();
  const stopMaintenance = maintenance.schedule();
  const stopConnectors = deps.connectors.schedule();
  const m = config.monitoring.mqtt;
  let mqtt: MqttRunning | null = null;
  try {
    if (m.enabled)
      mqtt = m.url
        ? await startExternalSubscriber(ingest, {
            url: m.url,
            clientId: m.clientId,
            subscribers: m.subscribers,
            sessionExpirySeconds: m.sessionExpirySeconds,
            log,
          })
        : await startEmbeddedBroker(ingest, { host: m.host, port: m.port, log });
  } catch (err) {
    stopMaintenance();
    stopConnectors();
    unsubscribe();
    await alarms.stop();
    throw err;
  }
  return {
    mqtt,
    stop: async () => {
      stopMaintenance();
      stopConnectors();
      await mqtt?.close();
      await ingest.close();
      unsubscribe();
      await alarms.stop();
    },
  };
}

/** The start-up lines about MQTT ingest. */
export function describeMqtt(mqtt: MqttRunning | null): string[] {
  if (!mqtt) return ['  MQTT 接入 Ingest: 未启用 / disabled (MQTT_ENABLED=false)'];
  if (mqtt.kind === 'external')
    return [
      `  MQTT 接入 Ingest: 订阅外部服务器 / subscribed to ${mqtt.url}  主题 ningan/v1/devices/+/readings`,
    ];
  const lines = [`  MQTT 接入 Ingest: ${mqtt.url}  主题 Topic ningan/v1/devices/{设备编号}/readings`];
  if (mqtt.fallbackFrom !== null)
    lines.push(
      `  注意：MQTT 端口 ${mqtt.fallbackFrom} 已被占用，内置 MQTT 服务改用端口 ${mqtt.port} / MQTT port ${mqtt.fallbackFrom} was taken, the embedded broker listens on ${mqtt.port}`,
    );
  return lines;
}
