import { describe, expect, it } from 'vitest';
import { createDeviceBroker, deviceBrokerAddress } from './device-broker.ts';
import type { MqttRunning } from './mqtt.ts';

const embedded = { enabled: true, url: null, host: '0.0.0.0', port: 1883, publicUrl: null };

const running = (port: number, fallbackFrom: number | null): MqttRunning => ({
  url: `mqtt://localhost:${port}`,
  kind: 'embedded',
  port,
  fallbackFrom,
  close: async () => undefined,
});

describe('the MQTT address devices are told to use', () => {
  it('the embedded broker: the port it really listens on (the next free one when MQTT_PORT was taken), no host for a wildcard address', () => {
    expect(deviceBrokerAddress(embedded, null)).toEqual({ url: null, port: 1883, source: 'embedded' });
    expect(deviceBrokerAddress(embedded, running(1884, 1883))).toEqual({
      url: null,
      port: 1884,
      source: 'embedded',
    });
    expect(deviceBrokerAddress({ ...embedded, host: '10.20.30.40' }, running(1884, 1883))).toEqual({
      url: 'mqtt://10.20.30.40:1884',
      port: 1884,
      source: 'embedded',
    });
  });

  it('an external broker: its host and port, never its credentials; the default port of the scheme', () => {
    expect(
      deviceBrokerAddress({ ...embedded, url: 'mqtt://ingest:pa55w0rd@mq.example.gov.cn:11883' }, null),
    ).toEqual({ url: 'mqtt://mq.example.gov.cn:11883', port: 11883, source: 'external' });
    expect(deviceBrokerAddress({ ...embedded, url: 'mqtts://user:pw@mq.example.gov.cn' }, null)).toEqual({
      url: 'mqtts://mq.example.gov.cn:8883',
      port: 8883,
      source: 'external',
    });
    // A broker on this machine: devices reach it by the console's host name.
    const local = deviceBrokerAddress({ ...embedded, url: 'mqtt://u:p@127.0.0.1:1883' }, null);
    expect(local).toEqual({ url: null, port: 1883, source: 'external' });
    expect(JSON.stringify(local)).not.toContain('u:p');
  });

  it('MQTT_PUBLIC_URL wins over both; MQTT disabled answers null', () => {
    expect(
      deviceBrokerAddress(
        { ...embedded, url: 'mqtt://u:p@127.0.0.1:1883', publicUrl: 'mqtt://iot.ningxian.gov.cn:21883' },
        null,
      ),
    ).toEqual({ url: 'mqtt://iot.ningxian.gov.cn:21883', port: 21883, source: 'public' });
    expect(deviceBrokerAddress({ ...embedded, enabled: false }, null)).toBeNull();
  });

  it('answers the configured port until the ingest runtime attaches the running broker', () => {
    const broker = createDeviceBroker({
      ...embedded,
      clientId: 'x',
      subscribers: 1,
      sessionExpirySeconds: 0,
    });
    expect(broker.address()?.port).toBe(1883);
    broker.attach(running(1890, 1883));
    expect(broker.address()?.port).toBe(1890);
  });
});
