/**
 * Issue #4 part 2, generic connectors on both drivers: a periodic HTTP pull of JSON from a (real, local)
 * department system and a CSV drop folder, both through a field mapping into the normal ingest — scope,
 * checks, quarantine with source `connector`, idempotency — with the result kept on the connector.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { ConnectorView } from '@ningan/domain';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { T0, useTestContext, XINNING, ZAOSHENG } from '../test/context.ts';
import { forEachDriver } from '../test/db.ts';
import { newStation } from '../test/monitoring.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ningan-connectors-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

forEachDriver('generic connectors: HTTP pull and CSV drop (issue #4 part 2)', (driver) => {
  const ctx = useTestContext(driver, { env: { DATA_DIR: path.join(dataDir, driver.name) } });
  let server: http.Server;
  let url = '';
  let body = '';
  let status = 200;
  let seenKey: string | undefined;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seenKey = req.headers['x-api-key'] as string | undefined;
      res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/rsvr`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
  });

  const values = async (sensorId: string) =>
    (
      await ctx.services.monitoring.series(ctx.actor(await ctx.newUser()), sensorId, {
        from: '2026-03-02T00:00:00+08:00',
        to: '2026-03-02T10:00:00+08:00',
        tier: 'raw',
        maxPoints: 100,
      })
    ).points.map((p) => p.value);

  it('pulls a department system’s JSON on demand and maps it; a record outside the connector’s township is refused', async () => {
    const officer = ctx.actor(await ctx.newUser({ roles: ['duty_officer'] }));
    const mine = await newStation(ctx, {
      kind: 'water_level',
      sensors: [{ metric: 'water_level', validMin: 900, validMax: 1000 }, { metric: 'rainfall' }],
    });
    const theirs = await newStation(ctx, {
      regionCode: ZAOSHENG,
      lon: 107.75,
      lat: 35.35,
      sensors: [{ metric: 'rainfall' }],
    });
    const connector: ConnectorView = await ctx.services.monitoring.createConnector(officer, {
      kind: 'http_pull',
      name: '水务局水雨情系统',
      regionCode: XINNING,
      mapping: {
        items: 'data.list',
        device: 'stcd',
        ts: 'tm',
        values: { water_level: 'z', rainfall: 'drp' },
      },
      settings: { url, headers: { 'x-api-key': 'k-123' }, intervalSeconds: 60 },
    });
    expect(connector.settings).toMatchObject({ url, headers: { 'x-api-key': '***' } });
    body = JSON.stringify({
      data: {
        list: [
          { stcd: mine.code, tm: '2026-03-02 08:00:00', z: 952.4, drp: 1.5 },
          { stcd: mine.code, tm: '2026-03-02 08:05:00', z: '952.6', drp: '' },
          { stcd: theirs.code, tm: '2026-03-02 08:00:00', drp: 2 },
          { stcd: mine.code, tm: '2026-03-02 08:10:00', z: 9999 },
        ],
      },
    });
    const first = await ctx.services.monitoring.runConnector(officer, connector.id);
    expect(first).toMatchObject({ ok: true, records: 4, accepted: 3, duplicates: 0, quarantined: 2 });
    expect(seenKey).toBe('k-123');
    expect(await values(mine.sensorId('water_level'))).toEqual([952.4, 952.6]);
    const again = await ctx.services.monitoring.runConnector(officer, connector.id);
    expect(again).toMatchObject({ accepted: 0, duplicates: 3 }); // the same document again changes nothing
    const q = await ctx.services.monitoring.listQuarantine(officer, { page: 1, pageSize: 50 });
    const fromConnector = q.items.filter((i) => i.source === 'connector');
    expect(fromConnector.map((i) => i.reason).sort()).toEqual([
      'out_of_range',
      'out_of_range',
      'wrong_device',
      'wrong_device',
    ]);
    // A broken answer is recorded on the connector (and a body that is not JSON quarantined).
    body = '<html>维护中</html>';
    expect(await ctx.services.monitoring.runConnector(officer, connector.id)).toMatchObject({
      ok: false,
      message: '拉取的内容不是 JSON（已隔离）',
    });
    status = 503;
    expect(await ctx.services.monitoring.runConnector(officer, connector.id)).toMatchObject({
      ok: false,
      message: 'HTTP 503',
    });
    status = 200;
    const [listed] = (await ctx.services.monitoring.listConnectors(officer)).filter(
      (c) => c.id === connector.id,
    );
    expect(listed!.lastRun).toMatchObject({ ok: false, message: 'HTTP 503' });
    const actions = (await ctx.auditRows()).filter((r) => r.entityId === connector.id).map((r) => r.action);
    expect(actions).toEqual(['connector.create']);
    expect(JSON.stringify((await ctx.auditRows()).at(-1))).not.toContain('k-123');
  });

  it('reads CSV files dropped into its folder, moves them to processed/, quarantines bad rows and unreadable files', async () => {
    const officer = ctx.actor(await ctx.newUser({ roles: ['duty_officer'] }));
    const station = await newStation(ctx, {
      kind: 'weather',
      sensors: [{ metric: 'air_temperature' }, { metric: 'rainfall' }],
    });
    const connector = await ctx.services.monitoring.createConnector(officer, {
      kind: 'csv_drop',
      name: '气象局自动站',
      mapping: { device: '站号', ts: '观测时间', values: { air_temperature: '气温', rainfall: '雨量' } },
    });
    expect(connector.dropDir).toBe(path.join(dataDir, driver.name, 'drop', connector.id));
    fs.writeFileSync(
      path.join(connector.dropDir!, '2026030209.csv'),
      `\uFEFF站号,观测时间,气温,雨量\n${station.code},2026-03-02 08:50,-3.5,0\n${station.code},2026-03-02 08:55,-3.4,\n${station.code},2026-03-02 09:00,很冷,0.2\nNOBODY,2026-03-02 09:00,1,1\n`,
    );
    fs.writeFileSync(path.join(connector.dropDir!, 'broken.csv'), Buffer.from([0xff, 0xfe, 0x00, 0x41]));
    fs.writeFileSync(path.join(connector.dropDir!, 'notes.txt'), 'not a csv: left alone');
    const r = await ctx.services.monitoring.runConnector(officer, connector.id);
    expect(r).toMatchObject({ ok: true, records: 4, accepted: 4, quarantined: 3 });
    expect(await values(station.sensorId('air_temperature'))).toEqual([-3.5, -3.4]);
    expect(await values(station.sensorId('rainfall'))).toEqual([0, 0.2]);
    expect(fs.readdirSync(connector.dropDir!).sort()).toEqual(['failed', 'notes.txt', 'processed']);
    expect(fs.readdirSync(path.join(connector.dropDir!, 'processed'))).toEqual([
      `${T0.toISOString().replace(/[:.]/g, '-')}-2026030209.csv`,
    ]);
    expect(fs.readdirSync(path.join(connector.dropDir!, 'failed'))).toHaveLength(1);
    const q = await ctx.services.monitoring.listQuarantine(officer, { page: 1, pageSize: 50 });
    const reasons = q.items.filter((i) => i.source === 'connector').map((i) => `${i.reason}`);
    expect(reasons).toEqual(expect.arrayContaining(['bad_value', 'unknown_device', 'bad_shape']));
    // Nothing new: the next run reads no file.
    expect(await ctx.services.monitoring.runConnector(officer, connector.id)).toMatchObject({
      ok: true,
      records: 0,
    });
  });

  it('the schedule runs an enabled connector once its interval has passed, and a disabled one never', async () => {
    const officer = ctx.actor(await ctx.newUser({ roles: ['duty_officer'] }));
    const on = await ctx.services.monitoring.createConnector(officer, {
      kind: 'csv_drop',
      name: '定时投放',
      mapping: { device: 'd', ts: 't', values: { rainfall: 'r' } },
    });
    const off = await ctx.services.monitoring.createConnector(officer, {
      kind: 'csv_drop',
      name: '停用的投放',
      enabled: false,
      mapping: { device: 'd', ts: 't', values: { rainfall: 'r' } },
    });
    const stop = ctx.services.monitoring.connectors.schedule(20);
    try {
      const deadline = Date.now() + 10_000;
      let list: ConnectorView[] = [];
      while (Date.now() < deadline) {
        list = await ctx.services.monitoring.listConnectors(officer);
        if (list.find((c) => c.id === on.id)?.lastRun) break;
        await new Promise((res) => setTimeout(res, 20));
      }
      expect(list.find((c) => c.id === on.id)!.lastRun).toMatchObject({ ok: true, at: T0.toISOString() });
      expect(list.find((c) => c.id === off.id)!.lastRun).toBeNull();
    } finally {
      stop();
    }
  });

  it('changes and deletes a connector, audited; settings are checked against its kind', async () => {
    const officer = ctx.actor(await ctx.newUser({ roles: ['duty_officer'] }));
    const c = await ctx.services.monitoring.createConnector(officer, {
      kind: 'http_pull',
      name: '林草局火情系统',
      mapping: { device: 'id', ts: 'time', values: { fire_hotspot: 'conf' } },
      settings: { url: 'https://example.org/hotspots', headers: { authorization: 'Bearer s3cret' } },
    });
    const changed = await ctx.services.monitoring.updateConnector(officer, c.id, {
      enabled: false,
      settings: { url: 'https://example.org/v2/hotspots', intervalSeconds: 600 },
    });
    expect(changed).toMatchObject({
      enabled: false,
      settings: { url: 'https://example.org/v2/hotspots', intervalSeconds: 600 },
    });
    await expect(
      ctx.services.monitoring.updateConnector(officer, c.id, { settings: { url: 'file:///etc/passwd' } }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      details: [{ path: 'settings.url' }],
    });
    await ctx.services.monitoring.deleteConnector(officer, c.id);
    await expect(ctx.services.monitoring.runConnector(officer, c.id)).rejects.toMatchObject({
      code: 'not_found',
    });
    const rows = (await ctx.auditRows()).filter((r) => r.entityId === c.id);
    expect(rows.map((r) => r.action)).toEqual(['connector.create', 'connector.update', 'connector.delete']);
    expect(JSON.stringify(rows)).not.toContain('s3cret');
  });

  it('re-saving the form with the masked header value keeps the stored API key; a masked value for a new header is refused', async () => {
    const officer = ctx.actor(await ctx.newUser({ roles: ['duty_officer'] }));
    const c = await ctx.services.monitoring.createConnector(officer, {
      kind: 'http_pull',
      name: '水务局水雨情系统（二）',
      regionCode: XINNING,
      mapping: { items: 'data', device: 'stcd', ts: 'tm', values: { rainfall: 'drp' } },
      settings: { url, headers: { 'x-api-key': 'k-777' }, intervalSeconds: 60 },
    });
    body = JSON.stringify({ data: [] });
    // What the form sends back: everything as shown, the key still masked, one header added.
    const saved = await ctx.services.monitoring.updateConnector(officer, c.id, {
      name: '水务局水雨情系统（改）',
      settings: {
        ...c.settings,
        headers: { 'x-api-key': '***', 'x-client': 'ningan' },
        intervalSeconds: 120,
      },
    });
    expect(saved.settings).toMatchObject({
      intervalSeconds: 120,
      headers: { 'x-api-key': '***', 'x-client': '***' },
    });
    seenKey = undefined;
    expect(await ctx.services.monitoring.runConnector(officer, c.id)).toMatchObject({ ok: true });
    expect(seenKey).toBe('k-777');
    // A header that was never stored cannot be "kept": its value must be typed.
    await expect(
      ctx.services.monitoring.updateConnector(officer, c.id, {
        settings: { url, headers: { 'x-api-key': '***', 'x-token': '***' } },
      }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      details: [{ path: 'settings.headers.x-token' }],
    });
    // A new value replaces the key.
    await ctx.services.monitoring.updateConnector(officer, c.id, {
      settings: { url, headers: { 'x-api-key': 'k-888' } },
    });
    seenKey = undefined;
    await ctx.services.monitoring.runConnector(officer, c.id);
    expect(seenKey).toBe('k-888');
    expect(JSON.stringify((await ctx.auditRows()).filter((r) => r.entityId === c.id))).not.toMatch(
      /k-777|k-888/,
    );
  });

  it('connectors are scoped: a township officer sees only its own and cannot aim one at another township', async () => {
    const zs = ctx.actor(
      await ctx.newUser({ roles: ['township_officer'], scope: { level: 'township', regionCode: ZAOSHENG } }),
    );
    await expect(
      ctx.services.monitoring.createConnector(zs, {
        kind: 'csv_drop',
        name: '越权投放',
        regionCode: XINNING,
        mapping: { device: 'd', ts: 't', values: { rainfall: 'r' } },
      }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      details: [{ path: 'regionCode', message: '超出本人管辖范围' }],
    });
    expect(
      (await ctx.services.monitoring.listConnectors(zs)).every((c) => c.regionCode.startsWith(ZAOSHENG)),
    ).toBe(true);
  });
});
