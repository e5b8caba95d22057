/**
 * Issue #4 part 1: the device registry — stations and sensors, defaults from the metric catalogue,
 * every problem listed, jurisdiction like the ledger, audit in the same transaction, secrets shown once.
 */
import { AppError, creditCodeCheckChar, CreateEnterpriseRequest, type ErrorDetail } from '@ningan/domain';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { stations } from '../db/schema/index.ts';
import { sha256Hex } from '../lib/crypto.ts';
import { COUNTY, townshipScope, useTestContext, XINNING, ZAOSHENG } from '../test/context.ts';
import { forEachDriver } from '../test/db.ts';
import { beijing, IN_COUNTY, newStation, payload } from '../test/monitoring.ts';

async function problemsOf(p: Promise<unknown>): Promise<ErrorDetail[]> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('validation_failed');
    return (err as AppError).details ?? [];
  }
  throw new Error('expected validation_failed');
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return (err as AppError).code;
  }
  return 'ok';
}

forEachDriver('device registry (issue #4 part 1)', (driver) => {
  const ctx = useTestContext(driver);

  it('registers a water-level station with 警戒/保证水位; sensor defaults come from the catalogue; the secret is shown once and stored as a hash', async () => {
    const officer = await ctx.newUser({ roles: ['duty_officer'] });
    const before = await ctx.auditCount();
    const { station, secret } = await ctx.services.monitoring.createStation(ctx.actor(officer), {
      code: 'WL-XN-001',
      name: '马莲河新宁水位站',
      kind: 'water_level',
      regionCode: XINNING,
      ...IN_COUNTY,
      sensors: [
        { metric: 'water_level', validMin: 900, validMax: 1000, warningStage: 952.5, guaranteedStage: 954 },
        { metric: 'rainfall' },
      ],
    });
    expect(station).toMatchObject({ code: 'WL-XN-001', kind: 'water_level', enabled: true, quarantined: 0 });
    expect(station.health).toMatchObject({ status: 'never', lastSeenAt: null });
    const level = station.sensors.find((s) => s.metric === 'water_level')!;
    expect(level).toMatchObject({
      unit: 'm',
      warningStage: 952.5,
      guaranteedStage: 954,
      samplingSeconds: 300,
    });
    const rain = station.sensors.find((s) => s.metric === 'rainfall')!;
    // Catalogue defaults: rainfall in mm, valid 0–300 per reading, the station kind's sampling interval.
    expect(rain).toMatchObject({
      unit: 'mm',
      validMin: 0,
      validMax: 300,
      samplingSeconds: 300,
      warningStage: null,
    });
    expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const [row] = await ctx.db.select().from(stations).where(eq(stations.id, station.id));
    expect(row!.secretHash).toBe(sha256Hex(secret));
    expect(JSON.stringify(row)).not.toContain(secret);
    // One audit row, written with the station, naming its sensors and not the secret.
    const rows = await ctx.auditRows();
    expect(rows.length).toBe(before + 1);
    expect(rows.at(-1)).toMatchObject({
      action: 'station.create',
      entityId: station.id,
      regionCode: XINNING,
    });
    expect(JSON.stringify(rows.at(-1)!.details)).not.toContain(secret);
    expect(await ctx.services.ingest.authenticateDevice('WL-XN-001', secret)).not.toBeNull();
    expect(await ctx.services.ingest.authenticateDevice('WL-XN-001', 'wrong')).toBeNull();
  });

  it('rejects a bad station with every problem listed at once (STANDARDS.md §8: 保证水位 ≥ 警戒水位)', async () => {
    const officer = await ctx.newUser({ roles: ['duty_officer'] });
    const details = await problemsOf(
      ctx.services.monitoring.createStation(ctx.actor(officer), {
        code: 'a/b',
        name: '站',
        kind: 'volcano',
        regionCode: XINNING,
        lon: 107.93,
        lat: 35.5,
        sensors: [
          { metric: 'water_level', warningStage: 10, guaranteedStage: 8 },
          { metric: 'water_level' },
          { metric: 'rainfall', warningStage: 3, validMin: 5, validMax: 1 },
        ],
      }),
    );
    const paths = details.map((d) => d.path).sort();
    expect(paths).toEqual(['code', 'kind', 'name'].sort());
    // With the shape fixed, the cross-field rules all show in one answer.
    const again = await problemsOf(
      ctx.services.monitoring.createStation(ctx.actor(officer), {
        code: 'WL-BAD-1',
        name: '坏站点',
        kind: 'water_level',
        regionCode: XINNING,
        ...IN_COUNTY,
        sensors: [
          { metric: 'water_level', validMin: 0, validMax: 100, warningStage: 10, guaranteedStage: 8 },
          { metric: 'water_level' },
          { metric: 'rainfall', warningStage: 3, validMin: 5, validMax: 1 },
        ],
      }),
    );
    expect(again.map((d) => d.path).sort()).toEqual(
      [
        'sensors.0.guaranteedStage',
        'sensors.1.metric',
        'sensors.2.validMax',
        'sensors.2.warningStage',
      ].sort(),
    );
  });

  it('checks place and links: a region outside the county, a point outside it, a taken device id', async () => {
    const officer = await ctx.newUser({ roles: ['duty_officer'] });
    const taken = await newStation(ctx);
    const details = await problemsOf(
      ctx.services.monitoring.createStation(ctx.actor(officer), {
        code: taken.code,
        name: '县外站点',
        kind: 'rain_gauge',
        regionCode: '621027100',
        lon: 110,
        lat: 30,
        ownerDepartmentId: '00000000-0000-4000-8000-000000000000',
      }),
    );
    expect(details.map((d) => d.path).sort()).toEqual(
      ['code', 'lon', 'ownerDepartmentId', 'regionCode', 'regionCode'].sort(),
    );
  });

  it('jurisdiction: a township officer registers and sees only its own township; others get not_found', async () => {
    const xn = await ctx.newUser({ roles: ['township_officer'], scope: townshipScope(XINNING) });
    const zs = await ctx.newUser({ roles: ['township_officer'], scope: townshipScope(ZAOSHENG) });
    const mine = await newStation(ctx, { regionCode: XINNING });
    const details = await problemsOf(
      ctx.services.monitoring.createStation(ctx.actor(zs), {
        code: 'ZS-OUT-1',
        name: '越权站点',
        kind: 'rain_gauge',
        regionCode: XINNING,
        ...IN_COUNTY,
      }),
    );
    expect(details).toContainEqual({ path: 'regionCode', message: '超出本人管辖范围' });
    expect(await codeOf(ctx.services.monitoring.getStation(ctx.actor(zs), mine.station.id))).toBe(
      'not_found',
    );
    expect(
      await codeOf(ctx.services.monitoring.updateStation(ctx.actor(zs), mine.station.id, { name: '改名' })),
    ).toBe('not_found');
    expect((await ctx.services.monitoring.getStation(ctx.actor(xn), mine.station.id)).code).toBe(mine.code);
    const zsList = await ctx.services.monitoring.listStations(ctx.actor(zs), { page: 1, pageSize: 200 });
    expect(zsList.items.map((s) => s.id)).not.toContain(mine.station.id);
    // A viewer reads but may not write.
    const viewer = await ctx.newUser({ roles: ['viewer'] });
    expect(
      await codeOf(ctx.services.monitoring.updateStation(ctx.actor(viewer), mine.station.id, { name: 'x' })),
    ).toBe('forbidden');
    expect((await ctx.services.monitoring.getStation(ctx.actor(viewer), mine.station.id)).id).toBe(
      mine.station.id,
    );
  });

  it('an enterprise manager registers gas detectors for its own enterprise only, and sees only those', async () => {
    const unit = await ctx.newOrgUnit({ kind: 'enterprise', regionCode: XINNING });
    const manager = await ctx.newUser({
      roles: ['enterprise_manager'],
      scope: { level: 'enterprise', orgUnitId: unit.id, regionCode: XINNING },
    });
    const details = await problemsOf(
      ctx.services.monitoring.createStation(ctx.actor(manager), {
        code: 'GAS-NOENT-1',
        name: '可燃气体探测器',
        kind: 'combustible_gas',
        regionCode: XINNING,
        ...IN_COUNTY,
        sensors: [{ metric: 'combustible_gas' }],
      }),
    );
    expect(details.map((d) => d.path)).toContain('enterpriseId');
    const list = await ctx.services.monitoring.listStations(ctx.actor(manager), { page: 1, pageSize: 50 });
    expect(list.total).toBe(0);
  });

  it('updates, rotates the secret (the old one stops working) and audits each change', async () => {
    const s = await newStation(ctx);
    const officer = await ctx.newUser({ roles: ['duty_officer'] });
    const updated = await ctx.services.monitoring.updateStation(ctx.actor(officer), s.station.id, {
      name: '改名后的雨量站',
      enabled: false,
    });
    expect(updated).toMatchObject({ name: '改名后的雨量站', enabled: false });
    expect(updated.health.status).toBe('disabled');
    expect(await ctx.services.ingest.authenticateDevice(s.code, s.secret)).toBeNull(); // disabled
    await ctx.services.monitoring.updateStation(ctx.actor(officer), s.station.id, { enabled: true });
    const rotated = await ctx.services.monitoring.rotateSecret(ctx.actor(officer), s.station.id);
    expect(rotated.secret).not.toBe(s.secret);
    expect(await ctx.services.ingest.authenticateDevice(s.code, s.secret)).toBeNull();
    expect(await ctx.services.ingest.authenticateDevice(s.code, rotated.secret)).not.toBeNull();
    const actions = (await ctx.auditRows()).filter((r) => r.entityId === s.station.id).map((r) => r.action);
    expect(actions).toEqual(['station.create', 'station.update', 'station.update', 'station.rotate_secret']);
    const sensor = await ctx.services.monitoring.updateSensor(ctx.actor(officer), s.sensorId('rainfall'), {
      samplingSeconds: 60,
      validMax: 200,
    });
    expect(sensor).toMatchObject({ samplingSeconds: 60, validMax: 200 });
    expect(
      await problemsOf(
        ctx.services.monitoring.updateSensor(ctx.actor(officer), s.sensorId('rainfall'), { warningStage: 5 }),
      ),
    ).toEqual([{ path: 'warningStage', message: '只有水位传感器可设警戒水位' }]);
  });

  it('a station or sensor with stored readings cannot be deleted (disable it instead); an empty one can', async () => {
    const officer = await ctx.newUser({ roles: ['duty_officer'] });
    const used = await newStation(ctx);
    const cached = (await ctx.services.ingest.authenticateDevice(used.code, used.secret))!;
    await ctx.services.ingest.acceptDeviceMessage(
      cached,
      used.topic,
      payload({ metric: 'rainfall', value: 1.5, ts: beijing(ctx.clock.now(), -1) }),
    );
    expect(await codeOf(ctx.services.monitoring.deleteStation(ctx.actor(officer), used.station.id))).toBe(
      'conflict',
    );
    expect(
      await codeOf(ctx.services.monitoring.deleteSensor(ctx.actor(officer), used.sensorId('rainfall'))),
    ).toBe('conflict');
    const empty = await newStation(ctx);
    await ctx.services.monitoring.deleteStation(ctx.actor(officer), empty.station.id);
    expect(await codeOf(ctx.services.monitoring.getStation(ctx.actor(officer), empty.station.id))).toBe(
      'not_found',
    );
    expect(await ctx.services.ingest.authenticateDevice(empty.code, empty.secret)).toBeNull(); // directory invalidated
    const last = (await ctx.auditRows()).at(-1)!;
    expect(last).toMatchObject({ action: 'station.delete', entityId: empty.station.id, regionCode: XINNING });
  });

  it('adds a sensor to a station; a second one for the same metric is refused', async () => {
    const s = await newStation(ctx);
    const officer = await ctx.newUser({ roles: ['duty_officer'] });
    const added = await ctx.services.monitoring.addSensor(ctx.actor(officer), s.station.id, {
      metric: 'air_temperature',
    });
    expect(added).toMatchObject({ metric: 'air_temperature', unit: '℃', validMin: -60, validMax: 60 });
    expect(
      await problemsOf(
        ctx.services.monitoring.addSensor(ctx.actor(officer), s.station.id, { metric: 'rainfall' }),
      ),
    ).toEqual([{ path: 'metric', message: '该站点已有此监测项的传感器' }]);
    // The new sensor is known to the ingest right away (the directory was invalidated).
    const cached = (await ctx.services.ingest.authenticateDevice(s.code, s.secret))!;
    expect(cached.sensors.has('air_temperature')).toBe(true);
  });

  it('lists by kind, metric and region, county-wide for a county user', async () => {
    await newStation(ctx, { kind: 'weather', sensors: [{ metric: 'wind_speed' }, { metric: 'rainfall' }] });
    const officer = await ctx.newUser({ roles: ['duty_officer'] });
    const weather = await ctx.services.monitoring.listStations(ctx.actor(officer), {
      page: 1,
      pageSize: 200,
      kind: 'weather',
    });
    expect(weather.items.length).toBeGreaterThanOrEqual(1);
    expect(weather.items.every((s) => s.kind === 'weather')).toBe(true);
    const wind = await ctx.services.monitoring.listStations(ctx.actor(officer), {
      page: 1,
      pageSize: 200,
      metric: 'wind_speed',
    });
    expect(wind.items.every((s) => s.sensors.some((x) => x.metric === 'wind_speed'))).toBe(true);
    const county = await ctx.services.monitoring.listStations(ctx.actor(officer), {
      page: 1,
      pageSize: 200,
      regionCode: COUNTY,
    });
    expect(county.total).toBeGreaterThanOrEqual(weather.total);
  });

  it('a station names what it monitors: the ledger record with its registry, or the enterprise', async () => {
    const officer = ctx.actor(await ctx.newUser({ roles: ['duty_officer'] }));
    const slope = await ctx.services.ledger.create(officer, 'geo-hazards', {
      name: '西山滑坡',
      regionCode: XINNING,
      ...IN_COUNTY,
      attrs: { kind: '滑坡', scale: '中型', monitor: '钱七', monitorPhone: '13900000077' },
    });
    const first17 = '91621026MA1000777';
    const enterprise = await ctx.services.enterprises.createEnterprise(
      officer,
      CreateEnterpriseRequest.parse({
        name: '宁县示范化工有限公司',
        creditCode: `${first17}${creditCodeCheckChar(first17)!}`,
        industry: '工贸',
        scale: '规下',
        regionCode: XINNING,
        ...IN_COUNTY,
      }),
    );
    const onSlope = await newStation(ctx, {
      kind: 'gnss',
      ledgerRecordId: slope.id,
      sensors: [{ metric: 'displacement' }],
    });
    const atPlant = await newStation(ctx, {
      kind: 'combustible_gas',
      enterpriseId: enterprise.id,
      sensors: [{ metric: 'combustible_gas' }],
    });
    const bare = await newStation(ctx);
    expect(onSlope.station).toMatchObject({
      ledgerRecordId: slope.id,
      ledgerRegistry: 'geo-hazards',
      ledgerRecordName: '西山滑坡',
      enterpriseId: null,
      enterpriseName: null,
    });
    expect(atPlant.station).toMatchObject({
      ledgerRecordId: null,
      ledgerRegistry: null,
      ledgerRecordName: null,
      enterpriseId: enterprise.id,
      enterpriseName: '宁县示范化工有限公司',
    });
    expect(bare.station).toMatchObject({
      ledgerRegistry: null,
      ledgerRecordName: null,
      enterpriseName: null,
    });
    // The list resolves them in one go, and a renamed record shows its new name.
    await ctx.services.ledger.update(officer, 'geo-hazards', slope.id, { name: '西山滑坡（东段）' });
    const list = await ctx.services.monitoring.listStations(officer, { page: 1, pageSize: 200 });
    const byId = new Map(list.items.map((x) => [x.id, x]));
    expect(byId.get(onSlope.station.id)).toMatchObject({ ledgerRecordName: '西山滑坡（东段）' });
    expect(byId.get(atPlant.station.id)).toMatchObject({ enterpriseName: '宁县示范化工有限公司' });
  });
});

describe('device registry permissions (issue #4)', () => {
  it('monitoring:read for every business role, monitoring:write for the ones that maintain devices', async () => {
    const { hasPermission, ROLES } = await import('@ningan/domain');
    const writers = ROLES.filter((r) => hasPermission([r], 'monitoring:write'));
    expect(writers.sort()).toEqual(
      ['department_user', 'duty_officer', 'enterprise_manager', 'township_officer'].sort(),
    );
    expect(hasPermission(['viewer'], 'monitoring:read')).toBe(true);
    expect(hasPermission(['audit_admin'], 'monitoring:read')).toBe(false);
  });
});
