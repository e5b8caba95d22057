/**
 * MQTT ingest (issue #4 part 2), two ways:
 *
 * - Embedded broker (default): aedes on MQTT_PORT, or the next free port when that one is taken.
 *   Devices connect with username = device id, password = device secret, and publish to
 *   `ningan/v1/devices/{设备编号}/readings`. The PUBACK waits for durability: aedes calls
 *   `authorizePublish` before it writes the PUBACK of a QoS 1 PUBLISH (lib/handlers/publish.js:
 *   authorizePublish → enqueuePublish → PUBACK → broker.publish), so the hook submits the message to
 *   the group-commit pipeline and calls back only when the batch holding it has committed. A failed
 *   batch calls back with an error, and aedes closes the connection without a PUBACK: the client
 *   re-sends on reconnect (idempotent on sensor and time). aedes reads a connection's next chunk only
 *   after every packet of the current one is handled, which is the per-device back-pressure.
 *
 * - External broker (MQTT_URL, e.g. this machine's Mosquitto): MQTT 5 persistent sessions subscribed
 *   to `ningan/v1/devices/+/readings` at QoS 1. mqtt.js's `customHandleAcks` holds each PUBACK until
 *   the reading is durable; the broker keeps unacknowledged and queued messages for the session while
 *   we are away. mqtt.js handles a connection's messages one at a time, so MQTT_SUBSCRIBERS sessions
 *   share the subscription (`$share/…`) to keep several messages in flight.
 */
import net from 'node:net';
import { MQTT_TOPIC_PREFIX } from '@ningan/domain';
import { Aedes, type Client } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import type { CachedStation } from './directory.ts';
import type { IngestService } from './ingest.ts';

export interface MqttRunning {
  /** `mqtt://host:port` of the embedded broker, or the external broker's URL without credentials. */
  url: string;
  kind: 'embedded' | 'external';
  /** The port the embedded broker listens on (null for an external broker). */
  port: number | null;
  /** Set when the configured port was taken and another one is used. */
  fallbackFrom: number | null;
  close(): Promise<void>;
}

/** Listens on `port`, or on the next free one (up to 100 tries); 0 takes any free port. */
async function listenFrom(server: net.Server, host: string, port: number): Promise<number> {
  for (let p = port, tries = 0; ; p += 1, tries += 1) {
    try {
      await new Promise<void>((resolve, reject) => {
        const onError = (err: Error) => {
          server.off('listening', onListening);
          reject(err);
        };
        const onListening = () => {
          server.off('error', onError);
          resolve();
        };
        server.once('error', onError);
        server.once('listening', onListening);
        server.listen(p, host);
      });
      return (server.address() as net.AddressInfo).port;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (port === 0 || (code !== 'EADDRINUSE' && code !== 'EACCES') || tries >= 100 || p >= 65535) throw err;
    }
  }
}

const readingsTopicOf = (station: CachedStation) => `${MQTT_TOPIC_PREFIX}/${station.code}/readings`;

export async function startEmbeddedBroker(
  ingest: IngestService,
  options: { host: string; port: number; log: Logger },
): Promise<MqttRunning> {
  const { log } = options;
  const stationOf = new WeakMap<Client, CachedStation>();
  const broker = await Aedes.createBroker({
    // A slow or stuck client must not hold the broker: drop it after 30 s without draining.
    drainTimeout: 30_000,
    authenticate: (client, username, password, done) => {
      const fail = () => {
        const error = Object.assign(new Error('bad device id or secret'), { returnCode: 4 });
        done(error, false);
      };
      if (!username || !password) return fail();
      ingest.authenticateDevice(username, password.toString('utf8')).then(
        (station) => {
          if (!station) return fail();
          stationOf.set(client, station);
          done(null, true);
        },
        (err: unknown) => {
          log.error({ err }, 'device authentication failed');
          done(Object.assign(new Error('server unavailable'), { returnCode: 3 }), false);
        },
      );
    },
    authorizePublish: (client, packet, done) => {
      if (!client) return done(null); // a will published by the broker itself
      const station = stationOf.get(client);
      if (!station) return done(new Error('not authenticated'));
      if (packet.topic.startsWith('$SYS')) return done(new Error('$SYS is reserved'));
      packet.retain = false; // device messages are readings, not state to keep for late subscribers
      const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
      ingest.acceptDeviceMessage(station, packet.topic, payload).then(
        () => done(null),
        (err: unknown) => done(err instanceof Error ? err : new Error(String(err))),
      );
    },
    // Devices may subscribe below their own topic only (room for downlink commands later).
    authorizeSubscribe: (client, subscription, done) => {
      const station = stationOf.get(client);
      const own = station ? `${MQTT_TOPIC_PREFIX}/${station.code}/` : null;
      done(null, own && subscription.topic.startsWith(own) ? subscription : null);
    },
  });
  broker.on('clientError', (client, err) =>
    log.debug({ client: client.id, err: err.message }, 'mqtt client error'),
  );
  // No Nagle: a PUBACK is a 4-byte write that would otherwise wait for the device's delayed ACK (up to
  // 40 ms on Linux) whenever the previous one is still unacknowledged.
  const server = net.createServer({ noDelay: true }, (socket) => broker.handle(socket));
  const port = await listenFrom(server, options.host, options.port);
  const fallbackFrom = options.port !== 0 && port !== options.port ? options.port : null;
  log.debug(
    { port, topic: readingsTopicOf({ code: '{设备编号}' } as CachedStation) },
    'embedded MQTT broker listening',
  );
  return {
    url: `mqtt://${options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host}:${port}`,
    kind: 'embedded',
    port,
    fallbackFrom,
    close: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The URL without credentials, for messages. */
export function redactMqttUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}${u.port ? `:${u.port}` : ''}`;
  } catch {
    return '(unparseable URL)';
  }
}

export async function startExternalSubscriber(
  ingest: IngestService,
  options: {
    url: string;
    clientId: string;
    subscribers: number;
    log: Logger;
    connectTimeoutMs?: number;
    /** How long the broker keeps the session (and queues for it) while we are away; default a day. */
    sessionExpirySeconds?: number;
  },
): Promise<MqttRunning> {
  const { log } = options;
  const n = Math.max(1, options.subscribers);
  const topic =
    n > 1 ? `$share/${options.clientId}/${MQTT_TOPIC_PREFIX}/+/readings` : `${MQTT_TOPIC_PREFIX}/+/readings`;
  const clients: MqttClient[] = [];
  const connectOne = (clientId: string) =>
    new Promise<MqttClient>((resolve, reject) => {
      const client = mqtt.connect(options.url, {
        clientId,
        clean: false,
        protocolVersion: 5,
        // A persistent session that outlives a restart (a day), so QoS 1 messages queue at the broker.
        properties: { sessionExpiryInterval: options.sessionExpirySeconds ?? 86_400, receiveMaximum: 65_535 },
        reconnectPeriod: 1000,
        connectTimeout: options.connectTimeoutMs ?? 10_000,
        customHandleAcks: (t, message, _packet, done) => {
          ingest.acceptBrokerMessage(t, message).then(
            () => done(0),
            (err: unknown) => {
              // No PUBACK: drop the connection so the broker re-delivers on the resumed session.
              log.error({ err }, 'could not store an MQTT message; reconnecting for re-delivery');
              done(err instanceof Error ? err : new Error(String(err)));
              client.stream?.destroy();
            },
          );
        },
      });
      let settled = false;
      client.on('error', (err) => {
        if (!settled) {
          settled = true;
          client.end(true);
          reject(err);
        } else log.warn({ err: err.message }, 'mqtt subscriber error');
      });
      client.on('connect', (connack) => {
        // A resumed session keeps its subscription; subscribing again is harmless and covers a new one.
        client.subscribe(topic, { qos: 1 }, (err) => {
          if (settled) return;
          settled = true;
          if (err) {
            client.end(true);
            reject(err);
          } else resolve(client);
        });
        if (connack.sessionPresent) log.debug({ clientId }, 'resumed MQTT session');
      });
    });
  try {
    for (let i = 0; i < n; i += 1)
      clients.push(await connectOne(n > 1 ? `${options.clientId}-${i + 1}` : options.clientId));
  } catch (err) {
    await Promise.all(clients.map((c) => c.endAsync()));
    throw err;
  }
  return {
    url: redactMqttUrl(options.url),
    kind: 'external',
    port: null,
    fallbackFrom: null,
    close: async () => {
      await Promise.all(clients.map((c) => c.endAsync()));
    },
  };
}
