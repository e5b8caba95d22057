/** Issue #4: the monitoring variables are parsed with the rest, every bad one named at once. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { problemsOf } from './test/config.ts';

describe('monitoring configuration (issue #4)', () => {
  it('defaults: embedded broker on 1883 (bound like HTTP), group commit, retention per tier', () => {
    const c = loadConfig({ HOST: '127.0.0.1' }).monitoring;
    expect(c.mqtt).toEqual({
      enabled: true,
      port: 1883,
      host: '127.0.0.1',
      url: null,
      publicUrl: null,
      clientId: 'ningan-ingest',
      subscribers: 4,
      sessionExpirySeconds: 86_400,
    });
    expect(c.ingest).toEqual({
      batchMaxReadings: 10_000,
      batchMaxWaitMs: 10,
      maxPayloadBytes: 262_144,
      maxFutureSeconds: 300,
    });
    expect(c.retention).toEqual({ rawDays: 90, minuteDays: 400, hourDays: 3650, quarantineDays: 30 });
  });

  it('names every bad monitoring variable at once', () => {
    const problems = problemsOf({
      MQTT_PORT: '70000',
      MQTT_URL: 'http://broker',
      MQTT_ENABLED: 'maybe',
      INGEST_BATCH_MAX_READINGS: '0',
      RETENTION_RAW_DAYS: 'ninety',
    });
    expect(problems.map((p) => p.slice(0, p.indexOf('='))).sort()).toEqual(
      ['INGEST_BATCH_MAX_READINGS', 'MQTT_ENABLED', 'MQTT_PORT', 'MQTT_URL', 'RETENTION_RAW_DAYS'].sort(),
    );
  });

  it('a coarser tier is kept at least as long as the finer one', () => {
    const problems = problemsOf({
      RETENTION_RAW_DAYS: '100',
      RETENTION_1M_DAYS: '30',
      RETENTION_1H_DAYS: '20',
    });
    expect(problems.map((p) => p.slice(0, p.indexOf('='))).sort()).toEqual([
      'RETENTION_1H_DAYS',
      'RETENTION_1M_DAYS',
    ]);
    expect(problems[0]).toMatch(/RETENTION_1M_DAYS="30"/);
  });

  it('an external broker with credentials in the URL', () => {
    const c = loadConfig({ MQTT_URL: 'mqtt://ningan:secret@10.0.0.5:1883', MQTT_PORT: '0' }).monitoring.mqtt;
    expect(c).toMatchObject({ url: 'mqtt://ningan:secret@10.0.0.5:1883', port: 0 });
  });

  it('MQTT_PUBLIC_URL: the address devices are told to use, without credentials', () => {
    expect(
      loadConfig({ MQTT_PUBLIC_URL: 'mqtt://iot.ningxian.gov.cn:21883' }).monitoring.mqtt.publicUrl,
    ).toBe('mqtt://iot.ningxian.gov.cn:21883');
    expect(loadConfig({}).monitoring.mqtt.publicUrl).toBeNull();
    const problems = problemsOf({ MQTT_PUBLIC_URL: 'mqtt://user:pw@iot.ningxian.gov.cn:21883' });
    expect(problems.map((p) => p.slice(0, p.indexOf('=')))).toEqual(['MQTT_PUBLIC_URL']);
  });
});
