/**
 * The MQTT address devices should be configured with, as the console shows it next to a new station's
 * secret (GET /config/public `mqtt`). In order of preference:
 *
 * 1. MQTT_PUBLIC_URL — devices reach the server by another name or port (NAT, a domain, a port forward);
 * 2. the external broker of MQTT_URL — its host and port, never its credentials;
 * 3. the embedded broker — the port it actually listens on, which is the next free one when MQTT_PORT was
 *    taken (`MqttRunning.fallbackFrom`).
 *
 * A wildcard or loopback host (0.0.0.0, localhost, 127.x, ::1) means nothing to a device: the address then
 * has no host (`url` null) and the console puts the host name it was itself reached by in front of `port`.
 * Until the ingest runtime is attached (or in a process without the ingest role) the configured values
 * are answered.
 */
import type { MonitoringConfig } from '../config-monitoring.ts';
import type { MqttRunning } from './mqtt.ts';

export interface DeviceBrokerAddress {
  /** `mqtt(s)://host:port` when the host is known; null: the console's own host name with `port`. */
  url: string | null;
  port: number;
  source: 'public' | 'external' | 'embedded';
}

export interface DeviceBroker {
  /** The running MQTT side (null when MQTT is disabled), once the ingest runtime has started it. */
  attach(running: MqttRunning | null): void;
  /** Null when MQTT ingest is disabled. */
  address(): DeviceBrokerAddress | null;
}

const DEFAULT_PORTS: Record<string, number> = { 'mqtt:': 1883, 'mqtts:': 8883 };

/** Hosts a device cannot be told to connect to. */
function isLocalHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    h === '' || h === 'localhost' || h === '0.0.0.0' || h === '::' || h === '::1' || h.startsWith('127.')
  );
}

/** host:port of an mqtt(s) URL without its credentials; null when it does not parse. */
function fromUrl(raw: string, source: 'public' | 'external'): DeviceBrokerAddress | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return null;
  }
  const port = u.port ? Number(u.port) : (DEFAULT_PORTS[u.protocol] ?? 1883);
  return {
    url: isLocalHost(u.hostname) ? null : `${u.protocol}//${u.hostname}:${port}`,
    port,
    source,
  };
}

export function deviceBrokerAddress(
  config: Pick<MonitoringConfig['mqtt'], 'enabled' | 'url' | 'host' | 'port' | 'publicUrl'>,
  running: MqttRunning | null | undefined,
): DeviceBrokerAddress | null {
  if (!config.enabled) return null;
  if (config.publicUrl) {
    const pub = fromUrl(config.publicUrl, 'public');
    if (pub) return pub;
  }
  if (config.url) return fromUrl(config.url, 'external');
  const port = running?.port ?? config.port;
  return { url: isLocalHost(config.host) ? null : `mqtt://${config.host}:${port}`, port, source: 'embedded' };
}

export function createDeviceBroker(config: MonitoringConfig['mqtt']): DeviceBroker {
  let running: MqttRunning | null | undefined;
  return {
    attach: (r) => {
      running = r;
    },
    address: () => deviceBrokerAddress(config, running),
  };
}
